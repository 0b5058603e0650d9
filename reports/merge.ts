import { summarizeOutcome } from '../harness/cell-outcome.js';
import type { Environment } from '../harness/environment-types.js';
import type { Transport } from '../matrix/dimensions.js';
import { checkPassed } from '../matrix/expectations.js';
import { type OutcomeSummary, sameSummary } from '../matrix/outcome-summary.js';
import type { Report } from './report.js';
import { reportName, uniqueNames } from './text/environment-name.js';

// Many reports as one cross-platform table: rows are cells, columns are environments. A model, not a layout.

/** A report to merge, and where it was read from. */
export interface MergeInput {
  source: string;
  report: Report;
}

/** One column of the merge: an environment, named by its label or fingerprint, unique among the columns. */
export interface MergedEnvironment {
  name: string;
  source: string;
  runId: string;
  label: string | null;
  complete: boolean;
  environment: Environment;
  /** How its run's --check came out, or null where the run checked nothing (no --check, or it recorded a first file). */
  check: MergedCheck | null;
}

/** A report's check in brief: what a merged table says of it. */
export interface MergedCheck {
  expectations: string;
  passed: boolean;
  deviated: number;
  flaky: number;
}

/** A report's check in brief. */
export const mergedCheck = (report: Report): MergedCheck | null => {
  const { check } = report;
  if (check === undefined) return null;
  const count = (kind: 'deviated' | 'flaky'): number => check.verdicts.filter((verdict) => verdict.kind === kind).length;
  return { expectations: check.expectations, passed: checkPassed(check.verdicts), deviated: count('deviated'), flaky: count('flaky') };
};

/**
 * How a cell behaves across the environments: `same` everywhere, `differs` somewhere, or `partial`:
 * the same wherever it ran, but missing from some report (a filter, or an interrupted run).
 */
export type Behaviour = 'same' | 'differs' | 'partial';

/** One row: a cell's outcome in each environment (null where that report lacks the cell). */
export interface MergedCell {
  cellId: string;
  transport: Transport;
  outcomes: (OutcomeSummary | null)[];
  behaviour: Behaviour;
}

/** A report left out of the merge, and why. */
export interface SkippedReport {
  source: string;
  reason: string;
}

/** The merge: its columns, its rows in matrix order, how they add up, and what was left out. */
export interface MergeResult {
  environments: MergedEnvironment[];
  cells: MergedCell[];
  counts: Record<Behaviour, number> & { cells: number };
  skipped: SkippedReport[];
}

/** How a row behaves, from its outcomes in each environment. */
export const behaviourOf = (outcomes: readonly (OutcomeSummary | null)[]): Behaviour => {
  const present = outcomes.filter((outcome): outcome is OutcomeSummary => outcome !== null);
  const [first] = present;
  if (first !== undefined && present.some((outcome) => !sameSummary(first, outcome))) return 'differs';
  return present.length < outcomes.length ? 'partial' : 'same';
};

/** Every cell id, each report's order kept: a cell new in a later report goes after the cell it follows there. */
const cellOrder = (reports: readonly Report[]): { cellId: string; transport: Transport }[] => {
  const order: { cellId: string; transport: Transport }[] = [];
  const position = (cellId: string): number => order.findIndex((entry) => entry.cellId === cellId);
  for (const report of reports) {
    let after = -1;
    for (const cell of report.cells) {
      const found = position(cell.id);
      if (found === -1) {
        order.splice(after + 1, 0, { cellId: cell.id, transport: cell.transport });
        after += 1;
      } else after = found;
    }
  }
  return order;
};

/** Merge reports into one table; a report of a run already merged (same run id and label, e.g. through `latest`) is left out. */
export const mergeReports = (inputs: readonly MergeInput[], skipped: readonly SkippedReport[] = []): MergeResult => {
  const kept: MergeInput[] = [];
  const left: SkippedReport[] = [...skipped];
  for (const input of inputs) {
    const { id, label } = input.report.run;
    const earlier = kept.find(({ report }) => report.run.id === id && (report.run.label ?? null) === (label ?? null));
    if (earlier === undefined) kept.push(input);
    else left.push({ source: input.source, reason: `is the same run as ${earlier.source} (run ${id}): merged once` });
  }

  const names = uniqueNames(kept.map(({ report }) => reportName(report)));
  const environments = kept.map(({ source, report }, index) => ({
    name: names[index] ?? reportName(report),
    source,
    runId: report.run.id,
    label: report.run.label ?? null,
    complete: report.run.complete,
    environment: report.environment,
    check: mergedCheck(report),
  }));
  const outcomesById = kept.map(({ report }) => new Map(report.cells.map((cell) => [cell.id, summarizeOutcome(cell.outcome)])));
  const cells = cellOrder(kept.map(({ report }) => report)).map(({ cellId, transport }) => {
    const outcomes = outcomesById.map((outcomes) => outcomes.get(cellId) ?? null);
    return { cellId, transport, outcomes, behaviour: behaviourOf(outcomes) };
  });
  const count = (behaviour: Behaviour): number => cells.filter((cell) => cell.behaviour === behaviour).length;
  return {
    environments,
    cells,
    counts: { cells: cells.length, same: count('same'), differs: count('differs'), partial: count('partial') },
    skipped: left,
  };
};
