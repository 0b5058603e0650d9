import type { Environment } from '../harness/environment-types.js';
import type { Outcome } from '../harness/outcome.js';
import type { Timeouts } from '../harness/timeouts.js';
import type { ClientEndpoint, ServerEndpoint, Transport } from '../matrix/dimensions.js';

// The report object: the contract between the harness, every renderer and every user's CI script.
// Its JSON Schema is reports/report.schema.json; change both on purpose, with the version.

/** The schema name and version every report.json carries. */
export const reportSchema = 'sockmatrix/report@1';

/** The options a run was made with, as recorded in its report. */
export interface RunOptionsRecord {
  matrix: string;
  transports: Transport[];
  /** The server and client filters given, empty when none. */
  servers: string[];
  clients: string[];
  concurrency: number;
  timeouts: Timeouts;
}

/** The run itself: when, how, and whether it finished. */
export interface RunRecord {
  id: string;
  startedAt: string;
  finishedAt: string;
  /** False when the run was interrupted: the report then holds only the cells that finished. */
  complete: boolean;
  /** How many cells the run set out to try. */
  plannedCells: number;
  tool: { name: 'sockmatrix'; version: string };
  options: RunOptionsRecord;
}

/** One cell as reported: what was paired, and what came of it. */
export interface ReportCell {
  id: string;
  transport: Transport;
  server: ServerEndpoint;
  client: ClientEndpoint;
  outcome: Outcome;
  durationMs: number;
}

/** A complete, self-describing record of one run. */
export interface Report {
  schema: typeof reportSchema;
  run: RunRecord;
  environment: Environment;
  cells: ReportCell[];
}
