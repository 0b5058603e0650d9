// The headings and lines of a profile set, worded once for every format that prints one.

import type { ProfileSet } from '../profile-set.js';
import { environmentLine } from './environment-name.js';

/** The title, fidelity and environment lines of the profile at `index`. */
export const profileHeading = (set: ProfileSet, index: number): { title: string; fidelity: string; environment: string } => {
  const report = set.reports[index];
  const name = report?.run.profile?.name ?? 'host';
  return {
    title: `Profile ${name}: ${report?.run.profile?.imitates ?? 'this machine as it is'}`,
    fidelity: `Fidelity: ${report?.run.profile?.fidelity ?? 'exact'}`,
    environment: report ? `Measured inside: ${environmentLine(report.environment)}` : '',
  };
};

/** The profiles that could not run, a line each. */
export const profileSkippedLines = (set: ProfileSet): string[] =>
  set.skipped.map(({ profile, reason }) => `Profile ${profile.name} skipped: ${reason}`);
