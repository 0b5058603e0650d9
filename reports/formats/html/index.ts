import type { Format } from '../format.js';
import { renderHtmlDiff } from './diff.js';
import { renderHtmlMerge } from './merge.js';
import { renderHtmlProfileSet } from './profile-set.js';
import { renderHtmlReport } from './report.js';

/** HTML for a person at a browser: report.html in a run folder, one self-contained file that loads nothing. */
export const html = {
  files: { report: 'report.html', profileSet: 'report.html' },
  report: (report, options) => renderHtmlReport(report, options),
  diff: renderHtmlDiff,
  merge: renderHtmlMerge,
  profileSet: (set, options) => renderHtmlProfileSet(set, options),
} as const satisfies Format;
