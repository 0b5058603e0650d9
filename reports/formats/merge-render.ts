import type { MergedCell, MergedEnvironment, MergeResult } from '../merge.js';
import type { RenderOptions } from '../render-options.js';
import { type BoxCell, boxTable, boxTableWidth } from '../text/box-table.js';
import { summaryCode } from '../text/codes.js';
import { environmentLine } from '../text/environment-name.js';
import { type LegendEntry, legendLine, summaryLegend } from '../text/legend.js';
import { legendLines } from '../text/legend-lines.js';
import { inlineCode, legendSymbol, tableRow } from '../text/markdown-text.js';
import { paint } from '../text/paint.js';
import { statusPaint } from '../text/status-paint.js';

// A merge as text: the terminal table (fitted to the width), Markdown for a step summary, and JSON.

/** What the merge renderers are told beyond width and colour: whether to show every row or only those that differ. */
export interface MergeRenderOptions extends RenderOptions {
  all: boolean;
}

const codes = { ascii: false };
/** The mark of a row whose cell behaves differently somewhere: it shows without colour, and in Markdown. */
export const differsMark = '≠';

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** The summary line: `19 cells behave the same everywhere, 5 differ`, and any cells some reports lack. */
export const mergeSummary = (merge: MergeResult): string => {
  const { same, differs, partial } = merge.counts;
  const parts = [
    `${plural(same, 'cell behaves', 'cells behave')} the same everywhere`,
    `${differs} ${differs === 1 ? 'differs' : 'differ'}`,
  ];
  if (partial > 0) parts.push(`${plural(partial, 'cell is', 'cells are')} not in every report`);
  return `${parts.join(', ')}.`;
};

const shownCells = (merge: MergeResult, all: boolean): MergedCell[] =>
  all ? merge.cells : merge.cells.filter((cell) => cell.behaviour === 'differs');

const whatIsShown = (merge: MergeResult, all: boolean): string => {
  const reports = plural(merge.environments.length, 'report', 'reports');
  if (all) return `Merged ${reports}: every cell, ${differsMark} where it differs across environments.`;
  if (merge.counts.differs === 0) return `Merged ${reports}: no cell differs across environments.`;
  return `Merged ${reports}: the ${plural(merge.counts.differs, 'cell', 'cells')} that differ across environments (--all for all ${merge.counts.cells}).`;
};

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

const skippedLines = (merge: MergeResult): string[] =>
  merge.skipped.length === 0 ? [] : ['Not merged:', ...merge.skipped.map((skipped) => `  ${skipped.source} ${skipped.reason}`)];

/** The legend of the rows shown: the mark, then only the codes they use. */
const legendEntries = (cells: readonly MergedCell[]): LegendEntry[] => [
  { symbol: differsMark, meaning: 'differs across environments' },
  ...summaryLegend(
    cells.flatMap((cell) => cell.outcomes),
    codes,
  ),
];

const renderTable = (merge: MergeResult, options: MergeRenderOptions): string => {
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
  return `${sections.join('\n\n')}\n`;
};

const renderMarkdown = (merge: MergeResult, options: MergeRenderOptions): string => {
  const cells = shownCells(merge, options.all);
  const lines = [
    `## sockmatrix: ${plural(merge.environments.length, 'environment', 'environments')} merged`,
    '',
    `**${mergeSummary(merge)}**`,
    '',
    whatIsShown(merge, options.all),
  ];
  if (cells.length > 0) {
    lines.push('', tableRow(['', 'cell', ...merge.environments.map((environment) => inlineCode(environment.name))]));
    lines.push(tableRow([':-:', ':--', ...merge.environments.map(() => ':-:')]));
    for (const cell of cells) {
      const outcomes = cell.outcomes.map((summary) => summaryCode(summary, codes));
      lines.push(tableRow([cell.behaviour === 'differs' ? differsMark : '', inlineCode(cell.cellId), ...outcomes]));
    }
  }
  if (cells.length > 0) {
    lines.push(
      '',
      `Legend: ${legendEntries(cells)
        .map((entry) => `${legendSymbol(entry.symbol)} ${entry.meaning}`)
        .join(', ')}`,
    );
  }
  lines.push('', '### Environments', '', tableRow(['name', 'environment', 'report']), tableRow([':--', ':--', ':--']));
  for (const environment of merge.environments) {
    const source = `${inlineCode(environment.source)}${environment.complete ? '' : ' (interrupted run)'}`;
    lines.push(tableRow([inlineCode(environment.name), environmentLine(environment.environment), source]));
  }
  if (merge.skipped.length > 0) {
    lines.push('', '### Not merged', '', ...merge.skipped.map((skipped) => `- ${inlineCode(skipped.source)} ${skipped.reason}`));
  }
  return `${lines.join('\n')}\n`;
};

/** The schema name of the JSON merge result. */
export const mergeSchema = 'sockmatrix/merge@1';

// JSON always holds every cell, each with its behaviour, so a script filters rather than guesses what --all left out.
const renderJson = (merge: MergeResult, _options: MergeRenderOptions): string => {
  const names = merge.environments.map((environment: MergedEnvironment) => environment.name);
  const cells = merge.cells.map((cell) => ({
    id: cell.cellId,
    transport: cell.transport,
    behaviour: cell.behaviour,
    outcomes: Object.fromEntries(names.map((name, index) => [name, cell.outcomes[index] ?? null])),
  }));
  const { counts, environments, skipped } = merge;
  return `${JSON.stringify({ schema: mergeSchema, counts, environments, cells, skipped }, null, 2)}\n`;
};

/** The merge renderers by format name: the `--format` values of `sockmatrix merge`. */
export const mergeRenderers = {
  table: renderTable,
  markdown: renderMarkdown,
  json: renderJson,
} as const satisfies Record<string, (merge: MergeResult, options: MergeRenderOptions) => string>;

/** A format name, as `sockmatrix merge --format` takes it. */
export type MergeFormat = keyof typeof mergeRenderers;
