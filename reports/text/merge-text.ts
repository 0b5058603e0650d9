// The sentences and marks of a merge, worded once for every format that prints one.

import type { MergedCell, MergeResult } from '../merge.js';
import { type LegendEntry, summaryLegend } from './legend.js';
import { plural } from './plural.js';

const codes = { ascii: false };

/** The mark of a row whose cell behaves differently somewhere: it shows without colour, and in Markdown. */
export const differsMark = '≠';

/** The summary line: `19 cells behave the same everywhere, 5 differ`, and any cells some reports lack. */
export const mergeSummary = (merge: MergeResult): string => {
  const { same, differs, partial } = merge.counts;
  const parts = [
    `${plural(same, 'cell behaves', 'cells behave')} the same everywhere`,
    `${differs} ${differs === 1 ? 'differs' : 'differ'}`,
  ];
  if (partial > 0) parts.push(`${plural(partial, 'cell is', 'cells are')} not in every report`);
  return `${parts.join(', ')}.`;
};

/**
 * Which environments' checks failed, in one line, so the merged table of a CI run says which jobs deviated:
 * `Checks: FAILED in windows-latest-node20 (2 deviated), macos-latest-node22 (1 flaky); passed in 3; 1 not checked.`
 * Null where no report was checked.
 */
export const checksLine = (merge: MergeResult): string | null => {
  const checked = merge.environments.filter((environment) => environment.check !== null);
  if (checked.length === 0) return null;
  const failed = checked.filter((environment) => environment.check?.passed === false);
  const failures = failed.map(({ name, check }) => {
    const counts = [check?.deviated ? `${check.deviated} deviated` : '', check?.flaky ? `${check.flaky} flaky` : ''].filter(Boolean);
    return `${name} (${counts.join(', ')})`;
  });
  const parts = [
    ...(failed.length === 0 ? [] : [`FAILED in ${failures.join(', ')}`]),
    `passed in ${checked.length - failed.length === merge.environments.length ? 'all' : checked.length - failed.length}`,
  ];
  const unchecked = merge.environments.length - checked.length;
  if (unchecked > 0) parts.push(`${unchecked} not checked`);
  return `Checks: ${parts.join('; ')}.`;
};

/** The rows to show: every cell with --all, else those that differ. */
export const shownCells = (merge: MergeResult, all: boolean): MergedCell[] =>
  all ? merge.cells : merge.cells.filter((cell) => cell.behaviour === 'differs');

/** What the table shows, in one sentence. */
export const whatIsShown = (merge: MergeResult, all: boolean): string => {
  const reports = plural(merge.environments.length, 'report', 'reports');
  if (all) return `Merged ${reports}: every cell, ${differsMark} where it differs across environments.`;
  if (merge.counts.differs === 0) return `Merged ${reports}: no cell differs across environments.`;
  return `Merged ${reports}: the ${plural(merge.counts.differs, 'cell', 'cells')} that differ across environments (--all for all ${merge.counts.cells}).`;
};

/** The reports left out, a line each. */
export const skippedLines = (merge: MergeResult): string[] =>
  merge.skipped.length === 0 ? [] : ['Not merged:', ...merge.skipped.map((skipped) => `  ${skipped.source} ${skipped.reason}`)];

/** The legend of the rows shown: the mark, then only the codes they use. */
export const legendEntries = (cells: readonly MergedCell[]): LegendEntry[] => [
  { symbol: differsMark, meaning: 'differs across environments' },
  ...summaryLegend(
    cells.flatMap((cell) => cell.outcomes),
    codes,
  ),
];
