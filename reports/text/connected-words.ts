import type { PairReportCell } from '../report.js';

// What "connected" means in a cell: the echo of the token came back between two agents; with a user's own program it
// is what --probe judged, a completed handshake or an HTTP response, or (a client program) its exit status 0.

/** What connected means in this cell, after `connected: `. */
export const connectedWords = (cell: Pick<PairReportCell, 'server' | 'client'>): string => {
  if (cell.client.program !== undefined) return 'your client exited with status 0';
  if (cell.server.program?.probe === 'http') return 'an HTTP response came back';
  if (cell.server.program !== undefined) return 'the TCP handshake completed';
  return 'the echo came back intact';
};

/** What the connected mark means in a report with these cells: the echo, and what it is with the user's programs. */
export const connectedMeaning = (cells: readonly Pick<PairReportCell, 'server' | 'client'>[]): string => {
  const meanings = [...new Set(cells.map(connectedWords))];
  const [only] = meanings;
  return meanings.length === 1 && only !== undefined ? `connected (${only})` : `connected (${meanings.join('; or ')})`;
};
