import type { ClientEndpoint, ServerEndpoint } from './dimensions.js';

// The servers and clients of a cell of any kind, for filters and runtime lists that ask "who plays here?". Works on
// matrix cells and on report cells alike: a report cell without `kind` is a pair (reports before 1.3).

/** A cell's sides, of any kind: a pair's server and client, or two servers and the targets their client dials. */
export type CellSides =
  | { kind?: 'pair'; server: ServerEndpoint; client: ClientEndpoint }
  | { kind: 'coexist'; first: ServerEndpoint; second: ServerEndpoint; targets: readonly ClientEndpoint[] };

/** The servers of a cell: a pair's one, or the first and the second. */
export const serversOf = (cell: CellSides): ServerEndpoint[] => (cell.kind === 'coexist' ? [cell.first, cell.second] : [cell.server]);

/** The clients of a cell: a pair's one, or every target of two servers on one port. */
export const clientsOf = (cell: CellSides): ClientEndpoint[] => (cell.kind === 'coexist' ? [...cell.targets] : [cell.client]);
