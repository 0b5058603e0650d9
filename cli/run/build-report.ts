import type { Environment } from '../../harness/environment-types.js';
import { summarizeOutcome } from '../../harness/outcome.js';
import type { MatrixRun } from '../../harness/run-matrix.js';
import { explainCell } from '../../reports/explain/index.js';
import { type Report, type RunOptionsRecord, reportSchema } from '../../reports/report.js';

/** What a report records about the run besides its cells. */
export interface RunFacts {
  id: string;
  startedAt: Date;
  finishedAt: Date;
  plannedCells: number;
  toolVersion: string;
  /** The --label given, or null. */
  label: string | null;
  options: RunOptionsRecord;
}

/** Assemble the report object from a finished (or interrupted) run. */
export const buildReport = (run: MatrixRun, facts: RunFacts, environment: Environment): Report => ({
  schema: reportSchema,
  run: {
    id: facts.id,
    startedAt: facts.startedAt.toISOString(),
    finishedAt: facts.finishedAt.toISOString(),
    complete: run.complete,
    plannedCells: facts.plannedCells,
    tool: { name: 'sockmatrix', version: facts.toolVersion },
    label: facts.label,
    options: facts.options,
  },
  environment,
  cells: run.results.map(({ cell, outcome, durationMs, outcomes }) => {
    const reported = {
      id: cell.id,
      transport: cell.transport,
      server: cell.server,
      client: cell.client,
      outcome,
      durationMs,
      // Only a repeated run has repeats: a report of one pass stays as it was.
      ...((facts.options.repeat ?? 1) > 1 ? { repeats: outcomes.map(summarizeOutcome) } : {}),
    };
    const explanation = explainCell(reported, environment);
    return explanation === undefined ? reported : { ...reported, explanation };
  }),
});
