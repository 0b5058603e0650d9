import type { OutcomeSummary } from '../../matrix/outcome-summary.js';
import type { ChangedCell, DiffSide, LoneCell, ReportDiff } from '../diff.js';
import type { RenderOptions } from '../render-options.js';
import { boxTable } from '../text/box-table.js';
import { summaryCode } from '../text/codes.js';
import { environmentLine } from '../text/environment-name.js';
import { legendLine, summaryLegend } from '../text/legend.js';
import { legendLines } from '../text/legend-lines.js';
import { inlineCode, legendSymbol, tableRow } from '../text/markdown-text.js';
import { paint } from '../text/paint.js';
import { statusPaint } from '../text/status-paint.js';

// A diff of two reports as text: the terminal table, Markdown, and JSON. Each takes the model and returns text.

const codes = { ascii: false };
const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

const interrupted = (side: DiffSide): string => (side.complete ? '' : ' (interrupted run: not every cell finished)');

/** The headline: whether the reports differ, and by how much. */
export const diffHeadline = (diff: ReportDiff): string => {
  const compared = diff.changed.length + diff.sameCount;
  if (diff.identical) return `Identical: all ${plural(compared, 'cell has', 'cells have')} the same outcome in A and B.`;
  const changed = `${diff.changed.length} of ${plural(compared, 'cell', 'cells')} in both reports ${diff.changed.length === 1 ? 'differs' : 'differ'}`;
  const lone = [
    diff.onlyInA.length > 0 ? `${diff.onlyInA.length} only in A` : '',
    diff.onlyInB.length > 0 ? `${diff.onlyInB.length} only in B` : '',
  ];
  const loneText = lone.filter((part) => part !== '').join(', ');
  return `${changed}${loneText === '' ? '' : `; ${loneText}`}.`;
};

const allSummaries = (diff: ReportDiff): OutcomeSummary[] => [
  ...diff.changed.flatMap((cell) => [cell.a, cell.b]),
  ...[...diff.onlyInA, ...diff.onlyInB].map((cell) => cell.outcome),
];

const renderTable = (diff: ReportDiff, options: RenderOptions): string => {
  const code = (summary: OutcomeSummary): string => paint(summaryCode(summary, codes), statusPaint(summary.status), options.color);
  const sideLines = (letter: string, side: DiffSide): string[] => [
    `${paint(letter, 'bold', options.color)}  ${side.name}: ${environmentLine(side.environment)}`,
    `   ${side.source}, run ${side.runId}${interrupted(side)}`,
  ];
  const sections = [[...sideLines('A', diff.a), ...sideLines('B', diff.b)].join('\n'), paint(diffHeadline(diff), 'bold', options.color)];
  if (diff.changed.length > 0) {
    const rows = diff.changed.map((cell: ChangedCell) => [cell.cellId, code(cell.a), code(cell.b)]);
    sections.push(boxTable(['cell', 'A', 'B'], rows, ['left', 'center', 'center']));
  }
  const lone = (letter: string, cells: readonly LoneCell[]): void => {
    if (cells.length === 0) return;
    const rows = cells.map((cell) => [cell.cellId, code(cell.outcome)]);
    sections.push(`Only in ${letter} (${plural(cells.length, 'cell', 'cells')}):\n${boxTable(['cell', letter], rows, ['left', 'center'])}`);
  };
  lone('A', diff.onlyInA);
  lone('B', diff.onlyInB);
  const legend = summaryLegend(allSummaries(diff), codes).map(legendLine);
  if (legend.length > 0) sections.push(legendLines(legend, options.width).join('\n'));
  return `${sections.join('\n\n')}\n`;
};

const renderMarkdown = (diff: ReportDiff, _options: RenderOptions): string => {
  const sideLine = (letter: string, side: DiffSide): string =>
    `- **${letter}** ${inlineCode(side.name)}: ${environmentLine(side.environment)} (${inlineCode(side.source)}${interrupted(side)})`;
  const lines = ['## sockmatrix diff', '', sideLine('A', diff.a), sideLine('B', diff.b), '', `**${diffHeadline(diff)}**`];
  if (diff.changed.length > 0) {
    lines.push('', tableRow(['cell', 'A', 'B']), tableRow([':--', ':-:', ':-:']));
    for (const cell of diff.changed)
      lines.push(tableRow([inlineCode(cell.cellId), summaryCode(cell.a, codes), summaryCode(cell.b, codes)]));
  }
  for (const [letter, cells] of [
    ['A', diff.onlyInA],
    ['B', diff.onlyInB],
  ] as const) {
    if (cells.length === 0) continue;
    lines.push(
      '',
      `### Only in ${letter} (${plural(cells.length, 'cell', 'cells')})`,
      '',
      tableRow(['cell', letter]),
      tableRow([':--', ':-:']),
    );
    for (const cell of cells) lines.push(tableRow([inlineCode(cell.cellId), summaryCode(cell.outcome, codes)]));
  }
  const legend = summaryLegend(allSummaries(diff), codes);
  if (legend.length > 0) lines.push('', `Legend: ${legend.map((entry) => `${legendSymbol(entry.symbol)} ${entry.meaning}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
};

/** The schema name of the JSON diff. */
export const diffSchema = 'sockmatrix/diff@1';

const renderJson = (diff: ReportDiff, _options: RenderOptions): string => {
  const { a, b, changed, sameCount, onlyInA, onlyInB, identical } = diff;
  const counts = { same: sameCount, changed: changed.length, onlyInA: onlyInA.length, onlyInB: onlyInB.length };
  return `${JSON.stringify({ schema: diffSchema, identical, counts, a, b, changed, onlyInA, onlyInB }, null, 2)}\n`;
};

/** The diff renderers by format name: the `--format` values of `sockmatrix diff`. */
export const diffRenderers = {
  table: renderTable,
  markdown: renderMarkdown,
  json: renderJson,
} as const satisfies Record<string, (diff: ReportDiff, options: RenderOptions) => string>;

/** A format name, as `sockmatrix diff --format` takes it. */
export type DiffFormat = keyof typeof diffRenderers;
