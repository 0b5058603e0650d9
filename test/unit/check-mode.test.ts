import { afterEach, describe, expect, it, vi } from 'vitest';
import { announceCheck, announceFlakyCells, cellRunsOf, checkRecord } from '../../cli/run/check-mode.js';
import type { ExpectationsFile } from '../../cli/run/expectations-file.js';
import type { ExpectationMap } from '../../matrix/expectations.js';
import type { OutcomeSummary } from '../../matrix/outcome-summary.js';
import { setupFingerprint } from '../../reports/setup-fingerprint.js';
import { sampleReport } from '../fixtures/sample-report.js';

// What --check and --repeat say on stderr, and what they exit with, from a report.

const connected: OutcomeSummary = { status: 'connected', phase: null, code: null };
const timedOut: OutcomeSummary = { status: 'failed', phase: 'exchange', code: 'ETIMEDOUT' };

const captureStderr = (): string[] => {
  const lines: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk).trimEnd());
    return true;
  });
  return lines;
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('check mode on stderr', () => {
  it('uses every repeat of a cell, and its one outcome without --repeat', () => {
    const report = sampleReport();
    const [first] = report.cells;
    if (first === undefined) throw new Error('empty sample report');
    first.repeats = [connected, timedOut];
    const runs = cellRunsOf(report);
    expect(runs[0]).toEqual({ cellId: first.id, summaries: [connected, timedOut] });
    expect(runs[1]?.summaries).toEqual([{ status: 'failed', phase: 'client-connect', code: 'ECONNREFUSED' }]);
  });

  it('prints one line per deviation and a summary, and exits 1', () => {
    const report = sampleReport();
    const [first] = report.cells;
    if (first === undefined) throw new Error('empty sample report');
    report.check = checkRecord(
      report,
      {
        schema: 'sockmatrix/expectations@1',
        platform: 'linux',
        runtimes: ['node'],
        environment: null,
        cells: { [first.id]: { status: 'failed', phase: 'exchange', code: 'ETIMEDOUT' } },
      },
      `${process.cwd()}/expectations/linux.json`,
    );
    const lines = captureStderr();
    const status = announceCheck(report);
    expect(status).toBe(1);
    expect(lines[0]).toBe(
      `sockmatrix: ${first.id}: expected ETIMEDOUT at exchange, got connected  (it connects now; if that is the new normal, run --update-expectations and review the diff)`,
    );
    expect(lines.at(-1)).toMatch(
      /^sockmatrix: check against expectations\/linux\.json \(linux\): FAILED, 0 matched, 1 deviated, 0 flaky, \d+ new/,
    );
  });

  it('says what differs about this machine before the cells, when the check fails', () => {
    const report = sampleReport();
    const [first] = report.cells;
    if (first === undefined) throw new Error('empty sample report');
    const recordedWhere = { ...setupFingerprint(report.environment), localhost: '::1, 127.0.0.1' };
    const expectations = (cells: ExpectationMap): ExpectationsFile => ({
      schema: 'sockmatrix/expectations@1',
      platform: 'linux',
      runtimes: ['node'],
      environment: recordedWhere,
      cells,
    });
    const path = `${process.cwd()}/expectations/linux.json`;
    report.check = checkRecord(report, expectations({ [first.id]: { status: 'failed', phase: 'exchange', code: 'ETIMEDOUT' } }), path);
    const lines = captureStderr();
    expect(announceCheck(report)).toBe(1);
    expect(lines.slice(0, 3)).toEqual([
      'sockmatrix: this machine is set up differently from where expectations/linux.json was recorded, which may explain the cells below:',
      'sockmatrix:   - localhost resolved to ::1, 127.0.0.1 there; here 127.0.0.1',
      expect.stringMatching(
        `^sockmatrix: ${first.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: expected ETIMEDOUT at exchange, got connected`,
      ),
    ]);

    // A check that passes on the other setup says nothing of it.
    report.check = checkRecord(report, expectations({ [first.id]: { status: 'connected' } }), path);
    const quiet = captureStderr();
    expect(announceCheck(report)).toBe(0);
    expect(quiet.join('\n')).not.toContain('set up differently');
  });

  it('exits 0 without --check, and names each flaky cell with what it gave', () => {
    const report = sampleReport();
    const [first, second] = report.cells;
    if (first === undefined || second === undefined) throw new Error('short sample report');
    first.repeats = [connected, connected, connected];
    second.repeats = [timedOut, connected, timedOut];
    const lines = captureStderr();
    expect(announceCheck(report)).toBe(0);
    announceFlakyCells(report);
    expect(lines).toEqual([`sockmatrix: ${second.id}: flaky, seen ETIMEDOUT at exchange (2 of 3), connected (1 of 3)`]);
  });
});
