import { summarizeOutcome } from '../harness/cell-outcome.js';
import type { Environment } from '../harness/environment-types.js';
import type { Transport } from '../matrix/dimensions.js';
import { type OutcomeSummary, sameSummary } from '../matrix/outcome-summary.js';
import type { Report } from './report.js';
import { reportName } from './text/environment-name.js';

// Two reports compared cell by cell: a model for the diff renderers, not a layout.

/** One side of a diff: which report, and the machine it was made on. */
export interface DiffSide {
  /** The label, or the fingerprint name when the run had none. */
  name: string;
  /** Where the report was read from. */
  source: string;
  runId: string;
  complete: boolean;
  environment: Environment;
}

/** A cell both reports hold, with a different outcome in each. */
export interface ChangedCell {
  cellId: string;
  transport: Transport;
  a: OutcomeSummary;
  b: OutcomeSummary;
}

/** A cell only one report holds. */
export interface LoneCell {
  cellId: string;
  transport: Transport;
  outcome: OutcomeSummary;
}

/** What differs between report A and report B. */
export interface ReportDiff {
  a: DiffSide;
  b: DiffSide;
  /** Cells in both reports whose status, phase or code differ, in A's order. */
  changed: ChangedCell[];
  /** How many cells both reports hold with the same outcome. */
  sameCount: number;
  onlyInA: LoneCell[];
  onlyInB: LoneCell[];
  /** True when both hold the same cells with the same outcomes. */
  identical: boolean;
}

const side = (report: Report, source: string): DiffSide => ({
  name: reportName(report),
  source,
  runId: report.run.id,
  complete: report.run.complete,
  environment: report.environment,
});

/** Compare two reports by cell id: what changed, what is the same, and what only one of them holds. */
export const diffReports = (a: { report: Report; source: string }, b: { report: Report; source: string }): ReportDiff => {
  const bCells = new Map(b.report.cells.map((cell) => [cell.id, cell]));
  const aIds = new Set(a.report.cells.map((cell) => cell.id));
  const changed: ChangedCell[] = [];
  const onlyInA: LoneCell[] = [];
  let sameCount = 0;
  for (const cell of a.report.cells) {
    const aOutcome = summarizeOutcome(cell.outcome);
    const other = bCells.get(cell.id);
    if (other === undefined) onlyInA.push({ cellId: cell.id, transport: cell.transport, outcome: aOutcome });
    else {
      const bOutcome = summarizeOutcome(other.outcome);
      if (sameSummary(aOutcome, bOutcome)) sameCount += 1;
      else changed.push({ cellId: cell.id, transport: cell.transport, a: aOutcome, b: bOutcome });
    }
  }
  const onlyInB = b.report.cells
    .filter((cell) => !aIds.has(cell.id))
    .map((cell) => ({ cellId: cell.id, transport: cell.transport, outcome: summarizeOutcome(cell.outcome) }));
  return {
    a: side(a.report, a.source),
    b: side(b.report, b.source),
    changed,
    sameCount,
    onlyInA,
    onlyInB,
    identical: changed.length === 0 && onlyInA.length === 0 && onlyInB.length === 0,
  };
};
