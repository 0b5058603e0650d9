import { runtimeName } from '../../../matrix/dimensions.js';
import { buildCoexistGrids } from '../../coexist-grid.js';
import { buildGrids, type Grid } from '../../grid.js';
import type { RenderOptions } from '../../render-options.js';
import type { Report } from '../../report.js';
import { cellSnippets } from '../../snippets/index.js';
import type { CellSnippets } from '../../snippets/snippet.js';
import { runtimesLine } from '../../text/environment-name.js';
import { buildLegend } from '../../text/legend.js';
import { coexistGridBlock } from './coexist-grid-table.js';
import { htmlText } from './escape.js';
import { gridBlock } from './grid-table.js';
import { checkMarkEntries, legendSection } from './legend.js';
import { htmlPage } from './page.js';
import { PageCells } from './page-cells.js';
import { checkSection, filterBar, runAndEnvironment } from './report-parts.js';

// report.html: the run and its environment, the check, the grids (each cell opens its evidence), the legend.

/** A report's check, grids and legend, its cells added to the page's; `idPrefix` keeps element ids apart. */
export const reportGrids = (report: Report, cells: PageCells, idPrefix: string, anchorPrefix: string): string => {
  const indexes = cells.add(report, anchorPrefix);
  const blocks = [
    ...buildGrids(report).map((grid) => gridBlock(grid, indexes, idPrefix)),
    ...buildCoexistGrids(report).map((grid) => coexistGridBlock(grid, indexes, idPrefix)),
  ];
  return [checkSection(report, indexes.byId), ...(blocks.length === 0 ? ['<p>This report has no cells.</p>'] : blocks)].join('\n');
};

/** The page's title line: where the pairings ran. */
export const reportTitle = (report: Report): string => {
  const { os } = report.environment;
  return `loopback pairings on ${os.platform} ${os.release} (${os.arch}), ${runtimesLine(report.environment)}`;
};

/** What the legend says of the grids' lines: a thick one between runtimes, where the grids hold more than one. */
export const runtimeLines = (grids: readonly Grid[]): string => {
  const runtimes = new Set(
    grids.flatMap((grid) => [
      ...grid.rows.map((row) => runtimeName(row.server)),
      ...grid.columns.map((column) => runtimeName(column.client)),
    ]),
  );
  return runtimes.size > 1 ? 'A thick line separates the runtimes.' : '';
};

/** The report as one self-contained HTML page; `snippetsOf` writes each cell's repro programs. */
export const renderHtmlReport = (report: Report, _options: RenderOptions, snippetsOf: CellSnippets = cellSnippets): string => {
  const cells = new PageCells(snippetsOf);
  const label = report.run.label === undefined || report.run.label === null ? '' : ` (${report.run.label})`;
  const body = [
    '<header class="page-head">',
    `<h1>sockmatrix <span class="sub">${htmlText(reportTitle(report))}</span></h1>`,
    runAndEnvironment(report),
    '</header>',
    filterBar(buildGrids(report), buildCoexistGrids(report)),
    reportGrids(report, cells, 'grid-', ''),
    legendSection([...buildLegend(report, { ascii: false }), ...checkMarkEntries([report])], runtimeLines(buildGrids(report))),
  ].join('\n');
  return htmlPage({ title: `sockmatrix ${report.run.id}${label}`, body, data: cells.pageData() });
};
