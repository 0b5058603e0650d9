import type { CellSnippets } from './snippet.js';

// The repro snippets of a cell, by the runtime of each side: written in issue 10 (reports/snippets/<runtime>.ts).

/** A cell's server and client programs; null until a runtime can write them. */
export const cellSnippets: CellSnippets = () => null;
