import type { Outcome } from '../harness/outcome.js';
import { assertNever } from '../matrix/assert-never.js';
import { clientLabel, serverLabel } from '../matrix/cell-id.js';
import type { ClientEndpoint, ServerEndpoint, Transport } from '../matrix/dimensions.js';
import { transports } from '../matrix/expand.js';
import { pairCellsOf } from './cells-of-kind.js';
import type { Report } from './report.js';

// A report as grids, one per transport: server binds down, client targets across. A model, not a layout.

/** How the outcomes of one grid add up. */
export interface GridCounts {
  /** Pairings the report has an outcome for. */
  cells: number;
  connected: number;
  failed: number;
  harnessError: number;
  /** Pairings of these rows and columns the report has no outcome for. */
  absent: number;
}

/** One transport's cells as a grid: `cells[row][column]` is null where the report has no such pairing. */
export interface Grid {
  transport: Transport;
  /** Server endpoints in the order the report first names them. */
  rows: { label: string; server: ServerEndpoint }[];
  /** Client endpoints in the order the report first names them. */
  columns: { label: string; client: ClientEndpoint }[];
  cells: (Outcome | null)[][];
  counts: GridCounts;
}

/** Count what a grid's cells came to. */
export const countOutcomes = (cells: readonly (readonly (Outcome | null)[])[]): GridCounts => {
  const counts: GridCounts = { cells: 0, connected: 0, failed: 0, harnessError: 0, absent: 0 };
  for (const outcome of cells.flat()) {
    if (outcome === null) {
      counts.absent += 1;
      continue;
    }
    counts.cells += 1;
    switch (outcome.status) {
      case 'connected':
        counts.connected += 1;
        break;
      case 'failed':
        counts.failed += 1;
        break;
      case 'harness-error':
        counts.harnessError += 1;
        break;
      default:
        assertNever(outcome);
    }
  }
  return counts;
};

const gridFor = (report: Report, transport: Transport): Grid | null => {
  const reportCells = pairCellsOf(report.cells).filter((cell) => cell.transport === transport);
  if (reportCells.length === 0) return null;
  const rows = new Map<string, { label: string; server: ServerEndpoint }>();
  const columns = new Map<string, { label: string; client: ClientEndpoint }>();
  for (const { server, client } of reportCells) {
    const row = serverLabel(transport, server);
    const column = clientLabel(transport, client);
    if (!rows.has(row)) rows.set(row, { label: row, server });
    if (!columns.has(column)) columns.set(column, { label: column, client });
  }
  const rowIndex = new Map([...rows.keys()].map((label, index) => [label, index]));
  const columnIndex = new Map([...columns.keys()].map((label, index) => [label, index]));
  const cells = [...rows.keys()].map(() => [...columns.keys()].map((): Outcome | null => null));
  for (const { server, client, outcome } of reportCells) {
    const row = cells[rowIndex.get(serverLabel(transport, server)) ?? -1];
    const column = columnIndex.get(clientLabel(transport, client));
    if (row !== undefined && column !== undefined) row[column] = outcome;
  }
  return { transport, rows: [...rows.values()], columns: [...columns.values()], cells, counts: countOutcomes(cells) };
};

/** The pairing grids of a report: one per transport it has pairings for, in the order every output lists transports. */
export const buildGrids = (report: Report): Grid[] =>
  transports.flatMap((transport) => {
    const grid = gridFor(report, transport);
    return grid === null ? [] : [grid];
  });
