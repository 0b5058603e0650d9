import { summarizeOutcome } from '../../../harness/cell-outcome.js';
import { buildGrids } from '../../grid.js';
import { type ProfileSet, profileSetMerge } from '../../profile-set.js';
import type { RenderOptions } from '../../render-options.js';
import { cellSnippets } from '../../snippets/index.js';
import type { CellSnippets } from '../../snippets/snippet.js';
import { summaryLegend } from '../../text/legend.js';
import { mergeSummary, shownCells } from '../../text/merge-text.js';
import { plural } from '../../text/plural.js';
import { profileHeading, profileSkippedLines } from '../../text/profile-set-text.js';
import { htmlText } from './escape.js';
import { checkMarkEntries, legendSection } from './legend.js';
import { mergeTable } from './merge-table.js';
import { htmlPage } from './page.js';
import { PageCells } from './page-cells.js';
import { reportGrids, runtimeLines } from './report.js';
import { filterBar, runAndEnvironment } from './report-parts.js';

// report.html of a profile run: the profiles, each one's grids (every cell opens its evidence), and the comparison.

const profileName = (set: ProfileSet, index: number): string => set.reports[index]?.run.profile?.name ?? 'host';

/** A profile set as one self-contained HTML page. */
export const renderHtmlProfileSet = (set: ProfileSet, _options: RenderOptions, snippetsOf: CellSnippets = cellSnippets): string => {
  const cells = new PageCells(snippetsOf);
  const toc = set.reports.map((report, index) => {
    const connected = report.cells.filter((cell) => cell.outcome.status === 'connected').length;
    const counts = `${plural(report.cells.length, 'cell', 'cells')}, ${connected} connected`;
    return `<li><a href="#profile-${index}">${htmlText(profileHeading(set, index).title)}</a> <span class="muted">(${htmlText(counts)})</span></li>`;
  });
  const sections = set.reports.map((report, index) => {
    const heading = profileHeading(set, index);
    return [
      `<section class="profile" id="profile-${index}">`,
      `<h2>${htmlText(heading.title)}</h2>`,
      `<p>${htmlText(heading.fidelity)}</p>`,
      runAndEnvironment(report),
      reportGrids(report, cells, `p${index}-`, `${profileName(set, index)}: `),
      '</section>',
    ].join('\n');
  });
  const merge = profileSetMerge(set);
  const differing = shownCells(merge, false);
  const comparison =
    set.reports.length < 2
      ? []
      : [
          '<section class="comparison" id="comparison">',
          '<h2>Comparison across profiles</h2>',
          `<p class="headline">${htmlText(mergeSummary(merge))}</p>`,
          differing.length === 0 ? '<p>No cell changes between these profiles.</p>' : mergeTable(merge, differing),
          '</section>',
        ];
  const grids = set.reports.flatMap((report) => buildGrids(report));
  const summaries = set.reports.flatMap((report) => report.cells.map((cell) => summarizeOutcome(cell.outcome)));
  const title = `${set.reports.length} profiles (run ${set.run.id}${set.run.complete ? '' : ', INTERRUPTED'})`;
  const body = [
    '<header class="page-head">',
    `<h1>sockmatrix <span class="sub">${htmlText(title)}</span></h1>`,
    `<nav class="toc"><ul>${toc.join('\n')}${set.reports.length < 2 ? '' : '<li><a href="#comparison">Comparison across profiles</a></li>'}</ul></nav>`,
    ...profileSkippedLines(set).map((line) => `<p class="muted">${htmlText(line)}</p>`),
    ...(set.run.complete ? [] : ['<p class="interrupted">This run was interrupted: the profiles below are the ones that finished.</p>']),
    '</header>',
    filterBar(grids),
    ...sections,
    ...comparison,
    legendSection([...summaryLegend(summaries, { ascii: false }), ...checkMarkEntries(set.reports)], runtimeLines(grids)),
  ];
  return htmlPage({ title: `sockmatrix ${title}`, body: body.join('\n'), data: cells.pageData() });
};
