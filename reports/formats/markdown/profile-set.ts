import { type ProfileSet, profileSetMerge } from '../../profile-set.js';
import type { RenderOptions } from '../../render-options.js';
import { inlineCode, legendEntryText, markdownText, withoutDetailsBlocks } from '../../text/markdown-text.js';
import { legendEntries, mergeSummary, shownCells } from '../../text/merge-text.js';
import { plural } from '../../text/plural.js';
import { profileHeading, profileSkippedLines } from '../../text/profile-set-text.js';
import { mergeTableLines } from './merge.js';
import { issueBodyLimit, renderMarkdownReport, reportBudget } from './report.js';

// A profile set as Markdown, within an issue body's 65,536 characters: the profiles in a line each, the
// comparison (the cells whose outcome changes between profiles), then each profile's grids while they fit.
// Each profile's own report.md, in profiles/<name>/, has its grids and its evidence whatever happens here.

// Headings one level down, so each profile's report becomes a section of the whole.
const demoted = (markdown: string): string => markdown.replace(/^(#{1,5}) /gm, '#$1 ');

const size = (parts: readonly string[]): number => parts.reduce((total, part) => total + part.length + 2, 0);

const outcomeCounts = (set: ProfileSet, index: number): string => {
  const cells = set.reports[index]?.cells ?? [];
  const connected = cells.filter((cell) => cell.outcome.status === 'connected').length;
  const coexisted = cells.filter((cell) => cell.outcome.status === 'coexisted').length;
  const shared = coexisted === 0 ? '' : `, ${coexisted} coexisted`;
  return `${plural(cells.length, 'cell', 'cells')}, ${connected} connected${shared}, ${cells.length - connected - coexisted} did not`;
};

/** The comparison across profiles, its rows cut to `budget` characters with a line saying how many were left out. */
const comparison = (set: ProfileSet, budget: number): string => {
  const merge = profileSetMerge(set);
  const cells = shownCells(merge, false);
  const lines = ['## Comparison across profiles', '', `**${mergeSummary(merge)}**`];
  if (cells.length === 0) return [...lines, '', 'No cell changes between these profiles.'].join('\n');
  const legend = `Legend: ${legendEntries(cells).map(legendEntryText).join(', ')}`;
  const table = mergeTableLines(merge, cells);
  let kept = table.length;
  const room = budget - size(lines) - legend.length - 400;
  while (kept > 2 && size(table.slice(0, kept)) > room) kept -= 1;
  const left = table.length - kept;
  const note =
    left === 0
      ? []
      : [
          '',
          `… and ${plural(left, 'more cell differs', 'more cells differ')}, left out to stay under GitHub's ${issueBodyLimit.toLocaleString('en-US')}-character limit: ${inlineCode('sockmatrix merge <run folder>/profiles')} lists them all.`,
        ];
  return [...lines, '', 'The cells whose outcome differs between profiles:', '', ...table.slice(0, kept), ...note, '', legend].join('\n');
};

/** The Markdown form: the profiles, the comparison, then each profile's report without its evidence, while it fits. */
export const renderProfileSetMarkdown = (set: ProfileSet, options: RenderOptions): string => {
  const parts = [
    `# sockmatrix: ${set.reports.length} profiles (run ${markdownText(set.run.id)}${set.run.complete ? '' : ', INTERRUPTED'})`,
    set.reports
      .map(
        (report, index) =>
          `- ${inlineCode(report.run.profile?.name ?? 'host')}: ${markdownText(profileHeading(set, index).title.replace(/^Profile \S+: /, ''))} (${outcomeCounts(set, index)})`,
      )
      .join('\n'),
  ];
  if (set.skipped.length > 0)
    parts.push(
      profileSkippedLines(set)
        .map((line) => `- ${markdownText(line)}`)
        .join('\n'),
    );
  if (set.reports.length > 1) parts.push(comparison(set, Math.floor(reportBudget / 2)));
  const pointers: string[] = [];
  set.reports.forEach((report, index) => {
    const heading = profileHeading(set, index);
    const name = report.run.profile?.name ?? 'host';
    // A function, so a `$&` in a user's profile is text, not a replacement pattern.
    const body = demoted(withoutDetailsBlocks(renderMarkdownReport(report, options))).replace(
      /^## sockmatrix: .*$/m,
      () => `## ${markdownText(heading.title)}`,
    );
    // The evidence stays in the profile's own report.md: here its headings would stand with nothing under them.
    const [withoutEvidence = body] = body.split(/^### Evidence.*$/m);
    const evidence = `Each cell's evidence: ${inlineCode(`profiles/${name}/report.md`)}.`;
    const section = `${withoutEvidence.trimEnd()}\n\n${markdownText(heading.fidelity)}\n\n${evidence}`;
    if (size([...parts, section]) + 400 <= reportBudget) parts.push(section);
    else pointers.push(name);
  });
  if (pointers.length > 0) {
    parts.push(
      `The grids of ${pointers.map((name) => inlineCode(name)).join(', ')} are left out here, to stay under GitHub's ${issueBodyLimit.toLocaleString('en-US')}-character limit: each profile's own ${inlineCode('profiles/<name>/report.md')} has its grids and its evidence.`,
    );
  }
  return `${parts.join('\n\n')}\n`;
};
