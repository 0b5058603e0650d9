import { runShapedProfile } from '../cli/run/profile-run.js';
import { parseRun, type RunOptions } from '../cli/run-options.js';
import type { Outcome } from '../harness/outcome.js';
import { runMatrix } from '../harness/run-matrix.js';
import { agentsOf, prepareRuntimes } from '../harness/runtimes/index.js';
import { defaultTimeouts } from '../harness/timeouts.js';
import type { Cell } from '../matrix/dimensions.js';
import type { Profile } from '../matrix/profiles.js';

// One profile's matrix, timed: the host in this process, a shaped profile as sockmatrix runs it,
// the CLI inside a fresh namespace (so its namespace set-up and extra start-up are in the time).

// The options of a plain `npm run matrix`: the whole default matrix, default limits, no check.
const defaultCommand = parseRun([]);
const benchOptions: RunOptions | null = defaultCommand.kind === 'run' ? defaultCommand.options : null;

/** What one profile's run took, and what in it waited. */
export interface ProfileTiming {
  profile: string;
  ms: number;
  timedOutCells: number;
  harnessErrors: number;
  complete: boolean;
}

const tally = (profile: string, ms: number, outcomes: readonly Outcome[], complete: boolean): ProfileTiming => ({
  profile,
  ms: Math.round(ms),
  timedOutCells: outcomes.filter((outcome) => outcome.status === 'failed' && outcome.code === 'ETIMEDOUT').length,
  harnessErrors: outcomes.filter((outcome) => outcome.status === 'harness-error').length,
  complete,
});

/** Time the whole matrix under one profile. */
export const timeProfile = async (
  profile: Profile,
  cells: readonly Cell[],
  concurrency: number,
  signal: AbortSignal,
): Promise<ProfileTiming> => {
  const started = performance.now();
  if (profile.shape === null) {
    const agents = agentsOf(await prepareRuntimes(['node'], { python: null }));
    const run = await runMatrix(cells, { agents, timeouts: defaultTimeouts, concurrency, signal });
    return tally(
      profile.name,
      performance.now() - started,
      run.results.map(({ outcome }) => outcome),
      run.complete,
    );
  }
  if (benchOptions === null) throw new Error('sockmatrix bug: an empty command line is not a run');
  // Timed as sockmatrix runs it: namespace set-up, the CLI inside, its report back (no --check, so no expectation file).
  const shaped = await runShapedProfile(profile, { ...benchOptions, concurrency }, '', signal);
  const ms = performance.now() - started;
  if ('reason' in shaped) throw new Error(`the ${profile.name} run gave no report: ${shaped.reason}`);
  return tally(
    profile.name,
    ms,
    shaped.report.cells.map(({ outcome }) => outcome),
    shaped.report.run.complete,
  );
};
