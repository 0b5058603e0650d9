import { clientLabel, serverLabel } from './cell-id.js';
import type { CellKind } from './cell-kinds.js';
import { type CellSides, clientsOf, serversOf } from './cell-sides.js';
import { type Cell, runtimeName, type Transport } from './dimensions.js';

/** Which cells a run keeps: empty lists keep everything. */
export interface CellFilter {
  /** The cell kinds to keep (--kind); empty or absent keeps every kind. */
  kinds?: CellKind[];
  transports: Transport[];
  /** Servers, by bind address (`::1`, `0.0.0.0`, `localhost`) or by the words of their label in the grids (`::1 v6only`, `udp6`). */
  servers: string[];
  /** Clients, by target (`127.0.0.1`, `localhost`) or by the words of their label (`localhost autoselect=off`, `AF_INET6`): pairings only. */
  clients: string[];
  /** Cells by id, exactly as --list and the reports print them (spaces may differ); empty keeps every cell. */
  cells?: string[];
  /** The runtimes servers may run in, by name (--runtime and --server-runtime together); null for any. */
  serverRuntimes: string[] | null;
  /** The runtimes clients may run in, by name (--runtime and --client-runtime together); null for any. */
  clientRuntimes: string[] | null;
}

/** An address as typed: `[::1]` and `::1` are the same, and so are `LOCALHOST` and `localhost`. */
export const normalizeAddress = (address: string): string =>
  address
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();

/** The words of a label or filter as compared: lower case, brackets off addresses (`[::1]` is `::1`). */
export const labelWords = (text: string): string[] =>
  text
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '')
    .map(normalizeAddress);

/** A cell id as compared: its words, single-spaced and lower case. */
export const normalizeCellId = (id: string): string => labelWords(id).join(' ');

// A filter keeps an endpoint whose address it names, or whose label has every word of it: `::1 v6only`,
// `localhost autoselect=off`, `udp6`, `AF_INET6 localhost`.
const keeps = (wanted: readonly string[], address: string, label: string): boolean => {
  if (wanted.length === 0) return true;
  const words = new Set(labelWords(label));
  return wanted.some(
    (filter) => normalizeAddress(filter) === normalizeAddress(address) || labelWords(filter).every((word) => words.has(word)),
  );
};

// Two servers on one port are kept by a server filter that names either of them; a client filter names what a
// pairing's client dials, and two servers have no client of their own to choose (their targets are fixed), so it keeps
// pairings only. A runtime filter keeps them when every server (every client) runs in one of its runtimes.
/** The cells that pass every filter, in matrix order. */
export const filterCells = <Kept extends Cell>(cells: readonly Kept[], filter: CellFilter): Kept[] =>
  cells.filter((cell) => {
    const servers = serversOf(cell);
    const clients = clientsOf(cell);
    return (
      (filter.kinds === undefined || filter.kinds.length === 0 || filter.kinds.includes(cell.kind)) &&
      (filter.transports.length === 0 || filter.transports.includes(cell.transport)) &&
      (filter.servers.length === 0 ||
        servers.some((server) => keeps(filter.servers, server.address, serverLabel(cell.transport, server)))) &&
      (filter.clients.length === 0 ||
        (cell.kind === 'pair' && keeps(filter.clients, cell.client.address, clientLabel(cell.transport, cell.client)))) &&
      (filter.cells === undefined ||
        filter.cells.length === 0 ||
        filter.cells.some((id) => normalizeCellId(id) === normalizeCellId(cell.id))) &&
      servers.every((server) => filter.serverRuntimes?.includes(runtimeName(server)) ?? true) &&
      clients.every((client) => filter.clientRuntimes?.includes(runtimeName(client)) ?? true)
    );
  });

const runtimesOfCell = (cell: CellSides): string[] => [...serversOf(cell), ...clientsOf(cell)].map(runtimeName);

/** The runtimes a set of cells (or of a report's cells) uses, by name, on either side, in the order first met. */
export const runtimesOfCells = (cells: readonly CellSides[]): string[] => [...new Set(cells.flatMap(runtimesOfCell))];

/** The cells whose every side's runtime is among `runtimes`, by name. */
export const cellsOfRuntimes = <Kept extends CellSides>(cells: readonly Kept[], runtimes: ReadonlySet<string>): Kept[] =>
  cells.filter((cell) => runtimesOfCell(cell).every((runtime) => runtimes.has(runtime)));
