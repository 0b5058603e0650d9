import { type Cell, runtimeName, type Transport } from './dimensions.js';
import type { Runtime } from './runtimes.js';

/** Which cells a run keeps: empty lists keep everything. */
export interface CellFilter {
  transports: Transport[];
  /** Server bind addresses, e.g. `::1`, `0.0.0.0`, `localhost`. */
  servers: string[];
  /** Client targets, e.g. `127.0.0.1`, `localhost`. */
  clients: string[];
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

const keeps = (wanted: readonly string[], value: string): boolean =>
  wanted.length === 0 || wanted.some((address) => normalizeAddress(address) === normalizeAddress(value));

/** The cells that pass every filter, in matrix order. */
export const filterCells = (cells: readonly Cell[], filter: CellFilter): Cell[] =>
  cells.filter(
    (cell) =>
      (filter.transports.length === 0 || filter.transports.includes(cell.transport)) &&
      keeps(filter.servers, cell.server.address) &&
      keeps(filter.clients, cell.client.address) &&
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
