// The kinds of cell the matrix holds. Data only: the names; how each kind runs and is classified is harness/kinds/.

/** Every cell kind, by name: the keys are the `CellKind` type. */
export const cellKinds = {
  pair: { title: 'a server and a client dialing it' },
  coexist: { title: 'two servers on one port, and which of them each target reaches' },
} as const satisfies Record<string, { title: string }>;

/** A cell kind's name, e.g. `pair`. */
export type CellKind = keyof typeof cellKinds;

/** Every cell kind's name, in the order runs and reports list them. */
export const cellKindNames = Object.keys(cellKinds) as CellKind[];
