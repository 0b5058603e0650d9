import { describe, expect, it } from 'vitest';
import type { OutcomeSummary } from '../../matrix/outcome-summary.js';
import { formats } from '../../reports/formats/index.js';
import type { Report } from '../../reports/report.js';
import { checkSectionMarkdown, checkSectionText, checkSummaryLine } from '../../reports/text/check-section.js';
import { sampleReport } from '../fixtures/sample-report.js';

const connected: OutcomeSummary = { status: 'connected', phase: null, code: null };
const refused: OutcomeSummary = { status: 'failed', phase: 'client-connect', code: 'ECONNREFUSED' };
const timedOut: OutcomeSummary = { status: 'failed', phase: 'exchange', code: 'ETIMEDOUT' };

/** The sample report as if run with --check --repeat 3: one match, one deviation, one flaky cell, one new cell. */
const checkedReport = (): Report => {
  const report = sampleReport();
  const [first, second, third] = report.cells;
  if (first === undefined || second === undefined || third === undefined) throw new Error('the sample report has fewer than 3 cells');
  first.repeats = [connected, connected, connected];
  second.repeats = [refused, refused, refused];
  third.repeats = [refused, timedOut, refused];
  report.run.options.repeat = 3;
  report.check = {
    expectations: 'expectations/linux.json',
    platform: 'linux',
    verdicts: [
      { kind: 'matched', cellId: first.id, expected: connected },
      { kind: 'deviated', cellId: second.id, expected: connected, actual: refused, hint: 'did the bind change?' },
      { kind: 'flaky', cellId: third.id, expected: refused, seen: [refused, timedOut] },
      { kind: 'new', cellId: 'tcp 127.0.0.9 -> 127.0.0.9', actual: connected },
    ],
  };
  return report;
};

describe('the check section', () => {
  it('sums the verdicts up in one line, and fails on a deviated or flaky cell', () => {
    const { check } = checkedReport();
    if (check === undefined) throw new Error('no check');
    expect(checkSummaryLine(check)).toBe(
      'check against expectations/linux.json (linux): FAILED, 1 matched, 1 deviated, 1 flaky, 1 new (new cells have no expectation yet: not failures)',
    );
    const onlyNew = { ...check, verdicts: check.verdicts.filter((verdict) => verdict.kind !== 'deviated' && verdict.kind !== 'flaky') };
    expect(checkSummaryLine(onlyNew)).toMatch(/: passed, 1 matched, 0 deviated, 0 flaky, 1 new/);
  });

  it('lists deviations, flaky and new cells for a terminal, and no matched ones', () => {
    expect(checkSectionText(checkedReport())).toEqual([
      'check against expectations/linux.json (linux): FAILED, 1 matched, 1 deviated, 1 flaky, 1 new (new cells have no expectation yet: not failures)',
      'Deviations:',
      '  tcp 127.0.0.1 -> 127.0.0.2: expected connected, got ECONNREFUSED at client-connect  (did the bind change?)',
      'Flaky (outcomes differed between runs):',
      '  tcp 127.0.0.1 -> [::1]: flaky, seen ECONNREFUSED at client-connect (2 of 3), ETIMEDOUT at exchange (1 of 3); expected ECONNREFUSED at client-connect',
      'New (no expectation yet: not a failure; --update-expectations records them):',
      '  tcp 127.0.0.9 -> 127.0.0.9: new, got connected',
    ]);
  });

  it('renders the same verdicts as Markdown lists', () => {
    const markdown = checkSectionMarkdown(checkedReport()).join('\n');
    expect(markdown).toContain('## Check against expectations');
    expect(markdown).toContain('### Deviations: 1');
    expect(markdown).toContain(
      '- `tcp 127.0.0.1 -> 127.0.0.2`: expected connected, got ECONNREFUSED at client-connect  (did the bind change?)',
    );
    expect(markdown).toContain('### Flaky (outcomes differed between runs): 1');
    expect(markdown).toContain('### New (no expectation yet: not a failure; --update-expectations records them): 1');
    expect(markdown).not.toContain('tcp 127.0.0.1 -> 127.0.0.1`');
  });

  it('is absent without --check', () => {
    const report = sampleReport();
    expect(checkSectionText(report)).toEqual([]);
    expect(checkSectionMarkdown(report)).toEqual([]);
    expect(formats.table.report(report, { width: 120, color: false })).not.toContain('check against');
    expect(formats.markdown.report(report, { width: 120, color: false })).not.toContain('Check against');
  });

  it('appears in the terminal table and the Markdown report', () => {
    const report = checkedReport();
    const table = formats.table.report(report, { width: 120, color: false });
    expect(table.trimEnd().split('\n').at(-1)).toBe('  tcp 127.0.0.9 -> 127.0.0.9: new, got connected');
    expect(table).toContain(', concurrency 4, each cell 3 times');
    const markdown = formats.markdown.report(report, { width: 120, color: false });
    expect(markdown.indexOf('## Check against expectations')).toBeLessThan(markdown.indexOf('## TCP'));
  });
});

describe('a check against a file from before Python', () => {
  const report = sampleReport();
  const [nodeCell, pythonCell] = report.cells;
  if (nodeCell === undefined || pythonCell === undefined) throw new Error('the sample report has fewer than 2 cells');
  pythonCell.id = 'tcp 127.0.0.1 -> AF_INET6 127.0.0.1 (python)';
  pythonCell.client = { runtime: 'python', address: '127.0.0.1', family: 6, lookup: null };
  report.cells = [nodeCell, pythonCell];
  report.check = {
    expectations: 'expectations/linux.json',
    platform: 'linux',
    uncoveredRuntimes: ['python'],
    verdicts: [
      { kind: 'matched', cellId: nodeCell.id, expected: connected },
      { kind: 'new', cellId: pythonCell.id, actual: refused },
    ],
  };

  it('says in one line that the Python cells are new, and what to do, instead of listing each', () => {
    const lines = checkSectionText(report);
    expect(lines).toContain(
      'expectations/linux.json covers node only: the 1 cell with a python side is new, not failures. Record them with --update-expectations (then review the file), or check node alone with --runtime node.',
    );
    expect(lines.join('\n')).not.toContain(pythonCell.id);
  });

  it('says it in the Markdown too', () => {
    expect(checkSectionMarkdown(report).join('\n')).toContain('covers node only: the 1 cell with a python side is new');
  });
});
