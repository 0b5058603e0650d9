// The sentences of a diff, worded once for every format that prints one.

import type { OutcomeSummary } from '../../matrix/outcome-summary.js';
import type { DiffSide, ReportDiff } from '../diff.js';
import { plural } from './plural.js';

/** What a side says when its run was interrupted. */
export const interrupted = (side: DiffSide): string => (side.complete ? '' : ' (interrupted run: not every cell finished)');

/** The headline: whether the reports differ, and by how much. */
export const diffHeadline = (diff: ReportDiff): string => {
  const compared = diff.changed.length + diff.sameCount;
  if (diff.identical) return `Identical: all ${plural(compared, 'cell has', 'cells have')} the same outcome in A and B.`;
  const changed = `${diff.changed.length} of ${plural(compared, 'cell', 'cells')} in both reports ${diff.changed.length === 1 ? 'differs' : 'differ'}`;
  const lone = [
    diff.onlyInA.length > 0 ? `${diff.onlyInA.length} only in A` : '',
    diff.onlyInB.length > 0 ? `${diff.onlyInB.length} only in B` : '',
  ];
  const loneText = lone.filter((part) => part !== '').join(', ');
  return `${changed}${loneText === '' ? '' : `; ${loneText}`}.`;
};

/** Every outcome a diff shows, for its legend. */
export const allSummaries = (diff: ReportDiff): OutcomeSummary[] => [
  ...diff.changed.flatMap((cell) => [cell.a, cell.b]),
  ...[...diff.onlyInA, ...diff.onlyInB].map((cell) => cell.outcome),
];
