import { summarizeOutcome } from '../../../harness/cell-outcome.js';
import { runtimeName } from '../../../matrix/dimensions.js';
import { type CoexistGrid, coexistGridName, coexistKeyLine, coexistSummary } from '../../coexist-grid.js';
import { describeSummary } from '../../text/check-section.js';
import { absentSymbol } from '../../text/codes.js';
import { htmlText } from './escape.js';
import type { CellIndexes } from './grid-table.js';
import { statusMark } from './status-chip.js';

// Two servers on one port as an HTML table: the first listener down, the second across, each cell a button that opens
// both servers' evidence and who answered each target. The page's script filters and opens it as it does a pairing grid.

/** The table of one two-servers grid, with its heading, totals and the key of its marks; `idPrefix` keeps element ids apart. */
export const coexistGridBlock = (grid: CoexistGrid, indexes: CellIndexes, idPrefix: string): string => {
  const name = coexistGridName(grid);
  const head = grid.columns
    .map((column) => `<th scope="col" data-cr=""><span class="col-label">${htmlText(column.label)}</span></th>`)
    .join('');
  const body = grid.rows
    .map((row, rowIndex) => {
      const tds = grid.columns.map((column, columnIndex) => {
        const cell = grid.cells[rowIndex]?.[columnIndex] ?? null;
        const index = cell === null ? undefined : indexes.atId(cell.id);
        if (cell === null || index === undefined) {
          return `<td><span class="absent" title="not in this report">${absentSymbol({ ascii: false })}</span></td>`;
        }
        const summary = summarizeOutcome(cell.outcome);
        const flag = indexes.flag(index);
        const label = `${row.label} + ${column.label}: ${describeSummary(summary)}${flag === null ? '' : ` (check: ${flag})`}`;
        const classes = ['cell', summary.status, ...(flag === null ? [] : [flag])].join(' ');
        return `<td><button type="button" class="${classes}" data-cell="${index}" data-status="${htmlText(summary.status)}" title="${htmlText(label)}" aria-label="${htmlText(label)}">${statusMark(cell.outcome)}</button></td>`;
      });
      return `<tr data-sr="${htmlText(runtimeName(row.server))}"><th scope="row">${htmlText(row.label)}</th>${tds.join('')}</tr>`;
    })
    .join('\n');
  const key = coexistKeyLine(grid);
  return [
    `<section class="grid-block" id="${htmlText(`${idPrefix}coexist-${grid.transport}-${grid.runtimes.replace(/\W+/g, '-')}`)}" data-transport="${htmlText(grid.transport)}">`,
    `<h3>Two servers, ${htmlText(name)} <span class="sub">rows = first listener, columns = second listener, on one port</span></h3>`,
    `<p class="counts">${htmlText(coexistSummary(grid))}</p>`,
    `<div class="grid-scroll" role="region" aria-label="two servers, ${htmlText(name)} grid" tabindex="-1">`,
    `<table class="grid"><thead><tr><th scope="col" class="corner">first \\ second</th>${head}</tr></thead>`,
    `<tbody>\n${body}\n</tbody></table></div>`,
    ...(key === null ? [] : [`<p class="key">${htmlText(key)}</p>`]),
    '</section>',
  ].join('\n');
};
