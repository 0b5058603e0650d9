import type { Format } from '../format.js';
import { renderDiffMarkdown } from './diff.js';
import { renderMergeMarkdown } from './merge.js';
import { renderProfileSetMarkdown } from './profile-set.js';
import { renderMarkdownReport } from './report.js';

/** Markdown for a bug ticket or a step summary: report.md in a run folder. */
export const markdown = {
  files: { report: 'report.md', profileSet: 'report.md' },
  report: renderMarkdownReport,
  diff: renderDiffMarkdown,
  merge: renderMergeMarkdown,
  profileSet: renderProfileSetMarkdown,
} as const satisfies Format;
