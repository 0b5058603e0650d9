import { summarizeOutcome } from '../../../harness/cell-outcome.js';
import { clientLabel, serverLabel } from '../../../matrix/cell-id.js';
import { runtimeName } from '../../../matrix/dimensions.js';
import type { Grid } from '../../grid.js';
import type { ReportCell } from '../../report.js';
import { describeSummary } from '../../text/check-section.js';
import { absentSymbol } from '../../text/codes.js';
import { transportSummary } from '../../text/summary.js';
import { htmlText } from './escape.js';
import { statusMark } from './status-chip.js';

// A grid as an HTML table: server binds down, client targets across, each cell a button that opens its evidence.

/** Where the page's cells are: the index of each report cell in the page's data, found by its grid position. */
export interface CellIndexes {
  /** The page index of the cell at this transport, server label and client label; undefined where the report has none. */
  at: (transport: string, server: string, client: string) => number | undefined;
  /** The page index of the two-servers cell of this id; undefined where the report has none. */
  atId: (cellId: string) => number | undefined;
  /** The check verdict kind of a cell that deviated or is flaky, for a mark in the grid. */
  flag: (index: number) => 'deviated' | 'flaky' | null;
}

/**
 * A column label that may wrap where people would break it: at spaces, after `_` and `=`, and after the `:` before
 * an IPv4 address (`[::ffff:` `127.0.0.1]`); never inside an address. The `<wbr>` go into escaped text, where
 * none of these characters can be part of an entity.
 */
const breakable = (label: string): string =>
  htmlText(label)
    .replace(/[_=]/g, '$&<wbr>')
    .replace(/:(?=\d)/g, ':<wbr>');

const positionKey = (transport: string, server: string, client: string): string => JSON.stringify([transport, server, client]);

/** Index report cells by grid position, as buildGrids places them (a later cell at the same position wins there too). */
export const indexCells = (
  cells: readonly ReportCell[],
  firstIndex: number,
  flag: (index: number) => 'deviated' | 'flaky' | null,
): CellIndexes => {
  const byPosition = new Map<string, number>();
  const byId = new Map<string, number>();
  cells.forEach((cell, index) => {
    if (cell.kind === 'coexist') {
      byId.set(cell.id, firstIndex + index);
      return;
    }
    const key = positionKey(cell.transport, serverLabel(cell.transport, cell.server), clientLabel(cell.transport, cell.client));
    byPosition.set(key, firstIndex + index);
  });
  return {
    at: (transport, server, client) => byPosition.get(positionKey(transport, server, client)),
    atId: (cellId) => byId.get(cellId),
    flag,
  };
};

/** The table of one grid, with its heading and totals; `idPrefix` keeps element ids apart in a profile set. */
export const gridBlock = (grid: Grid, indexes: CellIndexes, idPrefix: string): string => {
  const transport = grid.transport.toUpperCase();
  const columnRuntimes = grid.columns.map((column) => runtimeName(column.client));
  const startsGroup = (runtimes: readonly string[], index: number): boolean => index > 0 && runtimes[index] !== runtimes[index - 1];
  const rowRuntimes = grid.rows.map((row) => runtimeName(row.server));
  const head = grid.columns
    .map((column, index) => {
      const group = startsGroup(columnRuntimes, index) ? ' class="group-start"' : '';
      return `<th scope="col"${group} data-cr="${htmlText(columnRuntimes[index] ?? '')}"><span class="col-label">${breakable(column.label)}</span></th>`;
    })
    .join('');
  const body = grid.rows
    .map((row, rowIndex) => {
      const tds = grid.columns.map((column, columnIndex) => {
        const group = startsGroup(columnRuntimes, columnIndex) ? ' class="group-start"' : '';
        const index = indexes.at(grid.transport, row.label, column.label);
        const outcome = grid.cells[rowIndex]?.[columnIndex] ?? null;
        if (outcome === null || index === undefined) {
          return `<td${group}><span class="absent" title="not in this report">${absentSymbol({ ascii: false })}</span></td>`;
        }
        const summary = summarizeOutcome(outcome);
        const flag = indexes.flag(index);
        const label = `${row.label} → ${column.label}: ${describeSummary(summary)}${flag === null ? '' : ` (check: ${flag})`}`;
        const classes = ['cell', summary.status, ...(flag === null ? [] : [flag])].join(' ');
        return `<td${group}><button type="button" class="${classes}" data-cell="${index}" data-status="${htmlText(summary.status)}" title="${htmlText(label)}" aria-label="${htmlText(label)}">${statusMark(outcome)}</button></td>`;
      });
      const group = startsGroup(rowRuntimes, rowIndex) ? ' class="group-start"' : '';
      return `<tr${group} data-sr="${htmlText(rowRuntimes[rowIndex] ?? '')}"><th scope="row">${htmlText(row.label)}</th>${tds.join('')}</tr>`;
    })
    .join('\n');
  return [
    `<section class="grid-block" id="${htmlText(idPrefix + grid.transport)}" data-transport="${htmlText(grid.transport)}">`,
    `<h3>${transport} <span class="sub">rows = server binds, columns = client targets</span></h3>`,
    `<p class="counts">${htmlText(transportSummary(grid))}</p>`,
    `<div class="grid-scroll" role="region" aria-label="${transport} grid" tabindex="-1">`,
    `<table class="grid"><thead><tr><th scope="col" class="corner">server \\ client</th>${head}</tr></thead>`,
    `<tbody>\n${body}\n</tbody></table></div></section>`,
  ].join('\n');
};
