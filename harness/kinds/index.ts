import { assertNever } from '../../matrix/assert-never.js';
import type { CellKind } from '../../matrix/cell-kinds.js';
import type { Cell, CellOfKind } from '../../matrix/dimensions.js';
import { coexistKind } from './coexist.js';
import type { CellKindRunner, CellResult, CellRunOptions } from './kind.js';
import { pairKind } from './pair.js';

// Every cell kind's runner, by the kind names of matrix/cell-kinds.ts: adding a kind is its file here and a line.

/** The runner of each kind; the compiler asks for an entry for every `CellKind`. */
export const kinds = {
  pair: pairKind,
  coexist: coexistKind,
} as const satisfies { [Kind in CellKind]: CellKindRunner<CellOfKind<Kind>> };

/** Run one cell, of whatever kind, with the runner its kind names. */
export const runCell = (cell: Cell, options: CellRunOptions): Promise<CellResult> => {
  switch (cell.kind) {
    case 'pair':
      return kinds.pair.run(cell, options);
    case 'coexist':
      return kinds.coexist.run(cell, options);
    default:
      return assertNever(cell);
  }
};
