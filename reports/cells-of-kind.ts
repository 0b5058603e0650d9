import type { CoexistReportCell, PairReportCell, Report, ReportCell } from './report.js';

// A report's cells of one kind, for the renderers that show each kind its own way (grids, evidence).

/** The pairings of a report, in report order. */
export const pairCellsOf = (cells: readonly ReportCell[]): PairReportCell[] =>
  cells.filter((cell): cell is PairReportCell => cell.kind !== 'coexist');

/** The two-servers cells of a report, in report order. */
export const coexistCellsOf = (cells: readonly ReportCell[]): CoexistReportCell[] =>
  cells.filter((cell): cell is CoexistReportCell => cell.kind === 'coexist');

/** Whether a report holds any two-servers cell. */
export const hasCoexistCells = (report: Report): boolean => report.cells.some((cell) => cell.kind === 'coexist');
