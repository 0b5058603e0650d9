import type { DiffSide, LoneCell, ReportDiff } from '../../diff.js';
import type { RenderOptions } from '../../render-options.js';
import { allSummaries, diffHeadline, interrupted } from '../../text/diff-text.js';
import { environmentLine } from '../../text/environment-name.js';
import { summaryLegend } from '../../text/legend.js';
import { plural } from '../../text/plural.js';
import { htmlText } from './escape.js';
import { legendSection } from './legend.js';
import { htmlPage } from './page.js';
import { summaryTable } from './summary-rows.js';

// `sockmatrix diff --format html`: both reports side by side, the cells whose outcome changed, those only one holds.

const sideCard = (letter: string, side: DiffSide): string =>
  [
    '<section class="side">',
    `<h2>${letter} <code>${htmlText(side.name)}</code></h2>`,
    `<p>${htmlText(environmentLine(side.environment))}</p>`,
    `<p class="muted"><code>${htmlText(side.source)}</code>, run ${htmlText(side.runId)}${htmlText(interrupted(side))}</p>`,
    '</section>',
  ].join('\n');

const heading = (letter: string, side: DiffSide): string => `${letter} <span class="sub">${htmlText(side.name)}</span>`;

const loneSection = (letter: string, side: DiffSide, cells: readonly LoneCell[]): string =>
  cells.length === 0
    ? ''
    : [
        `<h2>Only in ${letter} <span class="sub">${htmlText(plural(cells.length, 'cell', 'cells'))}</span></h2>`,
        summaryTable(
          [heading(letter, side)],
          cells.map((cell) => ({ cellId: cell.cellId, outcomes: [cell.outcome] })),
          false,
        ),
      ].join('\n');

/** A diff as one self-contained HTML page. */
export const renderHtmlDiff = (diff: ReportDiff, _options: RenderOptions): string => {
  const changed =
    diff.changed.length === 0
      ? ''
      : [
          `<h2>Changed <span class="sub">${htmlText(plural(diff.changed.length, 'cell', 'cells'))}</span></h2>`,
          summaryTable(
            [heading('A', diff.a), heading('B', diff.b)],
            diff.changed.map((cell) => ({ cellId: cell.cellId, outcomes: [cell.a, cell.b] })),
            false,
          ),
        ].join('\n');
  const legend = summaryLegend(allSummaries(diff), { ascii: false });
  const body = [
    '<header class="page-head">',
    `<h1>sockmatrix diff <span class="sub">${htmlText(`${diff.a.name} and ${diff.b.name}`)}</span></h1>`,
    '</header>',
    `<div class="sides">${sideCard('A', diff.a)}${sideCard('B', diff.b)}</div>`,
    `<p class="headline">${htmlText(diffHeadline(diff))}</p>`,
    changed,
    loneSection('A', diff.a, diff.onlyInA),
    loneSection('B', diff.b, diff.onlyInB),
    legend.length === 0 ? '' : legendSection(legend, ''),
  ].filter((part) => part !== '');
  return htmlPage({ title: `sockmatrix diff: ${diff.a.name} and ${diff.b.name}`, body: body.join('\n'), data: null });
};
