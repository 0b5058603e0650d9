import type { Grid } from '../grid.js';
import type { Report } from '../report.js';
import { plural } from './plural.js';

// The sentences every renderer prints beside its grids, worded once.

/** One transport's totals: `tcp: 88 cells, 40 connected, 47 failed, 1 harness error`. */
export const transportSummary = (grid: Grid): string => {
  const { counts } = grid;
  const parts = [
    plural(counts.cells, 'cell', 'cells'),
    `${counts.connected} connected`,
    `${counts.failed} failed`,
    plural(counts.harnessError, 'harness error', 'harness errors'),
  ];
  if (counts.absent > 0) parts.push(`${counts.absent} not in this report`);
  return `${grid.transport}: ${parts.join(', ')}`;
};

/** Whether the run finished: `complete, 184 of 184 cells` or `INTERRUPTED after 120 of 184 cells`. */
export const completion = (report: Report): string =>
  `${report.run.complete ? 'complete,' : 'INTERRUPTED after'} ${report.cells.length} of ${report.run.plannedCells} cells`;

/** The run in one line: its id and label, whether it finished, and how it was run. */
export const runLine = (report: Report): string => {
  const { run } = report;
  const label = run.label === undefined || run.label === null ? '' : ` (${run.label})`;
  const repeat = (run.options.repeat ?? 1) > 1 ? `, each cell ${run.options.repeat} times` : '';
  return `Run ${run.id}${label}: ${completion(report)}, concurrency ${run.options.concurrency}${repeat}`;
};
