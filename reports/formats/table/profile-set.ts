// A profile set for a terminal: a titled grid per profile, then the comparison table.

import { type ProfileSet, profileSetMerge } from '../../profile-set.js';
import type { RenderOptions } from '../../render-options.js';
import { profileHeading, profileSkippedLines } from '../../text/profile-set-text.js';
import { renderMergeTable } from './merge.js';
import { renderTerminalTable } from './report.js';

/** The terminal form: a titled grid per profile, then the comparison table. */
export const renderProfileSetTable = (set: ProfileSet, options: RenderOptions): string => {
  const parts: string[] = [];
  set.reports.forEach((report, index) => {
    const heading = profileHeading(set, index);
    const rule = '='.repeat(Math.min(options.width, heading.title.length));
    parts.push(
      `${rule}\n${heading.title}\n${heading.fidelity}\n${heading.environment}\n${rule}\n\n${renderTerminalTable(report, options)}`,
    );
  });
  if (set.skipped.length > 0) parts.push(`${profileSkippedLines(set).join('\n')}\n`);
  if (set.reports.length > 1) {
    parts.push(`Comparison across profiles\n\n${renderMergeTable(profileSetMerge(set), { ...options, all: false })}`);
  }
  if (!set.run.complete) parts.push('This run was interrupted: the profiles above are the ones that finished.\n');
  return parts.join('\n');
};
