import { noExpectations } from '../cli/run/expectations-use.js';
import { runShapedProfile } from '../cli/run/profile-run.js';
import { parseRun, type RunOptions } from '../cli/run-options.js';
import type { CoexistOutcome } from '../harness/coexist-outcome.js';
import { isCoexistResult } from '../harness/kinds/kind.js';
import type { Outcome } from '../harness/outcome.js';
import { runMatrix } from '../harness/run-matrix.js';
import type { AgentChooser } from '../harness/runtimes/index.js';
import { defaultTimeouts } from '../harness/timeouts.js';
import type { Cell, ClientEndpoint, ServerEndpoint } from '../matrix/dimensions.js';
import type { Profile } from '../matrix/profiles.js';
import type { Runtime } from '../matrix/runtimes.js';

// One row of the bench, timed: a set of cells on the host, in this process, or a shaped profile as sockmatrix
// runs it (the CLI inside a fresh namespace, so its set-up and extra start-up are in the time). Each timing
// also counts the agents each runtime started, which is what that row's floor must start too.

// The options of a plain `npm run matrix`: the whole default matrix, default limits, no check.
const defaultCommand = parseRun([]);
const benchOptions: RunOptions | null = defaultCommand.kind === 'run' ? defaultCommand.options : null;

/** What one timed run took, what in it waited, and how many agents of each runtime it started. */
export interface CellTiming {
  ms: number;
  starts: Partial<Record<Runtime, number>>;
  timedOutCells: number;
  harnessErrors: number;
  complete: boolean;
}

/** A cell with its outcome, of either kind, as a run's results and a report's cells both have it. */
type TimedCell =
  | { kind?: 'pair'; server: ServerEndpoint; client: ClientEndpoint; outcome: Outcome }
  | { kind: 'coexist'; first: ServerEndpoint; second: ServerEndpoint; targets: readonly ClientEndpoint[]; outcome: CoexistOutcome };

// A server that could not bind starts no client (nor a second server): the floor counts the processes the matrix really started.
const agentsStarted = (cell: TimedCell): { runtime: Runtime }[] => {
  const { outcome } = cell;
  if (cell.kind !== 'coexist') {
    return outcome.status === 'failed' && outcome.phase === 'server-bind' ? [cell.server] : [cell.server, cell.client];
  }
  if (outcome.status === 'failed' && outcome.phase === 'first-bind') return [cell.first];
  const clients = outcome.status === 'coexisted' ? cell.targets.slice(0, outcome.observations.answers.length) : [];
  return [cell.first, cell.second, ...clients];
};

const startsOf = (cells: readonly TimedCell[]) => {
  const starts: Partial<Record<Runtime, number>> = {};
  for (const { runtime } of cells.flatMap(agentsStarted)) starts[runtime] = (starts[runtime] ?? 0) + 1;
  return starts;
};

const tally = (ms: number, cells: readonly TimedCell[], complete: boolean): CellTiming => ({
  ms: Math.round(ms),
  starts: startsOf(cells),
  timedOutCells: cells.filter(({ outcome }) => outcome.status === 'failed' && outcome.code === 'ETIMEDOUT').length,
  harnessErrors: cells.filter(({ outcome }) => outcome.status === 'harness-error').length,
  complete,
});

/** Time cells on the host, as a plain run does. */
export const timeCells = async (
  cells: readonly Cell[],
  agents: AgentChooser,
  concurrency: number,
  signal: AbortSignal,
): Promise<CellTiming> => {
  const started = performance.now();
  const run = await runMatrix(cells, { agents, timeouts: defaultTimeouts, concurrency, signal });
  const ms = performance.now() - started;
  return tally(
    ms,
    run.results.map(
      (result): TimedCell =>
        isCoexistResult(result) ? { ...result.cell, outcome: result.outcome } : { ...result.cell, outcome: result.outcome },
    ),
    run.complete,
  );
};

/** Time the whole matrix in a shaped profile's namespace, as sockmatrix runs it. */
export const timeShapedProfile = async (profile: Profile, concurrency: number, signal: AbortSignal): Promise<CellTiming> => {
  if (benchOptions === null) throw new Error('sockmatrix bug: an empty command line is not a run');
  const started = performance.now();
  // No --check, so no expectation file.
  const shaped = await runShapedProfile(profile, { ...benchOptions, concurrency }, noExpectations, signal);
  const ms = performance.now() - started;
  if ('reason' in shaped) throw new Error(`the ${profile.name} run gave no report: ${shaped.reason}`);
  return tally(ms, shaped.report.cells, shaped.report.run.complete);
};
