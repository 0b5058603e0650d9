import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../reports/report.js';
import { sampleReport } from '../fixtures/sample-report.js';

// The optional fields of check mode, repeats and labels, against reports/report.schema.json.

const schema = JSON.parse(readFileSync(new URL('../../reports/report.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true }).compile(schema);

const connected = { status: 'connected', phase: null, code: null } as const;
const refused = { status: 'failed', phase: 'client-connect', code: 'ECONNREFUSED' } as const;

/** The sample report with a label, repeats and a check of every verdict kind. */
const checkedReport = (): Report => {
  const report = sampleReport();
  report.run.label = 'linux-node20';
  report.run.options.repeat = 2;
  for (const cell of report.cells) cell.repeats = [connected, refused];
  report.check = {
    expectations: 'expectations/linux.json',
    platform: 'linux',
    verdicts: [
      { kind: 'matched', cellId: 'a', expected: connected },
      { kind: 'deviated', cellId: 'b', expected: connected, actual: refused, hint: 'the server is no longer reachable' },
      { kind: 'new', cellId: 'c', actual: refused },
      { kind: 'flaky', cellId: 'd', expected: null, seen: [connected, refused] },
    ],
  };
  return report;
};

describe('reports/report.schema.json, check mode', () => {
  it('validates a report with a label, repeats and a check', () => {
    expect(validate(checkedReport()), JSON.stringify(validate.errors)).toBe(true);
  });

  it('validates a report without them, and with a null label', () => {
    const report = sampleReport();
    report.run.label = null;
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each<[string, (report: Report) => void]>([
    ['a label with a space', (report) => Object.assign(report.run, { label: 'mac os' })],
    ['a repeat of 0', (report) => Object.assign(report.run.options, { repeat: 0 })],
    [
      'a repeat summary with an unknown status',
      (report) => report.cells[0]?.repeats?.push({ ...connected, status: 'flaky' as 'connected' }),
    ],
    ['a verdict of an unknown kind', (report) => report.check?.verdicts.push({ kind: 'skipped', cellId: 'e' } as never)],
    ['a deviation without its hint', (report) => Reflect.deleteProperty(report.check?.verdicts[1] ?? {}, 'hint')],
    ['a flaky verdict that saw one outcome', (report) => Object.assign(report.check?.verdicts[3] ?? {}, { seen: [connected] })],
    ['a check without its platform', (report) => Reflect.deleteProperty(report.check ?? {}, 'platform')],
  ])('rejects %s', (_name, spoil) => {
    const report = checkedReport();
    spoil(report);
    expect(validate(report)).toBe(false);
  });
});
