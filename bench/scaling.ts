import { type CellKind, cellKindNames } from '../matrix/cell-kinds.js';

// The bench's scaling rows: a quarter, a half and the whole of a row's cells, spread over it (every 4th cell,
// every 2nd), so each part holds the same mix of transports, kinds and runtimes as the whole, and the wall
// time per cell of the three shows whether a run grows linearly with its cells.

/** A part of a row's cells: its label, and which cells it keeps (every nth). */
export interface ScalingPart {
  label: string;
  every: number;
}

/** The parts measured below the whole, smallest first. */
export const scalingParts: readonly ScalingPart[] = [
  { label: '1/4', every: 4 },
  { label: '1/2', every: 2 },
];

/** Every nth item, from the first: `every` 1 is all of them. */
export const everyNth = <Item>(items: readonly Item[], every: number): Item[] => items.filter((_, index) => index % every === 0);

/** How many cells of each kind, in the order kinds are listed, kinds without cells left out: `185 pair + 26 coexist`. */
export const kindCounts = (cells: readonly { kind: CellKind }[]): string =>
  cellKindNames
    .map((kind) => [kind, cells.filter((cell) => cell.kind === kind).length] as const)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(' + ');
