import { setMaxListeners } from 'node:events';
import type { Cell } from '../matrix/dimensions.js';
import type { CellOutcome } from './cell-outcome.js';
import { stopForkServers } from './fork-server.js';
import { runCell } from './kinds/index.js';
import type { CellResult } from './kinds/kind.js';
import { runPool } from './pool.js';
import { programServersFor } from './programs/server-sessions.js';
import type { AgentChooser } from './runtimes/index.js';
import type { Timeouts } from './timeouts.js';

/** How to run a list of cells. */
export interface MatrixRunOptions {
  agents: AgentChooser;
  timeouts: Timeouts;
  concurrency: number;
  signal: AbortSignal;
  /** How many times to run each cell, each time with fresh agents (--repeat); 1 when absent. */
  repeat?: number;
  /** Called as each run of a cell finishes, in completion order; doneCount counts runs. */
  onCellDone?: (result: CellResult, doneCount: number) => void;
}

/** A cell's result: its first run, and the outcome of every run that finished, the first included. */
export type MatrixCellResult = CellResult & { outcomes: CellOutcome[] };

/** The results of a run: every cell with a finished run, in matrix order, and whether every run of every cell finished. */
export interface MatrixRun {
  results: MatrixCellResult[];
  complete: boolean;
}

/** Run every cell through the pool; an abort stops new cells, kills running ones and keeps what finished. */
export const runMatrix = async (cells: readonly Cell[], options: MatrixRunOptions): Promise<MatrixRun> => {
  // Every live agent listens on the signal: two per running cell, more than Node's default warning limit of 10.
  setMaxListeners(2 * options.concurrency + 10, options.signal);
  const repeat = options.repeat ?? 1;
  // Pass after pass over the matrix rather than one cell N times in a row: a cell's runs are spread over the run,
  // so one moment of load cannot make them all agree, and an interrupted run still has a first pass.
  const runs = Array.from({ length: repeat }, () => cells).flat();
  let doneCount = 0;
  // A user's server is started once per row and pass, and whatever is left running is stopped at the end.
  const programServers = cells.some((cell) => cell.kind === 'pair' && cell.server.program !== undefined)
    ? programServersFor(cells, { startupMs: options.timeouts.startupMs, signal: options.signal })
    : undefined;
  const cellOptions = programServers === undefined ? options : { ...options, programServers };
  const results = await runPool(
    runs,
    options.concurrency,
    async (cell) => {
      const result = await runCell(cell, cellOptions);
      // A cell cut short by an abort says nothing about the pairing: it is left out.
      if (options.signal.aborted) return undefined;
      doneCount += 1;
      options.onCellDone?.(result, doneCount);
      return result;
    },
    options.signal,
    // The run's fork servers too: started at their runtime's first agent, they end with the run.
  ).finally(() => Promise.all([programServers?.stopAll(), stopForkServers()]));
  const perCell = cells.flatMap((_, cellIndex): MatrixCellResult[] => {
    const finished = Array.from({ length: repeat }, (_, pass) => results[pass * cells.length + cellIndex]).filter(
      (result): result is CellResult => result !== undefined,
    );
    const [first] = finished;
    return first === undefined ? [] : [{ ...first, outcomes: finished.map((result): CellOutcome => result.outcome) }];
  });
  return { results: perCell, complete: results.every((result) => result !== undefined) };
};
