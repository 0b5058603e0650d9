// A merge as a terminal table, fitted to the width.

import type { MergedCell, MergeResult } from '../../merge.js';
import type { MergeRenderOptions } from '../../render-options.js';
import { type BoxCell, boxTable, boxTableWidth } from '../../text/box-table.js';
import { summaryCode } from '../../text/codes.js';
import { environmentLine } from '../../text/environment-name.js';
import { legendLine } from '../../text/legend.js';
import { legendLines } from '../../text/legend-lines.js';
import { checksLine, differsMark, legendEntries, mergeSummary, shownCells, skippedLines, whatIsShown } from '../../text/merge-text.js';
import { paint } from '../../text/paint.js';
import { statusPaint } from '../../text/status-paint.js';

const codes = { ascii: false };

/** How the terminal table is laid out to fit a width. */
export interface MergeLayout {
  /** Column headers: the environment names, or `E1`, `E2`, ... with a key below. */
  abbreviated: boolean;
  /** Rows under a heading line per server, each row naming only its client (`-> [::1]`): a narrower cell column. */
  groupByServer: boolean;
  /** Environment indexes per table: one table, unless even the narrowest layout is too wide. */
  chunks: number[][];
}

/** The short header of the environment at `index`. */
export const abbreviation = (index: number): string => `E${index + 1}`;

const idSeparator = ' -> ';

/** A cell id split at its arrow: `tcp [::1] dual` and `[::1]`. */
const splitId = (cellId: string): { server: string; client: string } => {
  const at = cellId.indexOf(idSeparator);
  return at === -1 ? { server: cellId, client: '' } : { server: cellId.slice(0, at), client: cellId.slice(at + idSeparator.length) };
};

const groupedLabel = (cellId: string): string => `  -> ${splitId(cellId).client}`;

/**
 * Fit the table to `width`, trying in turn: full names as headers; `E1`.. headers with a key; rows grouped under
 * their server; and last, the environments split over several tables. The first that fits wins.
 */
export const mergeLayout = (merge: MergeResult, cells: readonly MergedCell[], width: number): MergeLayout => {
  const codeWidths = merge.environments.map((_, index) =>
    Math.max(1, ...cells.map((cell) => summaryCode(cell.outcomes[index] ?? null, codes).length)),
  );
  const headerWidths = (abbreviated: boolean): number[] =>
    merge.environments.map((environment, index) =>
      Math.max(codeWidths[index] ?? 1, (abbreviated ? abbreviation(index) : environment.name).length),
    );
  const idColumn = (grouped: boolean): number =>
    Math.max('cell'.length, ...cells.map((cell) => (grouped ? groupedLabel(cell.cellId) : cell.cellId).length));
  const fits = (columns: readonly number[], grouped: boolean): boolean => boxTableWidth([1, idColumn(grouped), ...columns]) <= width;
  const all = merge.environments.map((_, index) => index);
  for (const [abbreviated, groupByServer] of [
    [false, false],
    [true, false],
    [true, true],
  ] as const) {
    if (fits(headerWidths(abbreviated), groupByServer)) return { abbreviated, groupByServer, chunks: [all] };
  }
  const widths = headerWidths(true);
  const chunks: number[][] = [];
  for (const index of all) {
    const last = chunks.at(-1);
    const candidate = [...(last ?? []), index];
    if (
      last !== undefined &&
      fits(
        candidate.map((member) => widths[member] ?? 1),
        true,
      )
    )
      last.push(index);
    else chunks.push([index]);
  }
  return { abbreviated: true, groupByServer: true, chunks };
};

const rowCells = (cell: MergedCell, chunk: readonly number[], layout: MergeLayout, color: boolean): BoxCell[] => {
  const id = layout.groupByServer ? groupedLabel(cell.cellId) : cell.cellId;
  const codeText = (index: number): string => {
    const summary = cell.outcomes[index] ?? null;
    return paint(summaryCode(summary, codes), cell.behaviour === 'same' ? 'dim' : statusPaint(summary?.status ?? null), color);
  };
  return [
    cell.behaviour === 'differs' ? paint(differsMark, 'yellow', color) : ' ',
    cell.behaviour === 'same' ? paint(id, 'dim', color) : id,
    ...chunk.map(codeText),
  ];
};

/** The body rows of one table: with grouping, a heading row spanning the table before each server's first row. */
const bodyRows = (cells: readonly MergedCell[], chunk: readonly number[], layout: MergeLayout, color: boolean): BoxCell[][] => {
  const rows: BoxCell[][] = [];
  let server: string | null = null;
  for (const cell of cells) {
    const next = splitId(cell.cellId).server;
    if (layout.groupByServer && next !== server) {
      rows.push([' ', { content: paint(next, 'bold', color), colSpan: chunk.length + 1, hAlign: 'left' }]);
      server = next;
    }
    rows.push(rowCells(cell, chunk, layout, color));
  }
  return rows;
};

const environmentKey = (merge: MergeResult, abbreviated: boolean): string[] => [
  'Environments:',
  ...merge.environments.flatMap((environment, index) => [
    `  ${abbreviated ? `${abbreviation(index)} = ` : ''}${environment.name}: ${environmentLine(environment.environment)}`,
    `  ${abbreviated ? ' '.repeat(abbreviation(index).length + 3) : ''}  ${environment.source}${environment.complete ? '' : ' (interrupted run)'}`,
  ]),
];

/** A merge as box tables fitted to the width, the legend, the environments and the summary. */
export const renderMergeTable = (merge: MergeResult, options: MergeRenderOptions): string => {
  const cells = shownCells(merge, options.all);
  const sections = [paint(whatIsShown(merge, options.all), 'bold', options.color)];
  const layout = mergeLayout(merge, cells, options.width);
  if (cells.length > 0) {
    for (const chunk of layout.chunks) {
      const head = [
        '',
        'cell',
        ...chunk.map((index) => (layout.abbreviated ? abbreviation(index) : (merge.environments[index]?.name ?? ''))),
      ];
      const rows = bodyRows(cells, chunk, layout, options.color);
      const table = boxTable(
        head.map((text) => paint(text, 'bold', options.color)),
        rows,
        ['center', 'left', ...chunk.map(() => 'center' as const)],
      );
      const first = abbreviation(chunk[0] ?? 0);
      const last = abbreviation(chunk.at(-1) ?? 0);
      const range = first === last ? first : `${first}-${last}`;
      sections.push(layout.chunks.length === 1 ? table : `Environments ${range} of ${merge.environments.length}:\n${table}`);
    }
  }
  if (cells.length > 0) sections.push(legendLines(legendEntries(cells).map(legendLine), options.width).join('\n'));
  sections.push(environmentKey(merge, layout.abbreviated).join('\n'));
  const skipped = skippedLines(merge);
  if (skipped.length > 0) sections.push(skipped.join('\n'));
  sections.push(paint(mergeSummary(merge), 'bold', options.color));
  const checks = checksLine(merge);
  if (checks !== null) sections.push(paint(checks, 'bold', options.color));
  return `${sections.join('\n\n')}\n`;
};
