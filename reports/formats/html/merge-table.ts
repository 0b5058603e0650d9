import type { MergedCell, MergeResult } from '../../merge.js';
import { environmentLine } from '../../text/environment-name.js';
import { differsMark } from '../../text/merge-text.js';
import { htmlText } from './escape.js';
import { summaryTable } from './summary-rows.js';

// A merge's cells as one table, an environment per column: for `merge` and a profile set's comparison.

/** The table of the cells given, each environment's name over its column (its environment on hover). */
export const mergeTable = (merge: MergeResult, cells: readonly MergedCell[]): string =>
  summaryTable(
    merge.environments.map(
      (environment) => `<span title="${htmlText(environmentLine(environment.environment))}">${htmlText(environment.name)}</span>`,
    ),
    cells.map((cell) => ({ mark: cell.behaviour === 'differs' ? differsMark : '', cellId: cell.cellId, outcomes: cell.outcomes })),
    true,
  );
