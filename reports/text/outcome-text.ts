import type { CellOutcome } from '../../harness/cell-outcome.js';
import { answersCode } from '../../harness/coexist-outcome.js';
import { assertNever } from '../../matrix/assert-never.js';

// A cell's full outcome in one line of words, for text that has room for the message (JUnit, annotations).

/**
 * An outcome with its message: `connected`, `coexisted (127.0.0.1=first ::1=second)`, `ECONNREFUSED at client-connect: connect
 * ECONNREFUSED ...`, `harness error agent-hung (client agent): ...`.
 */
export const describeOutcome = (outcome: CellOutcome): string => {
  switch (outcome.status) {
    case 'connected':
      return 'connected';
    case 'coexisted': {
      const answers = answersCode(outcome.observations.answers);
      return answers === '' ? 'coexisted (nothing dialed)' : `coexisted (${answers})`;
    }
    case 'failed':
      return `${outcome.code} at ${outcome.phase}: ${outcome.message}`;
    case 'harness-error':
      return `harness error ${outcome.reason}${outcome.side === null ? '' : ` (${outcome.side} agent)`}: ${outcome.message}`;
    default:
      return assertNever(outcome);
  }
};
