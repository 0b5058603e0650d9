import { assertNever } from './assert-never.js';
import { type OutcomeSummary, type Phase, sameSummary } from './outcome-summary.js';

// Expectations: what each cell is expected to come to on a platform, and how a run compares with them. Pure.

/**
 * An expected outcome: a pairing connects, two servers coexist with these answers (`127.0.0.1=first ::1=second`), or
 * a cell fails at a phase with a code. Never a harness error: that is not a finding.
 */
export type Expectation =
  | { status: 'connected' }
  | { status: 'coexisted'; answers: string }
  | { status: 'failed'; phase: Phase; code: string };

/** How one cell compared with its expectation (--check). */
export type CellVerdict =
  | { kind: 'matched'; cellId: string; expected: OutcomeSummary }
  | { kind: 'deviated'; cellId: string; expected: OutcomeSummary; actual: OutcomeSummary; hint: string }
  | { kind: 'new'; cellId: string; actual: OutcomeSummary }
  | { kind: 'flaky'; cellId: string; expected: OutcomeSummary | null; seen: OutcomeSummary[] };

/** Expectations by cell id. */
export type ExpectationMap = Readonly<Record<string, Expectation>>;

/** What a run says about one cell: its id, and the summary of every time it ran (one without --repeat). */
export interface CellRuns {
  cellId: string;
  summaries: readonly OutcomeSummary[];
}

/** An expectation as the summary it stands for. */
export const expectationSummary = (expectation: Expectation): OutcomeSummary => {
  switch (expectation.status) {
    case 'connected':
      return { status: 'connected', phase: null, code: null };
    case 'coexisted':
      return { status: 'coexisted', phase: null, code: expectation.answers };
    case 'failed':
      return { status: 'failed', phase: expectation.phase, code: expectation.code };
    default:
      return assertNever(expectation);
  }
};

/** A summary as an expectation, or null for a harness error, which is never expected. */
export const summaryExpectation = (summary: OutcomeSummary): Expectation | null => {
  switch (summary.status) {
    case 'connected':
      return { status: 'connected' };
    case 'coexisted':
      return { status: 'coexisted', answers: summary.code ?? '' };
    case 'failed':
      return summary.phase === null || summary.code === null ? null : { status: 'failed', phase: summary.phase, code: summary.code };
    case 'harness-error':
      return null;
    default:
      return assertNever(summary.status);
  }
};

/** The different outcomes among a cell's runs, in the order first seen: more than one means the cell is flaky. */
export const distinctSummaries = (summaries: readonly OutcomeSummary[]): OutcomeSummary[] => {
  const seen: OutcomeSummary[] = [];
  for (const summary of summaries) if (!seen.some((known) => sameSummary(known, summary))) seen.push(summary);
  return seen;
};

/** Compare a run with expectations: one verdict per cell run, in run order; expectations for cells not run are ignored. */
export const compareWithExpectations = (runs: readonly CellRuns[], expectations: ExpectationMap): CellVerdict[] =>
  runs.flatMap(({ cellId, summaries }): CellVerdict[] => {
    const seen = distinctSummaries(summaries);
    const [actual] = seen;
    if (actual === undefined) return [];
    const expectation = Object.hasOwn(expectations, cellId) ? expectations[cellId] : undefined;
    const expected = expectation === undefined ? null : expectationSummary(expectation);
    if (seen.length > 1) return [{ kind: 'flaky', cellId, expected, seen }];
    if (expected === null) return [{ kind: 'new', cellId, actual }];
    if (sameSummary(expected, actual)) return [{ kind: 'matched', cellId, expected }];
    return [{ kind: 'deviated', cellId, expected, actual, hint: deviationHint(expected, actual) }];
  });

/** Whether a check passes: no cell deviated and none is flaky (new cells do not fail it). */
export const checkPassed = (verdicts: readonly CellVerdict[]): boolean =>
  verdicts.every((verdict) => verdict.kind === 'matched' || verdict.kind === 'new');

/** Where in a cell's life an outcome ended, coarsely: what a hint is chosen by. */
type Stage = 'connected' | 'coexisted' | 'bind' | 'second' | 'resolve' | 'connect' | 'exchange' | 'harness-error';

const stageOf = (summary: OutcomeSummary): Stage => {
  switch (summary.status) {
    case 'connected':
      return 'connected';
    case 'coexisted':
      return 'coexisted';
    case 'harness-error':
      return 'harness-error';
    case 'failed':
      switch (summary.phase) {
        case 'server-bind':
        case 'first-bind':
          return 'bind';
        case 'second-bind':
        case 'second-listen':
          return 'second';
        case 'client-resolve':
          return 'resolve';
        case 'client-connect':
        case 'client-send':
        case null:
          return 'connect';
        case 'exchange':
          return 'exchange';
        default:
          return assertNever(summary.phase);
      }
    default:
      return assertNever(summary.status);
  }
};

// The few hints, by (expected stage > actual stage); '*' stands for any stage. The first key that applies wins.
const hints: readonly (readonly [string, string])[] = [
  ['*>harness-error', 'sockmatrix itself broke in this cell, not the pairing: see its evidence in report.md'],
  ['*>connected', 'it connects now; if that is the new normal, run --update-expectations and review the diff'],
  ['connected>connect', 'the server is no longer reachable at this address; did the bind or the resolver change?'],
  ['connected>exchange', 'connected, but no intact echo came back; does the reply now leave from another address?'],
  [
    'coexisted>second',
    'the second server can no longer take the port the first holds; did the runtime, the kernel or IPV6_V6ONLY (bindv6only) change?',
  ],
  [
    'second>coexisted',
    'both servers now share the port; does the runtime now set SO_REUSEADDR, SO_REUSEPORT or IPV6_V6ONLY, or did bindv6only change?',
  ],
  ['*>bind', 'the server can no longer bind here; is the address on loopback, is IPv6 enabled?'],
  ['*>resolve', 'the name no longer resolves for this family; did the hosts file or the resolver change?'],
  ['bind>*', 'the server binds now where it could not; did Node, the kernel or the IPv6 settings change?'],
  ['resolve>*', 'the name resolves now but the pairing still fails; did the hosts file change?'],
];

/** A short hint for a deviation: what probably changed on the machine. */
export const deviationHint = (expected: OutcomeSummary, actual: OutcomeSummary): string => {
  const from = stageOf(expected);
  const to = stageOf(actual);
  if (from === 'coexisted' && to === 'coexisted') {
    return 'both servers still listen, but a target reaches another one now; did the resolver (localhost) or a bind change?';
  }
  if (from === to) return 'same step, another error: compare the message in report.md with the one expected';
  const keys = [`${from}>${to}`, `*>${to}`, `${from}>*`];
  for (const [key, hint] of hints) if (keys.includes(key)) return hint;
  return `it now ends at ${to} instead of ${from}: compare both sides' observations in report.md`;
};

/** One cell whose expectation an update changes: `before` is null for a cell the file did not have. */
export interface ExpectationChange {
  cellId: string;
  before: Expectation | null;
  after: Expectation;
}

/** Merge a run's outcomes into existing expectations: the cells run are replaced, the others kept (a filtered run). */
export const mergeExpectations = (
  existing: ExpectationMap,
  recorded: ExpectationMap,
): { cells: Record<string, Expectation>; changes: ExpectationChange[] } => {
  const cells: Record<string, Expectation> = { ...existing };
  const changes: ExpectationChange[] = [];
  for (const [cellId, after] of Object.entries(recorded)) {
    const before = Object.hasOwn(existing, cellId) ? (existing[cellId] ?? null) : null;
    if (before === null || !sameSummary(expectationSummary(before), expectationSummary(after))) changes.push({ cellId, before, after });
    cells[cellId] = after;
  }
  return { cells, changes };
};
