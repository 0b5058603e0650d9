// The runtimes whose agents can play a side of a cell. Data only: the names the matrix, the cell ids,
// validation and the report schema use. How each is started is harness/runtimes/.

/** Every runtime, by name: the keys are the `Runtime` type. */
export const runtimes = {
  node: { title: 'Node.js' },
  python: { title: 'Python' },
  // A user's own program (--server-cmd, --client-cmd), named custom:<name> in cells; it speaks no protocol.
  program: { title: 'your own program' },
} as const satisfies Record<string, { title: string }>;

/** A runtime's name, e.g. `node`. */
export type Runtime = keyof typeof runtimes;

/** The runtime the built-in matrix uses, whose name cell ids leave out. */
export const defaultRuntime: Runtime = 'node';
