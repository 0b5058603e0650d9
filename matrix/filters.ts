import { clientLabel, serverLabel } from './cell-id.js';
import { type Cell, runtimeName, type Transport } from './dimensions.js';
import type { Runtime } from './runtimes.js';

/** Which cells a run keeps: empty lists keep everything. */
export interface CellFilter {
  transports: Transport[];
  /** Servers, by bind address (`::1`, `0.0.0.0`, `localhost`) or by the words of their label in the grids (`::1 v6only`, `udp6`). */
  servers: string[];
  /** Clients, by target (`127.0.0.1`, `localhost`) or by the words of their label (`localhost autoselect=off`, `AF_INET6`). */
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

/** The cells that pass every filter, in matrix order. */
export const filterCells = (cells: readonly Cell[], filter: CellFilter): Cell[] =>
  cells.filter(
    (cell) =>
      (filter.transports.length === 0 || filter.transports.includes(cell.transport)) &&
      keeps(filter.servers, cell.server.address, serverLabel(cell.transport, cell.server)) &&
      keeps(filter.clients, cell.client.address, clientLabel(cell.transport, cell.client)) &&
      (filter.cells === undefined ||
        filter.cells.length === 0 ||
        filter.cells.some((id) => normalizeCellId(id) === normalizeCellId(cell.id))) &&
      (filter.serverRuntimes?.includes(runtimeName(cell.server)) ?? true) &&
      (filter.clientRuntimes?.includes(runtimeName(cell.client)) ?? true),
  );

type Sides = { server: { runtime: Runtime; agent?: string }; client: { runtime: Runtime; agent?: string } };

/** The runtimes a set of cells (or of a report's cells) uses, by name, on either side, in the order first met. */
export const runtimesOfCells = (cells: readonly Sides[]): string[] => [
  ...new Set(cells.flatMap((cell) => [runtimeName(cell.server), runtimeName(cell.client)])),
];

/** The cells whose both sides' runtimes are among `runtimes`, by name. */
export const cellsOfRuntimes = <Kept extends Sides>(cells: readonly Kept[], runtimes: ReadonlySet<string>): Kept[] =>
  cells.filter((cell) => runtimes.has(runtimeName(cell.server)) && runtimes.has(runtimeName(cell.client)));
