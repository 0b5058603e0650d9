import type { ProgramRuntimeDefinition } from '../../harness/programs/prepare-program.js';
import type { UserRuntimeDefinition } from '../../harness/runtimes/user-runtime.js';
import { clientsOf, serversOf } from '../../matrix/cell-sides.js';
import { matrixWith } from '../../matrix/default-matrix.js';
import type { Cell } from '../../matrix/dimensions.js';
import { expandMatrix } from '../../matrix/expand.js';
import { filterCells, normalizeCellId } from '../../matrix/filters.js';
import { matrixWithPrograms } from '../../matrix/program-matrix.js';
import { runtimes } from '../../matrix/runtimes.js';
import { askedRuntimes, cellFilter, type RunOptions } from '../run-options.js';
import { UsageError } from '../usage-error.js';
import { programRuntimes, programSidesOf } from './program-sides.js';
import { readRuntimesFile } from './runtimes-file.js';

// What a run will do, settled from its options before anything runs: the user's runtimes read, the matrix
// built with them, the filters applied, and every runtime the command line names known.

/** The cells of a run, the matrix they come from, and the runtimes a user added. */
export interface RunPlan {
  cells: Cell[];
  matrixName: string;
  userRuntimes: UserRuntimeDefinition[];
  /** The user's own programs (--server-cmd, --client-cmd), each a runtime custom:<name>. */
  programRuntimes: ProgramRuntimeDefinition[];
}

const uniqueAddresses = (endpoints: readonly { address: string }[]): string =>
  [...new Set(endpoints.map((endpoint) => endpoint.address))].join(', ');

/** The number of single-character edits between two strings (Levenshtein). */
const editDistance = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
};

/** The three ids nearest to a mistyped one, for a message. */
const nearestIds = (cells: readonly Cell[], id: string): string[] => {
  const wanted = normalizeCellId(id);
  return cells
    .map((cell) => ({ id: cell.id, distance: editDistance(normalizeCellId(cell.id), wanted) }))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 3)
    .map((near) => near.id);
};

/** Plan a run; throws UsageError for an unknown runtime or filters that leave no cell. */
export const planRun = (options: RunOptions): RunPlan => {
  const userRuntimes = options.runtimesFile === null ? [] : readRuntimesFile(options.runtimesFile);
  const programs = programSidesOf(options);
  const programDefinitions = programRuntimes(programs);
  const known = [
    ...Object.keys(runtimes).filter((name) => name !== 'program'),
    ...userRuntimes.map((user) => user.name),
    ...programDefinitions.map((program) => program.name),
  ];
  for (const name of askedRuntimes(options)) {
    if (known.includes(name)) continue;
    const addYours = userRuntimes.length === 0 ? ' (add your own with --runtimes-file)' : '';
    throw new UsageError(`--runtime ${name}: no such runtime. Known: ${known.join(', ')}${addYours}.`);
  }
  const matrix = matrixWithPrograms(matrixWith(userRuntimes), programs);
  const all = expandMatrix(matrix);
  for (const id of options.cell) {
    if (all.some((cell) => normalizeCellId(cell.id) === normalizeCellId(id))) continue;
    throw new UsageError(
      `--cell '${id}': no such cell. Ids are as --list prints them; the nearest: ${nearestIds(all, id)
        .map((near) => `'${near}'`)
        .join(', ')}.`,
    );
  }
  const cells = filterCells(all, cellFilter(options));
  if (cells.length === 0) {
    throw new UsageError(
      `no cell matches these filters. Server addresses in the matrix: ${uniqueAddresses(all.flatMap(serversOf))}; client targets: ${uniqueAddresses(all.flatMap(clientsOf))}. A filter may also be words of a label in the grids, e.g. --server '::1 v6only', --client 'localhost autoselect=off', --server udp6; --list shows every cell id.`,
    );
  }
  return { cells, matrixName: matrix.name, userRuntimes, programRuntimes: programDefinitions };
};
