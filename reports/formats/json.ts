import type { RenderOptions } from '../render-options.js';
import type { Report } from '../report.js';

// The report as report.json: the complete record that diffing, merging and CI scripts read.

/** The report as pretty JSON: two-space indent, a trailing newline; width and colour do not apply. */
export const renderJson = (report: Report, _options: RenderOptions): string => `${JSON.stringify(report, null, 2)}\n`;
