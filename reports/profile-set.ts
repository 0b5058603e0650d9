import { type MergeInput, type MergeResult, mergeReports } from './merge.js';
import type { ProfileRecord, Report } from './report.js';

// A run over several profiles: one complete report per profile (each with the environment measured
// inside its namespace), and the profiles that could not run, with why.

/** The schema name and version of a profile set (profile-set.json, and --json with --profile). */
export const profileSetSchema = 'sockmatrix/profile-set@1';

/** A profile that did not run, in one line. */
export interface SkippedProfile {
  profile: ProfileRecord;
  reason: string;
}

/** Every profile's report of one run. */
export interface ProfileSet {
  schema: typeof profileSetSchema;
  run: { id: string; startedAt: string; finishedAt: string; complete: boolean; label: string | null; profiles: string[] };
  /** One report per profile that ran, in the order they ran; each has `run.profile`. */
  reports: Report[];
  skipped: SkippedProfile[];
}

/** The profiles' reports merged, one column per profile: the comparison every profile-set format ends with. */
export const profileSetMerge = (set: ProfileSet): MergeResult =>
  mergeReports(set.reports.map((report): MergeInput => ({ source: `profile ${report.run.profile?.name ?? 'host'}`, report })));
