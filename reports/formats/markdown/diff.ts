// A diff of two reports as Markdown, for a pull request or a ticket. Both reports may come from anywhere: every word
// taken from them is code or escaped text.

import type { DiffSide, ReportDiff } from '../../diff.js';
import type { RenderOptions } from '../../render-options.js';
import { summaryCode } from '../../text/codes.js';
import { allSummaries, diffHeadline, interrupted } from '../../text/diff-text.js';
import { environmentLine } from '../../text/environment-name.js';
import { summaryLegend } from '../../text/legend.js';
import { inlineCode, legendEntryText, markdownText, tableRow } from '../../text/markdown-text.js';
import { plural } from '../../text/plural.js';

const codes = { ascii: false };

/** A diff as Markdown. */
export const renderDiffMarkdown = (diff: ReportDiff, _options: RenderOptions): string => {
  const sideLine = (letter: string, side: DiffSide): string =>
    `- **${letter}** ${inlineCode(side.name)}: ${markdownText(environmentLine(side.environment))} (${inlineCode(side.source)}${interrupted(side)})`;
  const lines = ['## sockmatrix diff', '', sideLine('A', diff.a), sideLine('B', diff.b), '', `**${diffHeadline(diff)}**`];
  if (diff.changed.length > 0) {
    lines.push('', tableRow(['cell', 'A', 'B']), tableRow([':--', ':-:', ':-:']));
    for (const cell of diff.changed)
      lines.push(tableRow([inlineCode(cell.cellId), markdownText(summaryCode(cell.a, codes)), markdownText(summaryCode(cell.b, codes))]));
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
    for (const cell of cells) lines.push(tableRow([inlineCode(cell.cellId), markdownText(summaryCode(cell.outcome, codes))]));
  }
  const legend = summaryLegend(allSummaries(diff), codes);
  if (legend.length > 0) lines.push('', `Legend: ${legend.map(legendEntryText).join(', ')}`);
  return `${lines.join('\n')}\n`;
};
