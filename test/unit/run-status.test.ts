import { describe, expect, it, vi } from 'vitest';
import { everyCellBroken, runExitStatus } from '../../cli/run/run-status.js';
import { noteNotWritten, writeAdvice } from '../../cli/run/write-failures.js';
import { handMadeReport, type OutcomeShorthand } from '../fixtures/hand-made-report.js';

// The exit status of a run whose cells ran, and what a failed write says to do.

const report = (...outcomes: OutcomeShorthand[]) =>
  handMadeReport(Object.fromEntries(outcomes.map((outcome, index) => [`tcp 127.0.0.1 -> 127.0.0.${index + 1}`, outcome])));

describe('everyCellBroken', () => {
  it.each<[string, OutcomeShorthand[][], boolean]>([
    ['every cell a harness error', [['harness', 'harness']], true],
    ['in every report', [['harness'], ['harness']], true],
    ['one cell connected', [['harness', 'ok']], false],
    ['one cell failed: a finding', [['harness', 'client-connect ECONNREFUSED']], false],
    ['one report with a finding', [['harness'], ['ok']], false],
    ['no cell at all', [[]], false],
  ])('%s: %s', (_name, reports, broken) => {
    expect(everyCellBroken(reports.map((outcomes) => report(...outcomes)))).toBe(broken);
  });

  it('counts every repeat: a cell that connected once is not broken', () => {
    const repeated = report('harness');
    const [cell] = repeated.cells;
    if (cell)
      cell.repeats = [
        { status: 'harness-error', phase: null, code: null },
        { status: 'connected', phase: null, code: null },
      ];
    expect(everyCellBroken([repeated])).toBe(false);
  });
});

describe('writeAdvice', () => {
  it.each([
    ['EROFS', 'the file system there is read-only: choose a writable place with --out <dir>'],
    ['EACCES', "this user may not write there: choose a place it may write to with --out <dir>, or change the folder's permissions"],
    ['EPERM', "this user may not write there: choose a place it may write to with --out <dir>, or change the folder's permissions"],
    ['ENOSPC', 'the disk is full: free some space, or choose another disk with --out <dir>'],
    ['EDQUOT', 'the disk quota is used up: free some space, or choose another place with --out <dir>'],
    ['ENOTDIR', 'a file stands where a folder should be: move it, or choose another place with --out <dir>'],
    ['EIO', 'choose another place with --out <dir>'],
  ])('%s: %s', (code, advice) => {
    expect(writeAdvice(code, '--out <dir>')).toBe(advice);
  });
});

describe('runExitStatus', () => {
  // The order matters: a file noted as not written stays noted for the rest of this process, as in a run.
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

  it('is the check’s status when some cell gave a finding', () => {
    expect(runExitStatus([report('ok', 'harness')], ['out/run/report.md'], 1)).toBe(1);
    expect(runExitStatus([report('ok')], ['out/run/report.md'], 0)).toBe(0);
  });

  it('is 5 when every cell was a harness error, and says where the evidence is', () => {
    stderr.mockClear();
    expect(runExitStatus([report('harness', 'harness')], ['out/run/report.md', 'out/run/report.json'], 1)).toBe(5);
    expect(stderr).toHaveBeenCalledWith(
      "sockmatrix: could not run a single pairing: every one of the 2 cells was a harness error (sockmatrix or its agents broke, not the pairings); each agent's stderr is in out/run/report.md.\n",
    );
  });

  it('is 4 once a file could not be written, before 5 and before the check', () => {
    noteNotWritten('out/run/report.json', Object.assign(new Error('no space'), { code: 'ENOSPC' }), '--out <dir>');
    expect(stderr).toHaveBeenCalledWith(
      'sockmatrix: could not write out/run/report.json (ENOSPC): the disk is full: free some space, or choose another disk with --out <dir>.\n',
    );
    expect(runExitStatus([report('harness')], ['out/run/report.md'], 1)).toBe(4);
    expect(runExitStatus([report('ok')], [], 1)).toBe(4);
  });
});
