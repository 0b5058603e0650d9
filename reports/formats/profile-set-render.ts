import { withoutDetailsBlocks } from '../github-actions.js';
import { type MergeInput, mergeReports } from '../merge.js';
import type { ProfileSet } from '../profile-set.js';
import type { RenderOptions } from '../render-options.js';
import { environmentLine } from '../text/environment-name.js';
import { renderMarkdown } from './markdown/report.js';
import { mergeRenderers } from './merge-render.js';
import { renderTerminalTable } from './table/report.js';

// A profile set as text: one grid per profile, the profiles that could not run, then the comparison:
// the cells whose outcome changes between profiles (the merge of the profiles' reports).

const mergeOf = (set: ProfileSet) =>
  mergeReports(set.reports.map((report): MergeInput => ({ source: `profile ${report.run.profile?.name ?? 'host'}`, report })));

const profileHeading = (set: ProfileSet, index: number): { title: string; fidelity: string; environment: string } => {
  const report = set.reports[index];
  const name = report?.run.profile?.name ?? 'host';
  return {
    title: `Profile ${name}: ${report?.run.profile?.imitates ?? 'this machine as it is'}`,
    fidelity: `Fidelity: ${report?.run.profile?.fidelity ?? 'exact'}`,
    environment: report ? `Measured inside: ${environmentLine(report.environment)}` : '',
  };
};

const skippedLines = (set: ProfileSet): string[] => set.skipped.map(({ profile, reason }) => `Profile ${profile.name} skipped: ${reason}`);

/** The terminal form: a titled grid per profile, then the comparison table. */
const renderTable = (set: ProfileSet, options: RenderOptions): string => {
  const parts: string[] = [];
  set.reports.forEach((report, index) => {
    const heading = profileHeading(set, index);
    const rule = '='.repeat(Math.min(options.width, heading.title.length));
    parts.push(
      `${rule}\n${heading.title}\n${heading.fidelity}\n${heading.environment}\n${rule}\n\n${renderTerminalTable(report, options)}`,
    );
  });
  if (set.skipped.length > 0) parts.push(`${skippedLines(set).join('\n')}\n`);
  if (set.reports.length > 1) {
    parts.push(`Comparison across profiles\n\n${mergeRenderers.table(mergeOf(set), { ...options, all: false })}`);
  }
  if (!set.run.complete) parts.push('This run was interrupted: the profiles above are the ones that finished.\n');
  return parts.join('\n');
};

// Headings one level down, so each profile's report becomes a section of the whole.
const demoted = (markdown: string): string => markdown.replace(/^(#{1,5}) /gm, '#$1 ');

/** The Markdown form: each profile's report without its per-cell evidence (that stays in the profile's own report.md), then the comparison. */
const renderSetMarkdown = (set: ProfileSet, options: RenderOptions): string => {
  const parts = [`# sockmatrix: ${set.reports.length} profiles (run ${set.run.id}${set.run.complete ? '' : ', INTERRUPTED'})`];
  set.reports.forEach((report, index) => {
    const heading = profileHeading(set, index);
    const body = demoted(withoutDetailsBlocks(renderMarkdown(report, options))).replace(/^## sockmatrix: .*$/m, `## ${heading.title}`);
    parts.push(`${body.trimEnd()}\n\n${heading.fidelity}`);
  });
  if (set.skipped.length > 0)
    parts.push(
      skippedLines(set)
        .map((line) => `- ${line}`)
        .join('\n'),
    );
  if (set.reports.length > 1)
    parts.push(`## Comparison across profiles\n\n${mergeRenderers.markdown(mergeOf(set), { ...options, all: false }).trimEnd()}`);
  return `${parts.join('\n\n')}\n`;
};

/** The JSON form: the whole set, every profile's complete report inside. */
const renderJson = (set: ProfileSet): string => `${JSON.stringify(set, null, 2)}\n`;

/** The profile-set renderers by the run's --format name. */
export const profileSetRenderers = {
  table: renderTable,
  markdown: renderSetMarkdown,
  json: renderJson,
} as const satisfies Record<string, (set: ProfileSet, options: RenderOptions) => string>;
