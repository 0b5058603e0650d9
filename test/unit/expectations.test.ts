import { describe, expect, it } from 'vitest';
import { summarizeOutcome } from '../../harness/cell-outcome.js';
import type { Observations, Outcome } from '../../harness/outcome.js';
import {
  type CellRuns,
  type CellVerdict,
  checkPassed,
  compareWithExpectations,
  deviationHint,
  type ExpectationMap,
  mergeExpectations,
} from '../../matrix/expectations.js';
import type { OutcomeSummary } from '../../matrix/outcome-summary.js';

const connected: OutcomeSummary = { status: 'connected', phase: null, code: null };
const refused: OutcomeSummary = { status: 'failed', phase: 'client-connect', code: 'ECONNREFUSED' };
const timedOut: OutcomeSummary = { status: 'failed', phase: 'exchange', code: 'ETIMEDOUT' };
const bindInvalid: OutcomeSummary = { status: 'failed', phase: 'server-bind', code: 'EINVAL' };
const notFound: OutcomeSummary = { status: 'failed', phase: 'client-resolve', code: 'ENOTFOUND' };
const harnessError: OutcomeSummary = { status: 'harness-error', phase: null, code: null };

const expectations: ExpectationMap = {
  'tcp 127.0.0.1 -> 127.0.0.1': { status: 'connected' },
  'tcp 127.0.0.1 -> [::1]': { status: 'failed', phase: 'client-connect', code: 'ECONNREFUSED' },
  'udp udp4 0.0.0.0 -> udp4 127.0.0.2': { status: 'failed', phase: 'exchange', code: 'ETIMEDOUT' },
  'tcp [::] dual -> 127.0.0.1': { status: 'connected' },
};

const once = (cellId: string, summary: OutcomeSummary): CellRuns => ({ cellId, summaries: [summary] });

describe('comparing a run with expectations', () => {
  it.each([
    ['the same outcome', once('tcp 127.0.0.1 -> 127.0.0.1', connected), { kind: 'matched', expected: connected }],
    ['the same failure, phase and code', once('tcp 127.0.0.1 -> [::1]', refused), { kind: 'matched', expected: refused }],
    ['another status', once('tcp [::] dual -> 127.0.0.1', refused), { kind: 'deviated', expected: connected, actual: refused }],
    ['another code at the same phase', once('tcp 127.0.0.1 -> [::1]', { ...refused, code: 'ENETUNREACH' }), { kind: 'deviated' }],
    ['the same code at another phase', once('tcp 127.0.0.1 -> [::1]', { ...refused, phase: 'exchange' }), { kind: 'deviated' }],
    ['a harness error where a failure was expected', once('tcp 127.0.0.1 -> [::1]', harnessError), { kind: 'deviated' }],
    ['a cell the file does not have', once('tcp 127.0.0.2 -> 127.0.0.2', connected), { kind: 'new', actual: connected }],
    [
      'repeats that agree',
      { cellId: 'udp udp4 0.0.0.0 -> udp4 127.0.0.2', summaries: [timedOut, timedOut, timedOut] },
      { kind: 'matched', expected: timedOut },
    ],
    [
      'repeats that disagree, though the first matches',
      { cellId: 'udp udp4 0.0.0.0 -> udp4 127.0.0.2', summaries: [timedOut, connected, timedOut] },
      { kind: 'flaky', expected: timedOut, seen: [timedOut, connected] },
    ],
    [
      'repeats that disagree on a new cell',
      { cellId: 'tcp localhost dual -> localhost', summaries: [connected, refused] },
      { kind: 'flaky', expected: null, seen: [connected, refused] },
    ],
  ])('%s', (_name, run, verdict) => {
    const [only, ...rest] = compareWithExpectations([run], expectations);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ cellId: run.cellId, ...verdict });
  });

  it('ignores expectations for cells the run did not cover (a filtered run)', () => {
    const verdicts = compareWithExpectations([once('tcp 127.0.0.1 -> 127.0.0.1', connected)], expectations);
    expect(verdicts.map((verdict) => verdict.cellId)).toEqual(['tcp 127.0.0.1 -> 127.0.0.1']);
    expect(checkPassed(verdicts)).toBe(true);
  });

  it('keeps the run order and gives one verdict per cell', () => {
    const runs = [once('tcp [::] dual -> 127.0.0.1', connected), once('tcp 127.0.0.1 -> 127.0.0.1', connected)];
    expect(compareWithExpectations(runs, expectations).map((verdict) => verdict.cellId)).toEqual(runs.map((run) => run.cellId));
  });

  it('does not mistake an inherited property name for an expectation', () => {
    expect(compareWithExpectations([once('constructor', connected)], expectations)).toEqual([
      { kind: 'new', cellId: 'constructor', actual: connected },
    ]);
  });

  const verdictOf = {
    matched: { kind: 'matched', cellId: 'a', expected: connected },
    new: { kind: 'new', cellId: 'b', actual: connected },
    deviated: { kind: 'deviated', cellId: 'c', expected: connected, actual: refused, hint: '' },
    flaky: { kind: 'flaky', cellId: 'd', expected: null, seen: [connected, refused] },
  } as const satisfies Record<CellVerdict['kind'], CellVerdict>;

  it.each([
    ['matched and new cells pass', ['matched', 'new'], true],
    ['a deviated cell fails', ['matched', 'deviated'], false],
    ['a flaky cell fails', ['new', 'flaky'], false],
    ['no cells pass', [], true],
  ] as const)('%s', (_name, kinds, passed) => {
    expect(checkPassed(kinds.map((kind) => verdictOf[kind]))).toBe(passed);
  });
});

describe('the hint for a deviation', () => {
  it.each([
    [connected, refused, /no longer reachable at this address; did the bind or the resolver change\?/],
    [connected, timedOut, /no intact echo/],
    [connected, bindInvalid, /can no longer bind/],
    [connected, notFound, /no longer resolves/],
    [refused, connected, /connects now/],
    [refused, harnessError, /sockmatrix itself broke/],
    [bindInvalid, refused, /binds now/],
    [notFound, refused, /resolves now/],
    [refused, { ...refused, code: 'ENETUNREACH' }, /same step, another error/],
    [refused, timedOut, /now ends at exchange instead of connect/],
  ])('expected %j, got %j', (expected, actual, hint) => {
    expect(deviationHint(expected, actual)).toMatch(hint);
  });
});

describe('summarizing an outcome', () => {
  const observations: Observations = { server: null, client: null };
  it.each<[Outcome, OutcomeSummary]>([
    [{ status: 'connected', observations }, connected],
    [{ status: 'failed', phase: 'client-connect', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED', observations }, refused],
    [{ status: 'harness-error', reason: 'agent-hung', side: 'client', message: 'hung', stderr: '', observations }, harnessError],
  ])('%j', (outcome, summary) => {
    expect(summarizeOutcome(outcome)).toEqual(summary);
  });
});

describe('merging a run into expectations', () => {
  it('replaces the cells run, keeps the others, and lists what changed', () => {
    const { cells, changes } = mergeExpectations(expectations, {
      'tcp 127.0.0.1 -> 127.0.0.1': { status: 'connected' },
      'tcp 127.0.0.1 -> [::1]': { status: 'connected' },
      'tcp 127.0.0.2 -> 127.0.0.2': { status: 'connected' },
    });
    expect(Object.keys(cells)).toHaveLength(5);
    expect(cells['udp udp4 0.0.0.0 -> udp4 127.0.0.2']).toEqual(expectations['udp udp4 0.0.0.0 -> udp4 127.0.0.2']);
    expect(changes).toEqual([
      { cellId: 'tcp 127.0.0.1 -> [::1]', before: expectations['tcp 127.0.0.1 -> [::1]'], after: { status: 'connected' } },
      { cellId: 'tcp 127.0.0.2 -> 127.0.0.2', before: null, after: { status: 'connected' } },
    ]);
  });
});
