import type { Format } from '../format.js';
import { renderDiffTable } from './diff.js';
import { renderMergeTable } from './merge.js';
import { renderProfileSetTable } from './profile-set.js';
import { renderTerminalTable } from './report.js';

/** Box tables for a terminal, fitted to its width: stdout only, no file in a run folder. */
export const table = {
  files: { report: null, profileSet: null },
  report: renderTerminalTable,
  diff: renderDiffTable,
  merge: renderMergeTable,
  profileSet: renderProfileSetTable,
} as const satisfies Format;
