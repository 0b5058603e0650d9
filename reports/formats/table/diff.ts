// A diff of two reports as box tables for a terminal.

import type { OutcomeSummary } from '../../../matrix/outcome-summary.js';
import type { ChangedCell, DiffSide, LoneCell, ReportDiff } from '../../diff.js';
import type { RenderOptions } from '../../render-options.js';
import { boxTable } from '../../text/box-table.js';
import { summaryCode } from '../../text/codes.js';
import { allSummaries, diffHeadline, interrupted } from '../../text/diff-text.js';
import { environmentLine } from '../../text/environment-name.js';
import { legendLine, summaryLegend } from '../../text/legend.js';
import { legendLines } from '../../text/legend-lines.js';
import { paint } from '../../text/paint.js';
import { plural } from '../../text/plural.js';
import { statusPaint } from '../../text/status-paint.js';

const codes = { ascii: false };

/** A diff as box tables: both sides, the headline, the changed cells, the cells only one side has, the legend. */
export const renderDiffTable = (diff: ReportDiff, options: RenderOptions): string => {
  const code = (summary: OutcomeSummary): string => paint(summaryCode(summary, codes), statusPaint(summary.status), options.color);
  const sideLines = (letter: string, side: DiffSide): string[] => [
    `${paint(letter, 'bold', options.color)}  ${side.name}: ${environmentLine(side.environment)}`,
    `   ${side.source}, run ${side.runId}${interrupted(side)}`,
  ];
  const sections = [[...sideLines('A', diff.a), ...sideLines('B', diff.b)].join('\n'), paint(diffHeadline(diff), 'bold', options.color)];
  if (diff.changed.length > 0) {
    const rows = diff.changed.map((cell: ChangedCell) => [cell.cellId, code(cell.a), code(cell.b)]);
    sections.push(boxTable(['cell', 'A', 'B'], rows, ['left', 'center', 'center']));
  }
  const lone = (letter: string, cells: readonly LoneCell[]): void => {
    if (cells.length === 0) return;
    const rows = cells.map((cell) => [cell.cellId, code(cell.outcome)]);
    sections.push(`Only in ${letter} (${plural(cells.length, 'cell', 'cells')}):\n${boxTable(['cell', letter], rows, ['left', 'center'])}`);
  };
  lone('A', diff.onlyInA);
  lone('B', diff.onlyInB);
  const legend = summaryLegend(allSummaries(diff), codes).map(legendLine);
  if (legend.length > 0) sections.push(legendLines(legend, options.width).join('\n'));
  return `${sections.join('\n\n')}\n`;
};
