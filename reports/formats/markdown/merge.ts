// A merge as Markdown, for a GitHub step summary. The reports may come from anywhere (downloaded artifacts): every word
// taken from them is code or escaped text.

import type { MergedCell, MergeResult } from '../../merge.js';
import type { MergeRenderOptions } from '../../render-options.js';
import { summaryCode } from '../../text/codes.js';
import { environmentLine } from '../../text/environment-name.js';
import { inlineCode, legendEntryText, markdownText, tableRow } from '../../text/markdown-text.js';
import { checksLine, differsMark, legendEntries, mergeSummary, shownCells, whatIsShown } from '../../text/merge-text.js';
import { plural } from '../../text/plural.js';

const codes = { ascii: false };

/** The merge's table of cells as Markdown lines: a header, then a row per cell given. */
export const mergeTableLines = (merge: MergeResult, cells: readonly MergedCell[]): string[] => [
  tableRow(['', 'cell', ...merge.environments.map((environment) => inlineCode(environment.name))]),
  tableRow([':-:', ':--', ...merge.environments.map(() => ':-:')]),
  ...cells.map((cell) =>
    tableRow([
      cell.behaviour === 'differs' ? differsMark : '',
      inlineCode(cell.cellId),
      ...cell.outcomes.map((summary) => markdownText(summaryCode(summary, codes))),
    ]),
  ),
];

/** A merge as Markdown. */
export const renderMergeMarkdown = (merge: MergeResult, options: MergeRenderOptions): string => {
  const cells = shownCells(merge, options.all);
  const lines = [
    `## sockmatrix: ${plural(merge.environments.length, 'environment', 'environments')} merged`,
    '',
    `**${mergeSummary(merge)}**`,
    '',
    whatIsShown(merge, options.all),
  ];
  const checks = checksLine(merge);
  if (checks !== null) lines.splice(3, 0, `**${markdownText(checks)}**`, '');
  if (cells.length > 0) lines.push('', ...mergeTableLines(merge, cells));
  if (cells.length > 0) {
    lines.push('', `Legend: ${legendEntries(cells).map(legendEntryText).join(', ')}`);
  }
  lines.push('', '### Environments', '', tableRow(['name', 'environment', 'report']), tableRow([':--', ':--', ':--']));
  for (const environment of merge.environments) {
    const source = `${inlineCode(environment.source)}${environment.complete ? '' : ' (interrupted run)'}`;
    lines.push(tableRow([inlineCode(environment.name), markdownText(environmentLine(environment.environment)), source]));
  }
  if (merge.skipped.length > 0) {
    lines.push(
      '',
      '### Not merged',
      '',
      ...merge.skipped.map((skipped) => `- ${inlineCode(skipped.source)} ${markdownText(skipped.reason)}`),
    );
  }
  return `${lines.join('\n')}\n`;
};
