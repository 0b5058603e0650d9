import type { ReportDiff } from '../diff.js';
import type { MergeResult } from '../merge.js';
import type { ProfileSet } from '../profile-set.js';
import type { MergeRenderOptions, RenderOptions } from '../render-options.js';
import type { Report } from '../report.js';

// What an output format is: one renderer per model it can show, and the files it leaves in a run folder.
// A renderer takes a model and returns text; it never decides an outcome.

/** One output format, as `--format` names it. */
export interface Format {
  /** The file it writes into a run folder for one report and for a profile set; null where it writes none. */
  files: { report: string | null; profileSet: string | null };
  /** A run's report. */
  report: (report: Report, options: RenderOptions) => string;
  /** Two reports compared (`sockmatrix diff`), where the format shows one. */
  diff?: (diff: ReportDiff, options: RenderOptions) => string;
  /** Many reports side by side (`sockmatrix merge`), where the format shows one. */
  merge?: (merge: MergeResult, options: MergeRenderOptions) => string;
  /** A run over several profiles (`--profile`), where the format shows one. */
  profileSet?: (set: ProfileSet, options: RenderOptions) => string;
}
