import type { PairReportCell } from '../report.js';

// A repro snippet: a minimal program that plays one side of a cell the way that side's runtime does, for a
// person to paste into a ticket and run to see the same result.

/** The port every program listens on or dials, as a constant at its top for a person to change. */
export const snippetPort = 3000;

/** One side of a cell as a runnable program. */
export interface Snippet {
  /** The runtime whose program this is, e.g. `node`, `python`. */
  runtime: string;
  side: 'server' | 'client';
  /** The language, for syntax highlighting: `javascript`, `python`, or `shell` for a user's own program's command. */
  language: 'javascript' | 'python' | 'shell';
  /** The program: standard library only, the port as a constant near the top. */
  code: string;
  /** How to run it, e.g. `node server.mjs` or `python3 client.py`. */
  run: string;
}

/** A cell's two programs: its server's and its client's, each in its own side's runtime. */
export type CellSnippets = (cell: SnippetCell) => { server: Snippet; client: Snippet } | null;

/** The fields of a pairing its programs are written from: programs are written for pairings only (a two-servers cell has none). */
export type SnippetCell = Pick<PairReportCell, 'id' | 'transport' | 'server' | 'client'>;

/** How one runtime writes each side of a cell as its own program: an entry of the registry in index.ts. */
export interface SideWriters {
  server: (cell: SnippetCell) => Snippet;
  client: (cell: SnippetCell) => Snippet;
}
