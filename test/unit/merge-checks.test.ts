import { describe, expect, it } from 'vitest';
import { formats } from '../../reports/formats/index.js';
import { mergeReports } from '../../reports/merge.js';
import type { Report } from '../../reports/report.js';
import { checksLine } from '../../reports/text/merge-text.js';
import { checkReport } from '../fixtures/check-report.js';
import { sampleReport } from '../fixtures/sample-report.js';

// The merged table of a CI run says which jobs' checks failed: the workflow's merge job is where every job meets.

const labelled = (report: Report, label: string, id: string): { source: string; report: Report } => {
  report.run.label = label;
  report.run.id = id;
  return { source: `${label}/report.json`, report };
};
const passing = (): Report => {
  const report = checkReport();
  if (report.check === undefined) throw new Error('fixture: no check');
  report.check.verdicts = report.check.verdicts.map((verdict) => ({
    kind: 'new',
    cellId: verdict.cellId,
    actual: { status: 'connected', phase: null, code: null },
  }));
  return report;
};

describe('the checks of merged reports', () => {
  const merge = mergeReports([
    labelled(checkReport(), 'windows-latest-node20', 'r1'),
    labelled(passing(), 'ubuntu-latest-node20', 'r2'),
    labelled(sampleReport(), 'macos-latest-node22', 'r3'),
  ]);

  it('are kept in brief per environment: the file, whether it passed, how many cells deviated or were flaky', () => {
    expect(merge.environments.map((environment) => environment.check)).toEqual([
      { expectations: 'expectations/linux.json', passed: false, deviated: 2, flaky: 1 },
      { expectations: 'expectations/linux.json', passed: true, deviated: 0, flaky: 0 },
      null,
    ]);
  });

  it('name the environments whose check failed, in one line', () => {
    expect(checksLine(merge)).toBe('Checks: FAILED in windows-latest-node20 (2 deviated, 1 flaky); passed in 1; 1 not checked.');
    expect(checksLine(mergeReports([labelled(passing(), 'a', 'r1'), labelled(passing(), 'b', 'r2')]))).toBe('Checks: passed in all.');
    expect(checksLine(mergeReports([labelled(sampleReport(), 'a', 'r1')]))).toBeNull();
  });

  it.each(['table', 'markdown', 'html'] as const)('are said by merge --format %s, under the summary', (format) => {
    const render = formats[format].merge;
    if (render === undefined) throw new Error(`${format} renders no merge`);
    const text = render(merge, { color: false, all: false, width: 200 });
    expect(text).toContain('Checks: FAILED in windows-latest-node20 (2 deviated, 1 flaky); passed in 1; 1 not checked.');
  });

  it('are in merge --format json, environment by environment', () => {
    const json = JSON.parse(formats.json.merge?.(merge) ?? '{}') as {
      environments: { name: string; check: unknown }[];
    };
    expect(json.environments.map(({ name, check }) => [name, check === null ? null : (check as { passed: boolean }).passed])).toEqual([
      ['windows-latest-node20', false],
      ['ubuntu-latest-node20', true],
      ['macos-latest-node22', null],
    ]);
  });
});
