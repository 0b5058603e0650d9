// What a cell can come to, in brief: the statuses, the phases a pairing fails in, and the summary
// (status, phase, code) that expectations, diffs and merges compare. The full outcome, with what each
// side observed, is the harness's (harness/outcome.ts).

/** Where a pairing failed, in the order a program meets them. */
export type Phase = 'server-bind' | 'client-resolve' | 'client-connect' | 'client-send' | 'exchange';

/** The phases in order, for renderers and validation. */
export const phases: readonly Phase[] = ['server-bind', 'client-resolve', 'client-connect', 'client-send', 'exchange'];

/** How a cell can end: the pairing connected, the pairing failed, or sockmatrix itself broke. */
export const outcomeStatuses = ['connected', 'failed', 'harness-error'] as const;

/** How a cell ended (see `outcomeStatuses`). */
export type OutcomeStatus = (typeof outcomeStatuses)[number];

/** An outcome reduced to what an expectation compares: the status, and where and how it failed. */
export interface OutcomeSummary {
  status: OutcomeStatus;
  phase: Phase | null;
  code: string | null;
}

/** Whether two summaries are the same outcome; two absent ones are the same too. */
export const sameSummary = (a: OutcomeSummary | null, b: OutcomeSummary | null): boolean =>
  a === null || b === null ? a === b : a.status === b.status && a.phase === b.phase && a.code === b.code;
