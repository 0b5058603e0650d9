import { describe, expect, it } from 'vitest';
import { summarizeOutcome } from '../../harness/cell-outcome.js';
import { type Behaviour, behaviourOf, mergeReports } from '../../reports/merge.js';
import { handMadeReport, linuxEnvironment, type OutcomeShorthand, outcomeOf } from '../fixtures/hand-made-report.js';

const summary = (shorthand: OutcomeShorthand | null) => (shorthand === null ? null : summarizeOutcome(outcomeOf(shorthand)));

describe('behaviourOf', () => {
  it.each<{ outcomes: (OutcomeShorthand | null)[]; behaviour: Behaviour }>([
    { outcomes: ['ok', 'ok', 'ok'], behaviour: 'same' },
    { outcomes: ['client-connect ECONNREFUSED', 'client-connect ECONNREFUSED'], behaviour: 'same' },
    { outcomes: ['harness', 'harness'], behaviour: 'same' },
    { outcomes: ['ok'], behaviour: 'same' },
    { outcomes: ['ok', 'client-connect ECONNREFUSED'], behaviour: 'differs' },
    { outcomes: ['client-connect ETIMEDOUT', 'exchange ETIMEDOUT'], behaviour: 'differs' },
    { outcomes: ['server-bind EINVAL', 'server-bind EADDRNOTAVAIL'], behaviour: 'differs' },
    { outcomes: ['ok', null, 'ok'], behaviour: 'partial' },
    { outcomes: [null, 'ok', 'exchange ETIMEDOUT'], behaviour: 'differs' },
    { outcomes: [null, null], behaviour: 'partial' },
  ])('$outcomes is $behaviour', ({ outcomes, behaviour }) => {
    expect(behaviourOf(outcomes.map(summary))).toBe(behaviour);
  });
});

describe('mergeReports', () => {
  const linux = handMadeReport(
    { 'tcp [::1] dual -> [::1]': 'ok', 'tcp 127.0.0.1 -> 127.0.0.1': 'ok', 'udp udp4 127.0.0.1 -> udp4 127.0.0.1': 'ok' },
    { label: 'linux' },
  );
  const noIpv6 = handMadeReport(
    {
      'tcp [::1] dual -> [::1]': 'server-bind EADDRNOTAVAIL',
      'tcp 127.0.0.1 -> 127.0.0.1': 'ok',
      'udp udp4 127.0.0.1 -> udp4 127.0.0.1': 'ok',
    },
    { environment: linuxEnvironment({ ipv6Available: false }) },
  );

  it('makes a row per cell and a column per report, and counts how the rows behave', () => {
    const merge = mergeReports([
      { source: 'a.json', report: linux },
      { source: 'b.json', report: noIpv6 },
    ]);
    expect(merge.environments.map((environment) => environment.name)).toEqual(['linux', 'linux-6.18-node20.20-noipv6']);
    expect(merge.cells.map((cell) => [cell.cellId, cell.behaviour])).toEqual([
      ['tcp [::1] dual -> [::1]', 'differs'],
      ['tcp 127.0.0.1 -> 127.0.0.1', 'same'],
      ['udp udp4 127.0.0.1 -> udp4 127.0.0.1', 'same'],
    ]);
    expect(merge.counts).toEqual({ cells: 3, same: 2, differs: 1, partial: 0 });
  });

  it('names columns by label, else by fingerprint, and makes repeated names unique', () => {
    const plain = () => handMadeReport({});
    const merge = mergeReports(
      [plain(), plain(), handMadeReport({}, { label: 'mac' }), handMadeReport({}, { label: 'mac' })].map((report, index) => ({
        source: `${index}.json`,
        report,
      })),
    );
    expect(merge.environments.map((environment) => environment.name)).toEqual([
      'linux-6.18-node20.20',
      'linux-6.18-node20.20-2',
      'mac',
      'mac-2',
    ]);
  });

  it('keeps each report’s cell order: a cell new in a later report follows the cell it follows there', () => {
    const filtered = handMadeReport({ 'tcp b -> x': 'ok', 'tcp d -> x': 'ok' });
    const full = handMadeReport({ 'tcp a -> x': 'ok', 'tcp b -> x': 'ok', 'tcp c -> x': 'ok', 'tcp d -> x': 'ok', 'udp e -> x': 'ok' });
    const merge = mergeReports([
      { source: 'filtered', report: filtered },
      { source: 'full', report: full },
    ]);
    expect(merge.cells.map((cell) => cell.cellId)).toEqual(['tcp a -> x', 'tcp b -> x', 'tcp c -> x', 'tcp d -> x', 'udp e -> x']);
  });

  it('marks a cell some reports lack as partial, with null where it is missing', () => {
    const filtered = handMadeReport({ 'tcp 127.0.0.1 -> 127.0.0.1': 'ok' });
    const merge = mergeReports([
      { source: 'a', report: linux },
      { source: 'b', report: filtered },
    ]);
    const row = merge.cells.find((cell) => cell.cellId === 'tcp [::1] dual -> [::1]');
    expect(row?.outcomes[1]).toBeNull();
    expect(row?.behaviour).toBe('partial');
    expect(merge.counts).toMatchObject({ same: 1, partial: 2 });
  });

  it('merges a run once when it comes twice (e.g. through reports/runs/latest), and says so', () => {
    const merge = mergeReports(
      [
        { source: 'runs/x/report.json', report: linux },
        { source: 'runs/latest/report.json', report: structuredClone(linux) },
        { source: 'b.json', report: noIpv6 },
      ],
      [{ source: 'broken.json', reason: 'looks truncated' }],
    );
    expect(merge.environments.map((environment) => environment.source)).toEqual(['runs/x/report.json', 'b.json']);
    expect(merge.skipped).toEqual([
      { source: 'broken.json', reason: 'looks truncated' },
      { source: 'runs/latest/report.json', reason: `is the same run as runs/x/report.json (run ${linux.run.id}): merged once` },
    ]);
  });

  it('keeps a copy of a run relabelled as another column', () => {
    const copy = structuredClone(linux);
    copy.run.label = 'linux-copy';
    const merge = mergeReports([
      { source: 'a', report: linux },
      { source: 'c', report: copy },
    ]);
    expect(merge.environments.map((environment) => environment.name)).toEqual(['linux', 'linux-copy']);
  });
});
