import { type CellOutcome, summarizeOutcome } from '../../../harness/cell-outcome.js';
import { assertNever } from '../../../matrix/assert-never.js';
import type { OutcomeStatus, OutcomeSummary } from '../../../matrix/outcome-summary.js';
import { absentSymbol, summaryCode } from '../../text/codes.js';
import { htmlText } from './escape.js';

// An outcome as a page shows it: its colour by status, and readable without colour too (✓, ✗ and the short code).

const codes = { ascii: false };

/** The mark before a code, so a status reads without colour: ✓ connected, ✗ failed, none for `!ERR`, which says it. */
export const statusSymbol = (status: OutcomeStatus): string => {
  switch (status) {
    case 'connected':
    case 'coexisted':
      return '';
    case 'failed':
      return '✗';
    case 'harness-error':
      return '';
    default:
      return assertNever(status);
  }
};

/** The inside of a grid cell or chip: the mark, then the code (`✓`, `✗ REFUSED`, `!ERR`). */
const markup = (summary: OutcomeSummary): string => {
  const symbol = statusSymbol(summary.status);
  const code = htmlText(summaryCode(summary, codes));
  return symbol === '' ? code : `<span class="sym" aria-hidden="true">${symbol}</span>${code}`;
};

/** A grid cell's content for an outcome. */
export const statusMark = (outcome: CellOutcome): string => markup(summarizeOutcome(outcome));

/** An outcome in brief as a coloured chip, or the absent mark for none (diff, merge). */
export const summaryChip = (summary: OutcomeSummary | null): string =>
  summary === null
    ? `<span class="chip absent" title="not in that report">${absentSymbol(codes)}</span>`
    : `<span class="chip ${htmlText(summary.status)}">${markup(summary)}</span>`;
