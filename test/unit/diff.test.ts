import { describe, expect, it } from 'vitest';
import { diffReports } from '../../reports/diff.js';
import { summaryCode } from '../../reports/text/codes.js';
import { handMadeReport, type OutcomeShorthand } from '../fixtures/hand-made-report.js';

const codes = { ascii: false };
const diffOf = (a: Record<string, OutcomeShorthand>, b: Record<string, OutcomeShorthand>) =>
  diffReports({ report: handMadeReport(a), source: 'a.json' }, { report: handMadeReport(b), source: 'b.json' });

describe('diffReports', () => {
  it.each<{
    case: string;
    a: Record<string, OutcomeShorthand>;
    b: Record<string, OutcomeShorthand>;
    changed: [string, string, string][];
    onlyInA?: string[];
    onlyInB?: string[];
  }>([
    {
      case: 'the same outcomes',
      a: { 'tcp 127.0.0.1 -> 127.0.0.1': 'ok', 'tcp 127.0.0.1 -> [::1]': 'client-connect ECONNREFUSED' },
      b: { 'tcp 127.0.0.1 -> 127.0.0.1': 'ok', 'tcp 127.0.0.1 -> [::1]': 'client-connect ECONNREFUSED' },
      changed: [],
    },
    {
      case: 'connected against failed',
      a: { 'tcp [::1] dual -> [::1]': 'ok' },
      b: { 'tcp [::1] dual -> [::1]': 'server-bind EADDRNOTAVAIL' },
      changed: [['tcp [::1] dual -> [::1]', '✓', 'b:NOTAVAIL']],
    },
    {
      case: 'the same code in another phase',
      a: { 'udp udp4 0.0.0.0 -> udp4 127.0.0.2': 'exchange ETIMEDOUT' },
      b: { 'udp udp4 0.0.0.0 -> udp4 127.0.0.2': 'client-connect ETIMEDOUT' },
      changed: [['udp udp4 0.0.0.0 -> udp4 127.0.0.2', 'x:TIMEOUT', 'TIMEOUT']],
    },
    {
      case: 'another code in the same phase',
      a: { 'tcp 127.0.0.1 -> [::1]': 'client-connect ECONNREFUSED' },
      b: { 'tcp 127.0.0.1 -> [::1]': 'client-connect EADDRNOTAVAIL' },
      changed: [['tcp 127.0.0.1 -> [::1]', 'REFUSED', 'NOTAVAIL']],
    },
    {
      case: 'a harness error on both sides (no phase or code to compare)',
      a: { 'tcp 127.0.0.1 -> 127.0.0.1': 'harness' },
      b: { 'tcp 127.0.0.1 -> 127.0.0.1': 'harness' },
      changed: [],
    },
    {
      case: 'a harness error against a finding',
      a: { 'tcp 127.0.0.1 -> 127.0.0.1': 'harness' },
      b: { 'tcp 127.0.0.1 -> 127.0.0.1': 'ok' },
      changed: [['tcp 127.0.0.1 -> 127.0.0.1', '!ERR', '✓']],
    },
    {
      case: 'cells only one report holds',
      a: { 'tcp 127.0.0.1 -> 127.0.0.1': 'ok', 'tcp 127.0.0.1 -> 127.0.0.2': 'client-connect ECONNREFUSED' },
      b: { 'tcp 127.0.0.1 -> 127.0.0.1': 'ok', 'udp udp4 127.0.0.1 -> udp4 127.0.0.1': 'ok' },
      changed: [],
      onlyInA: ['tcp 127.0.0.1 -> 127.0.0.2'],
      onlyInB: ['udp udp4 127.0.0.1 -> udp4 127.0.0.1'],
    },
    {
      case: 'changes listed in A’s order, whatever B’s',
      a: { 'tcp a -> b': 'ok', 'tcp c -> d': 'ok', 'tcp e -> f': 'ok' },
      b: { 'tcp e -> f': 'client-connect ECONNREFUSED', 'tcp c -> d': 'ok', 'tcp a -> b': 'exchange EOF' },
      changed: [
        ['tcp a -> b', '✓', 'x:EOF'],
        ['tcp e -> f', '✓', 'REFUSED'],
      ],
    },
  ])('$case', ({ a, b, changed, onlyInA = [], onlyInB = [] }) => {
    const diff = diffOf(a, b);
    expect(diff.changed.map((cell) => [cell.cellId, summaryCode(cell.a, codes), summaryCode(cell.b, codes)])).toEqual(changed);
    expect(diff.onlyInA.map((cell) => cell.cellId)).toEqual(onlyInA);
    expect(diff.onlyInB.map((cell) => cell.cellId)).toEqual(onlyInB);
    expect(diff.identical).toBe(changed.length === 0 && onlyInA.length === 0 && onlyInB.length === 0);
    expect(diff.sameCount + diff.changed.length + diff.onlyInA.length).toBe(Object.keys(a).length);
  });

  it('ignores the message and the evidence: two refusals worded differently are the same outcome', () => {
    const a = handMadeReport({ 'tcp x -> y': 'client-connect ECONNREFUSED' });
    const b = handMadeReport({ 'tcp x -> y': 'client-connect ECONNREFUSED' });
    const [cell] = b.cells;
    if (cell?.outcome.status === 'failed') cell.outcome.message = 'connect ECONNREFUSED ::1:4242';
    expect(diffReports({ report: a, source: 'a' }, { report: b, source: 'b' }).identical).toBe(true);
  });

  it('names each side by its label, else by its fingerprint', () => {
    const diff = diffReports(
      { report: handMadeReport({}, { label: 'ci-linux' }), source: 'a' },
      { report: handMadeReport({}), source: 'b' },
    );
    expect([diff.a.name, diff.b.name]).toEqual(['ci-linux', 'linux-6.18-node20.20']);
  });
});
