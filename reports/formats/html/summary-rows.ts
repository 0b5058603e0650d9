import type { OutcomeSummary } from '../../../matrix/outcome-summary.js';
import { htmlText } from './escape.js';
import { summaryChip } from './status-chip.js';

// Rows of cells by outcome, for the pages that compare reports (diff, merge): each cell id, then its outcome in
// each report side by side. Their models hold outcomes in brief only, so these rows open no evidence.

/** One row: the cell, its outcome in each column, and an optional mark before it (merge's ≠). */
export interface SummaryRow {
  mark?: string;
  cellId: string;
  outcomes: readonly (OutcomeSummary | null)[];
}

/** A table of rows under column headings (already markup, e.g. a name with its environment as a title). */
export const summaryTable = (headings: readonly string[], rows: readonly SummaryRow[], withMark: boolean): string => {
  const head = [...(withMark ? ['<th scope="col"><span class="visually-hidden">differs</span></th>'] : []), '<th scope="col">cell</th>']
    .concat(headings.map((heading) => `<th scope="col" class="outcome">${heading}</th>`))
    .join('');
  const body = rows
    .map((row) => {
      const mark = withMark ? [`<td class="mark">${htmlText(row.mark ?? '')}</td>`] : [];
      const outcomes = row.outcomes.map((outcome) => `<td class="outcome">${summaryChip(outcome)}</td>`);
      const differs = row.mark !== undefined && row.mark !== '' ? ' class="differs"' : '';
      return `<tr${differs}>${[...mark, `<td class="cell-id">${htmlText(row.cellId)}</td>`, ...outcomes].join('')}</tr>`;
    })
    .join('\n');
  return `<div class="rows-scroll"><table class="rows"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
};
