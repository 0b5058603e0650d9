// What a cell can come to, in brief: the statuses, the phases a cell fails in, and the summary
// (status, phase, code) that expectations, diffs and merges compare. The full outcome, with what each
// side observed, is the harness's (harness/outcome.ts, harness/coexist-outcome.ts).

/** Where a pairing failed, in the order a program meets them. */
export const pairPhases = ['server-bind', 'client-resolve', 'client-connect', 'client-send', 'exchange'] as const;

/** Where a pairing failed (see `pairPhases`). */
export type PairPhase = (typeof pairPhases)[number];

/**
 * Where two servers on one port failed: the first could not bind at all, or the second could not bind (the
 * error came from bind()) or could not listen (it came from listen(): libuv reports a TCP EADDRINUSE there).
 */
export const coexistPhases = ['first-bind', 'second-bind', 'second-listen'] as const;

/** Where two servers on one port failed (see `coexistPhases`). */
export type CoexistPhase = (typeof coexistPhases)[number];

/** Where a cell of any kind failed. */
export type Phase = PairPhase | CoexistPhase;

/** The phases in order, for renderers and validation: a pairing's, then two servers'. */
export const phases: readonly Phase[] = [...pairPhases, ...coexistPhases];

/** How a cell can end: the pairing connected, two servers shared a port, the cell failed, or sockmatrix itself broke. */
export const outcomeStatuses = ['connected', 'coexisted', 'failed', 'harness-error'] as const;

/** How a cell ended (see `outcomeStatuses`). */
export type OutcomeStatus = (typeof outcomeStatuses)[number];

/**
 * An outcome reduced to what an expectation compares: the status, and where and how it failed. For two servers
 * that coexisted, `code` says who answered each target (`127.0.0.1=first ::1=second localhost=first`), so a
 * change of who answers is a change of outcome.
 */
export interface OutcomeSummary {
  status: OutcomeStatus;
  phase: Phase | null;
  code: string | null;
}

/** Whether two summaries are the same outcome; two absent ones are the same too. */
export const sameSummary = (a: OutcomeSummary | null, b: OutcomeSummary | null): boolean =>
  a === null || b === null ? a === b : a.status === b.status && a.phase === b.phase && a.code === b.code;
