import { assertNever } from '../harness/classify.js';
import type { Outcome } from '../harness/outcome.js';
import { absentSymbol, type CodeOptions, connectedSymbol, harnessErrorSymbol, phasePrefix, shortErrnoCode } from './codes.js';
import type { OutcomeSummary } from './report.js';

// An outcome reduced to what comparing reports looks at (status, phase, code), and its grid code.

/** The status, phase and code of an outcome; a harness error has neither phase nor code. */
export const summarizeOutcome = (outcome: Outcome): OutcomeSummary => {
  switch (outcome.status) {
    case 'connected':
    case 'harness-error':
      return { status: outcome.status, phase: null, code: null };
    case 'failed':
      return { status: 'failed', phase: outcome.phase, code: outcome.code };
    default:
      return assertNever(outcome);
  }
};

/** Whether two summaries are the same outcome; two absent ones are the same too. */
export const sameSummary = (a: OutcomeSummary | null, b: OutcomeSummary | null): boolean =>
  a === null || b === null ? a === b : a.status === b.status && a.phase === b.phase && a.code === b.code;

/** The grid code of a summary (`✓`, `REFUSED`, `b:INVAL`, `!ERR`), or the absent symbol for none. */
export const summaryCode = (summary: OutcomeSummary | null, options: CodeOptions): string => {
  if (summary === null) return absentSymbol(options);
  switch (summary.status) {
    case 'connected':
      return connectedSymbol(options);
    case 'failed':
      return `${summary.phase === null ? '' : phasePrefix(summary.phase)}${shortErrnoCode(summary.code ?? 'UNKNOWN')}`;
    case 'harness-error':
      return harnessErrorSymbol;
    default:
      return assertNever(summary.status);
  }
};
