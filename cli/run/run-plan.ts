import type { UserRuntimeDefinition } from '../../harness/runtimes/user-runtime.js';
import { matrixWith } from '../../matrix/default-matrix.js';
import type { Cell } from '../../matrix/dimensions.js';
import { expandMatrix } from '../../matrix/expand.js';
import { filterCells } from '../../matrix/filters.js';
import { runtimes } from '../../matrix/runtimes.js';
import { askedRuntimes, cellFilter, type RunOptions } from '../run-options.js';
import { UsageError } from '../usage-error.js';
import { readRuntimesFile } from './runtimes-file.js';

// What a run will do, settled from its options before anything runs: the user's runtimes read, the matrix
// built with them, the filters applied, and every runtime the command line names known.

/** The cells of a run, the matrix they come from, and the runtimes a user added. */
export interface RunPlan {
  cells: Cell[];
  matrixName: string;
  userRuntimes: UserRuntimeDefinition[];
}

const uniqueAddresses = (cells: readonly Cell[], side: 'server' | 'client'): string =>
  [...new Set(cells.map((cell) => cell[side].address))].join(', ');

/** Plan a run; throws UsageError for an unknown runtime or filters that leave no cell. */
export const planRun = (options: RunOptions): RunPlan => {
  const userRuntimes = options.runtimesFile === null ? [] : readRuntimesFile(options.runtimesFile);
  const known = [...Object.keys(runtimes), ...userRuntimes.map((user) => user.name)];
  for (const name of askedRuntimes(options)) {
    if (known.includes(name)) continue;
    const addYours = userRuntimes.length === 0 ? ' (add your own with --runtimes-file)' : '';
    throw new UsageError(`--runtime ${name}: no such runtime. Known: ${known.join(', ')}${addYours}.`);
  }
  const matrix = matrixWith(userRuntimes);
  const all = expandMatrix(matrix);
  const cells = filterCells(all, cellFilter(options));
  if (cells.length === 0) {
    throw new UsageError(
      `no cell matches these filters. Server addresses in the matrix: ${uniqueAddresses(all, 'server')}; client targets: ${uniqueAddresses(all, 'client')}.`,
    );
  }
  return { cells, matrixName: matrix.name, userRuntimes };
};
