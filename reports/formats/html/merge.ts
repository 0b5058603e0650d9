import type { MergeResult } from '../../merge.js';
import type { MergeRenderOptions } from '../../render-options.js';
import { environmentLine } from '../../text/environment-name.js';
import { checksLine, legendEntries, mergeSummary, shownCells, whatIsShown } from '../../text/merge-text.js';
import { plural } from '../../text/plural.js';
import { htmlText } from './escape.js';
import { legendSection } from './legend.js';
import { mergeTable } from './merge-table.js';
import { htmlPage } from './page.js';

// `sockmatrix merge --format html`: the environments side by side, a column each, and the cells that differ (--all: every cell).

const environmentsTable = (merge: MergeResult): string => {
  const rows = merge.environments.map(
    (environment) =>
      `<tr><td><code>${htmlText(environment.name)}</code></td><td>${htmlText(environmentLine(environment.environment))}</td><td><code>${htmlText(environment.source)}</code>${environment.complete ? '' : ' <span class="interrupted">(interrupted run)</span>'}</td></tr>`,
  );
  return `<table class="rows"><thead><tr><th scope="col">name</th><th scope="col">environment</th><th scope="col">report</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
};

/** A merge as one self-contained HTML page. */
export const renderHtmlMerge = (merge: MergeResult, options: MergeRenderOptions): string => {
  const cells = shownCells(merge, options.all);
  const title = `sockmatrix: ${plural(merge.environments.length, 'environment', 'environments')} merged`;
  const body = [
    '<header class="page-head">',
    `<h1>sockmatrix merge <span class="sub">${htmlText(plural(merge.environments.length, 'environment', 'environments'))}</span></h1>`,
    '</header>',
    `<p class="headline">${htmlText(mergeSummary(merge))}</p>`,
    ...[checksLine(merge)].flatMap((checks) => (checks === null ? [] : [`<p class="headline">${htmlText(checks)}</p>`])),
    `<p>${htmlText(whatIsShown(merge, options.all))}</p>`,
    ...(cells.length === 0 ? [] : [mergeTable(merge, cells), legendSection(legendEntries(cells), '')]),
    '<h2>Environments</h2>',
    environmentsTable(merge),
    ...(merge.skipped.length === 0
      ? []
      : [
          '<h2>Not merged</h2>',
          `<ul>${merge.skipped.map((skipped) => `<li><code>${htmlText(skipped.source)}</code> ${htmlText(skipped.reason)}</li>`).join('\n')}</ul>`,
        ]),
  ];
  return htmlPage({ title, body: body.join('\n'), data: null });
};
