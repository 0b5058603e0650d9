import type { CellOutcome } from '../../../harness/cell-outcome.js';
import { buildCoexistGrids, type CoexistGrid, coexistGridName, coexistKeyLine, coexistSummary } from '../../coexist-grid.js';
import type { Grid } from '../../grid.js';
import { buildGrids } from '../../grid.js';
import type { RenderOptions } from '../../render-options.js';
import type { Report } from '../../report.js';
import { boxTable } from '../../text/box-table.js';
import { checkSectionText } from '../../text/check-section.js';
import { absentSymbol, outcomeCode } from '../../text/codes.js';
import { buildLegend, legendLine } from '../../text/legend.js';
import { legendLines } from '../../text/legend-lines.js';
import { type Paint, paint } from '../../text/paint.js';
import { statusPaint } from '../../text/status-paint.js';
import { runLine, transportSummary } from '../../text/summary.js';

// The grids as box tables for a terminal, split into column chunks when they do not fit its width.

// A header line longer than this is broken, so one long label does not widen its whole column.
const headerLineWidth = 10;
const corner = 'server \\ client';

// Spare columns around a grid cell's widest text: a space each side, or one space shared when that is what lets the
// grid fit in one table, which is easier to read across than two.
const roomy = 2;
const tight = 1;

/** Break a word of a label after a `:` or `_`, or before a `=`, so each piece still reads as part of an address, a call or an option. */
const breakWord = (word: string): string[] => {
  if (word.length <= headerLineWidth) return [word];
  let cut = headerLineWidth;
  for (let index = 1; index <= headerLineWidth; index += 1) {
    if (word[index - 1] === ':' || word[index - 1] === '_' || word[index] === '=') cut = index;
  }
  return [word.slice(0, cut), ...breakWord(word.slice(cut))];
};

/** A client label as a narrow, multi-line column header: `localhost family=6` is `localhost` over `family=6`. */
export const columnHeaderLines = (label: string): string[] => label.split(' ').flatMap(breakWord);

interface Column {
  header: string[];
  codes: { text: string; style: Paint }[];
  width: number;
}

/** What a box-table grid needs of either kind's grid: its labels down and across, and an outcome at each place. */
interface GridLike {
  rows: readonly { label: string }[];
  columns: readonly { label: string }[];
  cells: readonly (readonly (CellOutcome | null)[])[];
}

/** How a grid is titled: its name, what its rows and columns are, and what a column chunk counts. */
interface GridTitle {
  name: string;
  axes: string;
  chunkOf: string;
  corner: string;
}

const gridColumns = (grid: GridLike, ascii: boolean, slack: number): Column[] =>
  grid.columns.map((column, columnIndex) => {
    const header = columnHeaderLines(column.label);
    const codes = grid.cells.map((row) => {
      const outcome = row[columnIndex] ?? null;
      return {
        text: outcome === null ? absentSymbol({ ascii }) : outcomeCode(outcome, { ascii }),
        style: statusPaint(outcome?.status ?? null),
      };
    });
    const width = Math.max(...header.map((line) => line.length), ...codes.map((code) => code.text.length)) + slack;
    return { header, codes, width };
  });

const fitsWidth = (columns: readonly Column[], rowHeaderWidth: number, width: number): boolean =>
  2 + rowHeaderWidth + columns.reduce((total, column) => total + column.width + 1, 0) <= width;

/** Split columns into as few chunks as fit the width beside the row header, evened out where that still fits. */
const chunkColumns = (columns: readonly Column[], rowHeaderWidth: number, width: number): Column[][] => {
  const fits = (chunk: readonly Column[]): boolean => fitsWidth(chunk, rowHeaderWidth, width);
  // Packing greedily gives the fewest chunks; a lone column that does not fit still gets a table: nothing is narrower.
  const greedy: Column[][] = [];
  for (const column of columns) {
    const last = greedy.at(-1);
    if (last !== undefined && fits([...last, column])) last.push(column);
    else greedy.push([column]);
  }
  // As many chunks of even size read better than full tables and a stub.
  const size = Math.ceil(columns.length / Math.max(1, greedy.length));
  const even = greedy.map((_, index) => columns.slice(index * size, (index + 1) * size)).filter((chunk) => chunk.length > 0);
  return even.every(fits) ? even : greedy;
};

const renderChunk = (grid: GridLike, chunk: readonly Column[], rowHeaderWidth: number, color: boolean, cornerText: string): string => {
  const head = [` ${cornerText}`, ...chunk.map((column) => column.header.join('\n'))].map((text) => paint(text, 'bold', color));
  const rows = grid.rows.map((row, rowIndex) => {
    const codes = chunk.map((column) => {
      const code = column.codes[rowIndex];
      return code === undefined ? '' : paint(code.text, code.style, color);
    });
    return [` ${row.label}`, ...codes];
  });
  // Fixed widths, unpadded: the column widths already hold the spare columns, and the row labels their leading space.
  const widths = [rowHeaderWidth, ...chunk.map((column) => column.width)];
  return boxTable(head, rows, ['left', ...chunk.map(() => 'center' as const)], widths);
};

const renderGrid = (grid: GridLike, title: GridTitle, options: RenderOptions, ascii: boolean): string[] => {
  const rowHeaderWidth = Math.max(title.corner.length, ...grid.rows.map((row) => row.label.length)) + 2;
  const tightColumns = gridColumns(grid, ascii, tight);
  const roomyColumns = gridColumns(grid, ascii, roomy);
  const columns =
    fitsWidth(roomyColumns, rowHeaderWidth, options.width) || !fitsWidth(tightColumns, rowHeaderWidth, options.width)
      ? roomyColumns
      : tightColumns;
  const chunks = chunkColumns(columns, rowHeaderWidth, options.width);
  let first = 1;
  return chunks.map((chunk) => {
    const range = chunks.length === 1 ? '' : ` (${title.chunkOf} ${first}-${first + chunk.length - 1} of ${columns.length})`;
    first += chunk.length;
    const heading = paint(`${title.name}${range}: ${title.axes}`, 'bold', options.color);
    return `${heading}\n${renderChunk(grid, chunk, rowHeaderWidth, options.color, title.corner)}`;
  });
};

const pairTitle = (grid: Grid): GridTitle => ({
  name: grid.transport.toUpperCase(),
  axes: 'rows = server binds, columns = client targets',
  chunkOf: 'client targets',
  corner,
});

const coexistTitle = (grid: CoexistGrid): GridTitle => ({
  name: `Two servers on one port, ${coexistGridName(grid)}`,
  axes: 'rows = first listener, columns = second listener',
  chunkOf: 'second listeners',
  corner: 'first \\ second',
});

/** Words wrapped at `width`, continuation lines indented by `indent`. */
const wrapWords = (text: string, width: number, indent: string): string[] => {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(last === undefined ? word : `${indent}${word}`);
  }
  return lines;
};

/** A two-servers grid as box tables, then the key of its marks (which target each digit stands for). */
const renderCoexistGrid = (grid: CoexistGrid, options: RenderOptions, ascii: boolean): string[] => {
  const outcomes = { ...grid, cells: grid.cells.map((row) => row.map((cell) => cell?.outcome ?? null)) };
  const tables = renderGrid(outcomes, coexistTitle(grid), options, ascii);
  const key = coexistKeyLine(grid);
  if (key === null) return tables;
  return [...tables.slice(0, -1), `${tables.at(-1) ?? ''}\n${wrapWords(`Key: ${key}`, options.width, '     ').join('\n')}`];
};

/** The report as grids for a terminal: a run line, one box table per transport (or per column chunk), the legend, the totals, the check. */
export const renderTerminalTable = (report: Report, options: RenderOptions): string => {
  // RenderOptions has no ASCII switch (yet): codes.ts can spell `ok` once a format or flag asks for it.
  const ascii = false;
  const grids = buildGrids(report);
  const coexistGrids = buildCoexistGrids(report);
  const legend = buildLegend(report, { ascii }).map(legendLine);
  const sections = [
    runLine(report),
    ...grids.flatMap((grid) => renderGrid(grid, pairTitle(grid), options, ascii)),
    ...coexistGrids.flatMap((grid) => renderCoexistGrid(grid, options, ascii)),
  ];
  const check = checkSectionText(report);
  const totals = [
    legendLines(legend, options.width).join('\n'),
    [...grids.map(transportSummary), ...coexistGrids.map(coexistSummary)].join('\n'),
  ];
  return `${[...sections, ...totals, ...(check.length > 0 ? [check.join('\n')] : [])].join('\n\n')}\n`;
};
