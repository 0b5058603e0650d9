import type { Environment } from '../harness/environment-types.js';
import type { MatrixRun } from '../harness/run-matrix.js';
import { type Report, type RunOptionsRecord, reportSchema } from './report.js';

/** What a report records about the run besides its cells. */
export interface RunFacts {
  id: string;
  startedAt: Date;
  finishedAt: Date;
  plannedCells: number;
  toolVersion: string;
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
    options: facts.options,
  },
  environment,
  cells: run.results.map(({ cell, outcome, durationMs }) => ({
    id: cell.id,
    transport: cell.transport,
    server: cell.server,
    client: cell.client,
    outcome,
    durationMs,
  })),
});
