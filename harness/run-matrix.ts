import { setMaxListeners } from 'node:events';
import type { Cell } from '../matrix/dimensions.js';
import type { AgentScripts } from './agent-paths.js';
import { runPool } from './pool.js';
import { type CellResult, runCell } from './run-cell.js';
import type { Timeouts } from './timeouts.js';

/** How to run a list of cells. */
export interface MatrixRunOptions {
  agents: AgentScripts;
  timeouts: Timeouts;
  concurrency: number;
  signal: AbortSignal;
  /** Called as each cell finishes, in completion order. */
  onCellDone?: (result: CellResult, doneCount: number) => void;
}

/** The results of a run: every finished cell in matrix order, and whether all of them ran. */
export interface MatrixRun {
  results: CellResult[];
  complete: boolean;
}

/** Run every cell through the pool; an abort stops new cells, kills running ones and keeps what finished. */
export const runMatrix = async (cells: readonly Cell[], options: MatrixRunOptions): Promise<MatrixRun> => {
  // Every live agent listens on the signal: two per running cell, more than Node's default warning limit of 10.
  setMaxListeners(2 * options.concurrency + 10, options.signal);
  let doneCount = 0;
  const results = await runPool(
    cells,
    options.concurrency,
    async (cell) => {
      const result = await runCell(cell, options);
      // A cell cut short by an abort says nothing about the pairing: it is left out.
      if (options.signal.aborted) return undefined;
      doneCount += 1;
      options.onCellDone?.(result, doneCount);
      return result;
    },
    options.signal,
  );
  const finished = results.filter((result): result is CellResult => result !== undefined);
  return { results: finished, complete: finished.length === cells.length };
};
