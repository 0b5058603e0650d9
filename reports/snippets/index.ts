import type { Runtime } from '../../matrix/runtimes.js';
import { nodeSnippets } from './node.js';
import { programSnippets } from './program.js';
import { pythonSnippets } from './python.js';
import type { CellSnippets, SideWriters } from './snippet.js';

// The repro snippets of a cell, by the runtime of each side: adding a runtime is its file here and a line. A user
// runtime (--runtimes-file) speaks a built-in runtime's dialect, named by its endpoint's `runtime`: that dialect's
// program is the one written.

/** Each runtime's writer of programs; the compiler asks for an entry for every `Runtime`. */
const writers = {
  node: nodeSnippets,
  python: pythonSnippets,
  program: programSnippets,
} as const satisfies Record<Runtime, SideWriters>;

// A report read from a file may name a runtime of a newer sockmatrix, which has no writer here.
const writerOf = (runtime: string): SideWriters | null => (Object.hasOwn(writers, runtime) ? writers[runtime as Runtime] : null);

/** A cell's server and client programs, each in its own side's runtime; null where a side's runtime has no writer here. */
export const cellSnippets: CellSnippets = (cell) => {
  const serverWriter = writerOf(cell.server.runtime);
  const clientWriter = writerOf(cell.client.runtime);
  if (serverWriter === null || clientWriter === null) return null;
  return { server: serverWriter.server(cell), client: clientWriter.client(cell) };
};
