import { assertNever } from '../../matrix/assert-never.js';
import type { OutcomeStatus } from '../../matrix/outcome-summary.js';
import type { Paint } from './paint.js';

// The colour of an outcome in every terminal table, so the grids, the diff and the merge read alike.

/** Green for connected (and two servers that coexisted), red for failed, magenta for a harness error; dim where a report has no outcome. */
export const statusPaint = (status: OutcomeStatus | null): Paint => {
  if (status === null) return 'dim';
  switch (status) {
    case 'connected':
    case 'coexisted':
      return 'green';
    case 'failed':
      return 'red';
    case 'harness-error':
      return 'magenta';
    default:
      return assertNever(status);
  }
};
