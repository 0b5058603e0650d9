import { setMaxListeners } from 'node:events';
import { nodeAgents } from '../harness/agent-paths.js';
import { runMatrix } from '../harness/run-matrix.js';
import { defaultTimeouts } from '../harness/timeouts.js';
import { defaultMatrix } from '../matrix/default-matrix.js';
import { expandMatrix } from '../matrix/expand.js';
import { BenchUsageError, parseBenchArgs } from './bench-args.js';
import { runFloor } from './floor.js';

// How much of a matrix run is the cost of starting processes at all: the default matrix against
// the floor of as many bare node processes, at the same concurrency, in the same run.

/** What one bench run measured, in milliseconds where timed. */
interface BenchResult {
  cells: number;
  processes: number;
  concurrency: number;
  matrixMs: number;
  floorMs: number;
  floorRunsMs: [number, number];
  ratio: number;
  /** Cells that waited out a client timeout: these, not process start-up, dominate the wall time. */
  timedOutCells: number;
  harnessErrors: number;
}

const round = (ms: number): number => Math.round(ms);

const main = async (): Promise<void> => {
  let args: ReturnType<typeof parseBenchArgs>;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
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

  // Floor, matrix, floor: the mean of the floors cancels a machine that drifts faster or slower.
  const floorBefore = await runFloor(cells.length, concurrency, signal);
  const matrixStarted = performance.now();
  const run = await runMatrix(cells, { agents: nodeAgents, timeouts: defaultTimeouts, concurrency, signal });
  const matrixMs = performance.now() - matrixStarted;
  const floorAfter = await runFloor(cells.length, concurrency, signal);
  if (signal.aborted || !run.complete) {
    console.error(`bench: interrupted after ${run.results.length} of ${cells.length} cells; no numbers to report.`);
    process.exit(130);
  }

  const floorMs = (floorBefore + floorAfter) / 2;
  const result: BenchResult = {
    cells: cells.length,
    processes: cells.length * 2,
    concurrency,
    matrixMs: round(matrixMs),
    floorMs: round(floorMs),
    floorRunsMs: [round(floorBefore), round(floorAfter)],
    ratio: Math.round((matrixMs / floorMs) * 100) / 100,
    timedOutCells: run.results.filter(({ outcome }) => outcome.status === 'failed' && outcome.code === 'ETIMEDOUT').length,
    harnessErrors: run.results.filter(({ outcome }) => outcome.status === 'harness-error').length,
  };
  console.log(args.json ? JSON.stringify(result, null, 2) : formatResult(result));
};

/** The result as aligned lines for a person. */
const formatResult = (result: BenchResult): string =>
  [
    `cells          ${result.cells}`,
    `processes      ${result.processes} (floor: 2 per cell)`,
    `concurrency    ${result.concurrency}`,
    `matrix         ${result.matrixMs} ms`,
    `floor          ${result.floorMs} ms (mean of ${result.floorRunsMs[0]} ms before and ${result.floorRunsMs[1]} ms after)`,
    `matrix/floor   ${result.ratio.toFixed(2)}`,
    `timed out      ${result.timedOutCells} cells (ETIMEDOUT: each waits out a client timeout)`,
    `harness errors ${result.harnessErrors}`,
  ].join('\n');

main().catch((error: unknown) => {
  console.error('bench: internal error, a bug in sockmatrix; please report it with this trace:');
  console.error(error);
  process.exitCode = 1;
});
