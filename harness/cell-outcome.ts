import { assertNever } from '../matrix/assert-never.js';
import type { OutcomeSummary } from '../matrix/outcome-summary.js';
import { answersCode, type CoexistOutcome } from './coexist-outcome.js';
import type { Outcome } from './outcome.js';

// A cell's outcome of either kind, and the summary of it that grids, expectations and diffs compare.

/** The outcome of a cell of any kind: a pairing's, or two servers'. */
export type CellOutcome = Outcome | CoexistOutcome;

/** The status, phase and code of an outcome; a harness error has neither phase nor code, two servers that coexisted their answers as the code. */
export const summarizeOutcome = (outcome: CellOutcome): OutcomeSummary => {
  switch (outcome.status) {
    case 'connected':
    case 'harness-error':
      return { status: outcome.status, phase: null, code: null };
    case 'coexisted':
      return { status: 'coexisted', phase: null, code: answersCode(outcome.observations.answers) };
    case 'failed':
      return { status: 'failed', phase: outcome.phase, code: outcome.code };
    default:
      return assertNever(outcome);
  }
};
