import type { ReportDiff } from '../diff.js';
import type { MergedEnvironment, MergeResult } from '../merge.js';
import type { ProfileSet } from '../profile-set.js';
import type { Report } from '../report.js';
import type { Format } from './format.js';

// JSON for scripts: report.json (the complete record that diffing, merging and CI scripts read), the diff,
// the merge and the profile set. Pretty, two-space indented, a trailing newline; width and colour do not apply.

/** The report as report.json. */
const renderReport = (report: Report): string => `${JSON.stringify(report, null, 2)}\n`;

/** The schema name of the JSON diff. */
export const diffSchema = 'sockmatrix/diff@1';

const renderDiff = (diff: ReportDiff): string => {
  const { a, b, changed, sameCount, onlyInA, onlyInB, identical } = diff;
  const counts = { same: sameCount, changed: changed.length, onlyInA: onlyInA.length, onlyInB: onlyInB.length };
  return `${JSON.stringify({ schema: diffSchema, identical, counts, a, b, changed, onlyInA, onlyInB }, null, 2)}\n`;
};

/** The schema name of the JSON merge result. */
export const mergeSchema = 'sockmatrix/merge@1';

// JSON always holds every cell, each with its behaviour, so a script filters rather than guesses what --all left out.
const renderMerge = (merge: MergeResult): string => {
  const names = merge.environments.map((environment: MergedEnvironment) => environment.name);
  const cells = merge.cells.map((cell) => ({
    id: cell.cellId,
    transport: cell.transport,
    behaviour: cell.behaviour,
    outcomes: Object.fromEntries(names.map((name, index) => [name, cell.outcomes[index] ?? null])),
  }));
  const { counts, environments, skipped } = merge;
  return `${JSON.stringify({ schema: mergeSchema, counts, environments, cells, skipped }, null, 2)}\n`;
};

/** The profile set as profile-set.json: the whole set, every profile's complete report inside. */
const renderProfileSet = (set: ProfileSet): string => `${JSON.stringify(set, null, 2)}\n`;

/** JSON: report.json and profile-set.json in a run folder. */
export const json = {
  files: { report: 'report.json', profileSet: 'profile-set.json' },
  report: renderReport,
  diff: renderDiff,
  merge: renderMerge,
  profileSet: renderProfileSet,
} as const satisfies Format;
