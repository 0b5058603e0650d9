import { setMaxListeners } from 'node:events';
import { chooseProfiles } from '../cli/run/profile-choice.js';
import { UsageError } from '../cli/usage-error.js';
import { checkNamespaceSupport } from '../harness/namespace-runner.js';
import { defaultMatrix } from '../matrix/default-matrix.js';
import { expandMatrix } from '../matrix/expand.js';
import type { Profile } from '../matrix/profiles.js';
import { BenchUsageError, parseBenchArgs } from './bench-args.js';
import { runFloor } from './floor.js';
import { type ProfileTiming, timeProfile } from './profile-timing.js';

// How much of a matrix run is the cost of starting processes at all: the default matrix against
// the floor of as many bare node processes, at the same concurrency, in the same run.

/** What one bench run measured, in milliseconds where timed. */
interface BenchResult {
  cells: number;
  processes: number;
  concurrency: number;
  floorMs: number;
  floorRunsMs: [number, number];
  /** Each profile's matrix, with its ratio to the floor. */
  profiles: Array<ProfileTiming & { ratio: number }>;
}

const main = async (): Promise<void> => {
  let args: ReturnType<typeof parseBenchArgs>;
  let profiles: Profile[];
  try {
    args = parseBenchArgs(process.argv.slice(2));
    profiles = chooseProfiles(args.profiles, []);
  } catch (error) {
    if (!(error instanceof BenchUsageError) && !(error instanceof UsageError)) throw error;
    console.error(`bench: ${error.message}`);
    process.exit(2);
  }

  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const { signal } = controller;
  // execa adds an abort listener per live process, and a running cell has two: past Node's default
  // of 10 that is not a leak, only the pool's width.
  setMaxListeners(2 * args.concurrency + 10, signal);
  const cells = expandMatrix(defaultMatrix);
  const { concurrency } = args;
  if (profiles.some((profile) => profile.shape !== null)) {
    const support = await checkNamespaceSupport();
    if (!support.ok) {
      console.error(`bench: cannot measure shaped profiles here: ${support.reason}`);
      process.exit(2);
    }
  }

  // Floor, profiles, floor: the mean of the floors cancels a machine that drifts faster or slower.
  const floorBefore = await runFloor(cells.length, concurrency, signal);
  const timings: ProfileTiming[] = [];
  for (const profile of profiles) timings.push(await timeProfile(profile, cells, concurrency, signal));
  const floorAfter = await runFloor(cells.length, concurrency, signal);
  if (signal.aborted || timings.some((timing) => !timing.complete)) {
    console.error('bench: interrupted; no numbers to report.');
    process.exit(130);
  }

  const floorMs = (floorBefore + floorAfter) / 2;
  const result: BenchResult = {
    cells: cells.length,
    processes: cells.length * 2,
    concurrency,
    floorMs: Math.round(floorMs),
    floorRunsMs: [Math.round(floorBefore), Math.round(floorAfter)],
    profiles: timings.map((timing) => ({ ...timing, ratio: Math.round((timing.ms / floorMs) * 100) / 100 })),
  };
  console.log(args.json ? JSON.stringify(result, null, 2) : formatResult(result));
};

/** The result as aligned lines for a person. */
const formatResult = (result: BenchResult): string =>
  [
    `cells          ${result.cells} per profile`,
    `processes      ${result.processes} (floor: 2 per cell)`,
    `concurrency    ${result.concurrency}`,
    `floor          ${result.floorMs} ms (mean of ${result.floorRunsMs[0]} ms before and ${result.floorRunsMs[1]} ms after)`,
    '',
    `${'profile'.padEnd(20)} ${'matrix'.padStart(10)} ${'/floor'.padStart(7)}  timed out  harness errors`,
    ...result.profiles.map(
      (row) =>
        `${row.profile.padEnd(20)} ${`${row.ms} ms`.padStart(10)} ${row.ratio.toFixed(2).padStart(7)}  ${String(row.timedOutCells).padStart(9)}  ${String(row.harnessErrors).padStart(14)}`,
    ),
    '',
    'timed out: cells that wait out the client exchange timeout (real findings, e.g. a UDP reply from another source address).',
  ].join('\n');

main().catch((error: unknown) => {
  console.error('bench: internal error, a bug in sockmatrix; please report it with this trace:');
  console.error(error);
  process.exitCode = 1;
});
