import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../harness/outcome.js';
import type { PairPhase } from '../../matrix/outcome-summary.js';
import { outcomeCode, shortErrnoCode } from '../../reports/text/codes.js';
import { buildLegend, legendLine } from '../../reports/text/legend.js';
import { sampleReport } from '../fixtures/sample-report.js';

const observations = { server: null, client: null };
const failed = (phase: PairPhase, code: string): Outcome => ({ status: 'failed', phase, code, message: `${code} here`, observations });

describe('shortErrnoCode', () => {
  it.each([
    ['ECONNREFUSED', 'REFUSED'],
    ['EADDRNOTAVAIL', 'NOTAVAIL'],
    ['EAFNOSUPPORT', 'AFNOSUP'],
    ['EINVAL', 'INVAL'],
    ['ENETUNREACH', 'NETUNR'],
    ['ENOTFOUND', 'NOTFOUND'],
    ['ETIMEDOUT', 'TIMEOUT'],
    ['EADDRINUSE', 'INUSE'],
    ['ECONNRESET', 'RESET'],
    ['EACCES', 'ACCES'],
    ['EPERM', 'PERM'],
    ['EHOSTUNREACH', 'HOSTUNR'],
    ['EBADECHO', 'BADECHO'],
    ['ENOTLOOPBACK', 'NOTLOOP'],
    ['EOF', 'EOF'],
    // Anything else: drop a leading E, keep at most 8 characters.
    ['ENOENT', 'NOENT'],
    ['EPROTONOSUPPORT', 'PROTONOS'],
    ['UNKNOWN', 'UNKNOWN'],
    ['ERR_SOCKET_DGRAM_NOT_CONNECTED', 'RR_SOCKE'],
  ])('%s is shown as %s', (code, expected) => {
    expect(shortErrnoCode(code)).toBe(expected);
  });
});

describe('outcomeCode', () => {
  it.each<[PairPhase, string]>([
    ['server-bind', 'b:INVAL'],
    ['client-resolve', 'r:INVAL'],
    ['client-connect', 'INVAL'],
    ['client-send', 's:INVAL'],
    ['exchange', 'x:INVAL'],
  ])('a failure at %s is prefixed: %s', (phase, expected) => {
    expect(outcomeCode(failed(phase, 'EINVAL'), { ascii: false })).toBe(expected);
  });

  it.each([
    [false, '✓'],
    [true, 'ok'],
  ])('connected with ascii=%s is %s', (ascii, expected) => {
    expect(outcomeCode({ status: 'connected', observations }, { ascii })).toBe(expected);
  });

  it('a harness error is !ERR, whatever its reason', () => {
    const outcome: Outcome = { status: 'harness-error', reason: 'agent-hung', side: 'client', message: 'hung', stderr: '', observations };
    expect(outcomeCode(outcome, { ascii: false })).toBe('!ERR');
  });
});

describe('buildLegend', () => {
  it('lists only the symbols, codes and prefixes the sample report uses', () => {
    expect(buildLegend(sampleReport(), { ascii: false }).map(legendLine)).toEqual([
      '✓ = connected (the echo came back intact)',
      'INVAL = EINVAL',
      'NOTFOUND = ENOTFOUND',
      'REFUSED = ECONNREFUSED',
      'TIMEOUT = ETIMEDOUT',
      'b: = failed at server-bind',
      'r: = failed at client-resolve',
      'no prefix = failed at client-connect',
      'x: = failed at exchange',
      '!ERR = harness error (a sockmatrix problem, not a finding)',
    ]);
  });

  it('explains the codes sockmatrix makes up, and spells connected in ASCII when asked', () => {
    const report = sampleReport();
    const [first, second] = report.cells;
    if (!first || !second) throw new Error('the sample report has fewer than two cells');
    report.cells = [
      { ...first, outcome: { status: 'connected', observations } },
      { ...second, outcome: failed('exchange', 'EBADECHO') },
    ];
    expect(buildLegend(report, { ascii: true }).map(legendLine)).toEqual([
      'ok = connected (the echo came back intact)',
      'BADECHO = EBADECHO (sockmatrix: the echo differed from the token sent)',
      'x: = failed at exchange',
    ]);
  });

  it('explains the mark for a pairing the report has no outcome for', () => {
    const report = sampleReport();
    report.cells = report.cells.slice(1);
    expect(buildLegend(report, { ascii: false }).map(legendLine)).toContain(
      '· = not in this report (filtered out, or the run was interrupted)',
    );
  });
});
