// A profile set as Markdown: each profile's report without its per-cell evidence, then the comparison.

import { type ProfileSet, profileSetMerge } from '../../profile-set.js';
import type { RenderOptions } from '../../render-options.js';
import { withoutDetailsBlocks } from '../../text/markdown-text.js';
import { profileHeading, profileSkippedLines } from '../../text/profile-set-text.js';
import { renderMergeMarkdown } from './merge.js';
import { renderMarkdownReport } from './report.js';

// Headings one level down, so each profile's report becomes a section of the whole.
const demoted = (markdown: string): string => markdown.replace(/^(#{1,5}) /gm, '#$1 ');

/** The Markdown form: each profile's report without its per-cell evidence (that stays in the profile's own report.md), then the comparison. */
export const renderProfileSetMarkdown = (set: ProfileSet, options: RenderOptions): string => {
  const parts = [`# sockmatrix: ${set.reports.length} profiles (run ${set.run.id}${set.run.complete ? '' : ', INTERRUPTED'})`];
  set.reports.forEach((report, index) => {
    const heading = profileHeading(set, index);
    const body = demoted(withoutDetailsBlocks(renderMarkdownReport(report, options))).replace(
      /^## sockmatrix: .*$/m,
      `## ${heading.title}`,
    );
    parts.push(`${body.trimEnd()}\n\n${heading.fidelity}`);
  });
  if (set.skipped.length > 0)
    parts.push(
      profileSkippedLines(set)
        .map((line) => `- ${line}`)
        .join('\n'),
    );
  if (set.reports.length > 1)
    parts.push(`## Comparison across profiles\n\n${renderMergeMarkdown(profileSetMerge(set), { ...options, all: false }).trimEnd()}`);
  return `${parts.join('\n\n')}\n`;
};
