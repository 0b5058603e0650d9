import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliScript, nodeAgents } from '../harness/agent-paths.js';
import { runInNamespace } from '../harness/namespace-runner.js';
import type { Outcome } from '../harness/outcome.js';
import { runMatrix } from '../harness/run-matrix.js';
import { defaultTimeouts } from '../harness/timeouts.js';
import type { Cell } from '../matrix/dimensions.js';
import type { Profile } from '../matrix/profiles.js';
import { parseReport } from '../reports/parse-report.js';

// One profile's matrix, timed: the host in this process, a shaped profile as sockmatrix runs it,
// the CLI inside a fresh namespace (so its namespace set-up and extra start-up are in the time).

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
    const run = await runMatrix(cells, { agents: nodeAgents, timeouts: defaultTimeouts, concurrency, signal });
    return tally(
      profile.name,
      performance.now() - started,
      run.results.map(({ outcome }) => outcome),
      run.complete,
    );
  }
  const scratch = await mkdtemp(join(tmpdir(), 'sockmatrix-bench-'));
  try {
    const command = [process.execPath, cliScript, '--json', '--out', scratch, '--concurrency', String(concurrency)];
    const result = await runInNamespace(profile.shape, command, {
      signal,
      env: { ...process.env, GITHUB_ACTIONS: '' },
      onStderr: () => {},
    });
    const ms = performance.now() - started;
    const parsed = parseReport(result.stdout);
    if (!parsed.ok) throw new Error(`the ${profile.name} run gave no report (status ${result.exitCode}): ${result.stderr.slice(-500)}`);
    return tally(
      profile.name,
      ms,
      parsed.report.cells.map(({ outcome }) => outcome),
      parsed.report.run.complete,
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
};
