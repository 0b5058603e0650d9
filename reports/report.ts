import type { Environment } from '../harness/environment-types.js';
import type { ResolverMode } from '../harness/local-resolver.js';
import type { Outcome } from '../harness/outcome.js';
import type { Timeouts } from '../harness/timeouts.js';
import type { ClientEndpoint, ServerEndpoint, Transport } from '../matrix/dimensions.js';
import type { CellVerdict } from '../matrix/expectations.js';
import type { OutcomeSummary } from '../matrix/outcome-summary.js';
import type { SetupDifference } from './setup-fingerprint.js';

// The report object: the contract between the harness, every renderer and every user's CI script.
// Its JSON Schema is reports/report.schema.json; change both on purpose, with the version.

/** The schema name and version every report.json carries. */
export const reportSchema = 'sockmatrix/report@1.3';

/** The options a run was made with, as recorded in its report. */
export interface RunOptionsRecord {
  matrix: string;
  transports: Transport[];
  /** The server and client filters given, empty when none. */
  servers: string[];
  clients: string[];
  concurrency: number;
  timeouts: Timeouts;
  /** How many times each cell ran (--repeat); 1 by default. */
  repeat?: number;
  /** The runtime filters given (--runtime, --server-runtime, --client-runtime), empty when none; absent before report@1.1. */
  runtimes?: string[];
  serverRuntimes?: string[];
  clientRuntimes?: string[];
  /** How names were to resolve (--resolver); absent before report@1.2. environment.resolver says how they did. */
  resolver?: ResolverMode;
}

/** A profile as a report records it. */
export interface ProfileRecord {
  name: string;
  imitates: string;
  fidelity: string;
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
  /** A name for this environment given with --label (e.g. macos-14-node20); null when none. */
  label?: string | null;
  /** The simulated platform this run was made in (--profile), with the environment measured inside it; absent for the host. */
  profile?: ProfileRecord;
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
  /** With --repeat N: every run's outcome in brief, the first being `outcome`; absent otherwise. */
  repeats?: OutcomeSummary[];
  /** Why the cell came out as it did and what to change: every cell that did not connect, and the connected ones that surprise people. */
  explanation?: Explanation;
}

/** A cell's outcome in plain words, derived from what both sides observed by one rule of reports/explain/. */
export interface Explanation {
  /** The rule that explained it, or `unexplained` where no rule applies (then `why` says so, never a guessed story). */
  rule: string;
  /** One or two plain sentences of why. */
  why: string;
  /** What to change, each alternative one sentence; empty for a note on a connected cell. */
  change: string[];
}

/** The result of --check: which expectations were used and every cell's verdict. */
export interface CheckRecord {
  /** The expectation file, as a path relative to the working directory (with `/`), or absolute when outside it, with the home folder written `<home>`. */
  expectations: string;
  /** The platform key the file was chosen by, e.g. `linux`. */
  platform: string;
  verdicts: CellVerdict[];
  /** The runtimes of this run that the expectation file does not cover (recorded before they joined); absent before 1.1. */
  uncoveredRuntimes?: string[];
  /** What differs between the setup the expectation file was recorded on and this one; absent before 1.2, empty when nothing does or the file recorded no setup. */
  setupDifferences?: SetupDifference[];
}

/** A complete, self-describing record of one run. */
export interface Report {
  schema: typeof reportSchema;
  run: RunRecord;
  environment: Environment;
  cells: ReportCell[];
  /** Present when the run was made with --check. */
  check?: CheckRecord;
}
