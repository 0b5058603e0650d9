import type { CoexistOutcome } from '../harness/coexist-outcome.js';
import { assertNever } from '../matrix/assert-never.js';
import { serverLabel } from '../matrix/cell-id.js';
import { runtimeName, type ServerEndpoint, type Transport } from '../matrix/dimensions.js';
import { transports } from '../matrix/expand.js';
import { coexistCellsOf } from './cells-of-kind.js';
import type { CoexistReportCell, Report } from './report.js';

// Two servers on one port as grids: the first listener down, the second across, one grid per transport and runtimes
// (Node's, Python's, and the two together), so each stays dense. A model, not a layout.

/** How the outcomes of one two-servers grid add up. */
export interface CoexistGridCounts {
  cells: number;
  coexisted: number;
  failed: number;
  harnessError: number;
  /** Places of these rows and columns the report has no cell for. */
  absent: number;
}

/** One listener of a grid's rows or columns. */
export interface ListenerHeader {
  label: string;
  server: ServerEndpoint;
}

/** One transport's two-servers cells of some runtimes, as a grid: `cells[row][column]` is null where there is none. */
export interface CoexistGrid {
  transport: Transport;
  /** The runtimes the grid's listeners run in, e.g. `node`, `python`, `node + python`. */
  runtimes: string;
  rows: ListenerHeader[];
  columns: ListenerHeader[];
  cells: (CoexistReportCell | null)[][];
  /** The targets the grid's cells dialed, in their order: what each digit of a `✓ 1·2·1` mark stands for. */
  targets: string[];
  counts: CoexistGridCounts;
}

/** Count what a two-servers grid's cells came to. */
const countCoexist = (cells: readonly (readonly (CoexistReportCell | null)[])[]): CoexistGridCounts => {
  const counts: CoexistGridCounts = { cells: 0, coexisted: 0, failed: 0, harnessError: 0, absent: 0 };
  for (const cell of cells.flat()) {
    if (cell === null) {
      counts.absent += 1;
      continue;
    }
    counts.cells += 1;
    const { status } = cell.outcome;
    switch (status) {
      case 'coexisted':
        counts.coexisted += 1;
        break;
      case 'failed':
        counts.failed += 1;
        break;
      case 'harness-error':
        counts.harnessError += 1;
        break;
      default:
        assertNever(status);
    }
  }
  return counts;
};

/** The runtimes of a cell's two listeners, as a grid is named by them: `node`, `python`, `node + python`. */
const runtimesOf = (cell: CoexistReportCell): string =>
  [...new Set([runtimeName(cell.first), runtimeName(cell.second)])].sort().join(' + ');

const gridOf = (transport: Transport, runtimes: string, cells: readonly CoexistReportCell[]): CoexistGrid => {
  // Rows and columns in one order, each listener where the cells first name it, so a listener sits at the same place
  // down and across and the same address twice is on the diagonal.
  const order = [...new Set(cells.flatMap(({ first, second }) => [serverLabel(transport, first), serverLabel(transport, second)]))];
  const rows = new Map<string, ListenerHeader>();
  const columns = new Map<string, ListenerHeader>();
  for (const { first, second } of cells) {
    const row = serverLabel(transport, first);
    const column = serverLabel(transport, second);
    if (!rows.has(row)) rows.set(row, { label: row, server: first });
    if (!columns.has(column)) columns.set(column, { label: column, server: second });
  }
  const inOrder = (headers: Map<string, ListenerHeader>): ListenerHeader[] =>
    order.flatMap((label) => {
      const header = headers.get(label);
      return header === undefined ? [] : [header];
    });
  const rowLabels = inOrder(rows).map((header) => header.label);
  const columnLabels = inOrder(columns).map((header) => header.label);
  const grid = rowLabels.map(() => columnLabels.map((): CoexistReportCell | null => null));
  for (const cell of cells) {
    const row = grid[rowLabels.indexOf(serverLabel(transport, cell.first))];
    const column = columnLabels.indexOf(serverLabel(transport, cell.second));
    if (row !== undefined && column !== -1) row[column] = cell;
  }
  const targets = cells.find((cell) => cell.targets.length > 0)?.targets.map((target) => target.address) ?? [];
  return { transport, runtimes, rows: inOrder(rows), columns: inOrder(columns), cells: grid, targets, counts: countCoexist(grid) };
};

/** The two-servers grids of a report: per transport (in the order every output lists them), per runtimes in the order first met. */
export const buildCoexistGrids = (report: Report): CoexistGrid[] => {
  const cells = coexistCellsOf(report.cells);
  return transports.flatMap((transport) => {
    const ofTransport = cells.filter((cell) => cell.transport === transport);
    const groups = [...new Set(ofTransport.map(runtimesOf))];
    return groups.map((runtimes) =>
      gridOf(
        transport,
        runtimes,
        ofTransport.filter((cell) => runtimesOf(cell) === runtimes),
      ),
    );
  });
};

/** The outcomes of a grid, row by row, null where it has no cell: what a legend is made of. */
export const coexistGridOutcomes = (grid: CoexistGrid): (CoexistOutcome | null)[] => grid.cells.flat().map((cell) => cell?.outcome ?? null);

/** A grid's name: `TCP, node`, `UDP, node + python`. */
export const coexistGridName = (grid: CoexistGrid): string => `${grid.transport.toUpperCase()}, ${grid.runtimes}`;

/** A grid's totals: `two servers, tcp, node: 14 cells, 6 coexisted, 8 failed, 0 harness errors`. */
export const coexistSummary = (grid: CoexistGrid): string => {
  const { counts } = grid;
  const parts = [
    `${counts.cells} ${counts.cells === 1 ? 'cell' : 'cells'}`,
    `${counts.coexisted} coexisted`,
    `${counts.failed} failed`,
    `${counts.harnessError} ${counts.harnessError === 1 ? 'harness error' : 'harness errors'}`,
  ];
  return `two servers, ${grid.transport}, ${grid.runtimes}: ${parts.join(', ')}`;
};

/** The key of a grid's marks: which target each digit of `✓ 1·2·1` stands for, and what a `✓` alone means. */
export const coexistKeyLine = (grid: CoexistGrid): string | null => {
  const digits =
    grid.targets.length === 0
      ? []
      : [
          `✓ and one digit per target, dialed in this order: ${grid.targets.join(' · ')}; 1 = the first listener (the row) answered it, 2 = the second (the column), - = nobody`,
        ];
  const undialed = grid.cells.flat().some((cell) => cell?.outcome.status === 'coexisted' && cell.outcome.observations.answers.length === 0);
  const alone = undialed
    ? ['✓ alone: both listen, and nothing was dialed (two SO_REUSEPORT sockets on one address: which one answers a client is chance)']
    : [];
  const lines = [...digits, ...alone];
  return lines.length === 0 ? null : lines.join('; ');
};
