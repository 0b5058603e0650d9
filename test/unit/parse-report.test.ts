import { describe, expect, it } from 'vitest';
import { looksTruncated, parseReport } from '../../reports/parse-report.js';
import { handMadeReport } from '../fixtures/hand-made-report.js';
import { sampleReport } from '../fixtures/sample-report.js';

const reportText = (change: (report: Record<string, unknown>) => void = () => {}): string => {
  const report = handMadeReport({ 'tcp 127.0.0.1 -> 127.0.0.1': 'ok', 'tcp 127.0.0.1 -> [::1]': 'client-connect ECONNREFUSED' });
  const json = JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
  change(json);
  return JSON.stringify(json, null, 2);
};
const full = JSON.stringify(sampleReport(), null, 2);

describe('parseReport', () => {
  it('reads a report as the harness writes it', () => {
    const parsed = parseReport(full);
    expect(parsed.ok && parsed.report.cells).toHaveLength(184);
    expect(parsed.ok && parsed.notes).toEqual([]);
  });

  it('reads a report without run.label (made before --label) as label null', () => {
    const parsed = parseReport(reportText((json) => delete (json.run as Record<string, unknown>).label));
    expect(parsed.ok && parsed.report.run.label).toBeNull();
  });

  it('reads a UTF-8 byte order mark as nothing', () => {
    expect(parseReport(`\uFEFF${full}`).ok).toBe(true);
  });

  it.each<{ case: string; text: string; error: RegExp }>([
    { case: 'an empty file', text: '', error: /^is empty, not a report$/ },
    { case: 'cut off in the middle', text: full.slice(0, 5000), error: /^looks truncated: the JSON stops after 5000 characters/ },
    { case: 'cut off inside a string', text: '{"schema": "sockmatr', error: /^looks truncated/ },
    { case: 'not JSON at all', text: '<testsuites></testsuites>', error: /^is not JSON \(/ },
    { case: 'JSON with a stray comma', text: '{"schema": "sockmatrix/report@1",}', error: /^is not JSON \(/ },
    {
      case: 'an array',
      text: '[1, 2]',
      error: /^is not a sockmatrix report: expected an object with "schema": "sockmatrix\/report@1\.3", got an array$/,
    },
    { case: 'a string', text: '"report"', error: /^is not a sockmatrix report: .* got 'report'$/ },
    { case: 'an object without a schema', text: '{"numPassedTests": 3}', error: /^is not a sockmatrix report: it has no "schema" field/ },
    {
      case: 'another tool’s schema',
      text: '{"schema": "vitest/report@1"}',
      error: /its schema is "vitest\/report@1", expected "sockmatrix\/report@1\.3"/,
    },
    {
      case: 'a newer major version',
      text: reportText((json) => Object.assign(json, { schema: 'sockmatrix/report@2' })),
      error: /^is a sockmatrix\/report@2 report, and this sockmatrix reads sockmatrix\/report@1 only \(it was made by a newer sockmatrix/,
    },
    {
      case: 'an older major version',
      text: reportText((json) => Object.assign(json, { schema: 'sockmatrix/report@0' })),
      error: /^is a sockmatrix\/report@0 report, .* older sockmatrix/,
    },
    {
      case: 'a cell with an unknown status',
      text: reportText((json) =>
        Object.assign((json.cells as Record<string, Record<string, unknown>>[])[1]?.outcome ?? {}, { status: 'skipped' }),
      ),
      error:
        /^is not a valid sockmatrix\/report@1\.3 report: cells\[1\]\.outcome\.status is 'skipped', expected connected, failed or harness-error$/,
    },
    {
      case: 'a failure without a code',
      text: reportText((json) => delete (json.cells as Record<string, Record<string, unknown>>[])[1]?.outcome?.code),
      error: /cells\[1\]\.outcome\.code is missing, expected a string$/,
    },
    {
      case: 'no environment',
      text: reportText((json) => delete json.environment),
      error: /environment is missing, expected an object$/,
    },
    {
      case: 'a cell id twice',
      text: reportText((json) => {
        const cells = json.cells as Record<string, unknown>[];
        if (cells[1]) cells[1].id = cells[0]?.id;
      }),
      error: /cells\[1\]\.id is 'tcp 127\.0\.0\.1 -> 127\.0\.0\.1', expected an id no other cell has$/,
    },
  ])('refuses $case, saying why', ({ text, error }) => {
    const parsed = parseReport(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });

  it.each(['sockmatrix/report@1', 'sockmatrix/report@1.1'])(
    'reads a %s report, from before Python or the resolver, whole and without a note',
    (schema) => {
      const parsed = parseReport(
        reportText((json) => {
          json.schema = schema;
        }),
      );
      expect(parsed.ok && parsed.notes).toEqual([]);
    },
  );

  it('reads a newer minor version, leaving out the cells it cannot understand and saying so', () => {
    const text = reportText((json) => {
      json.schema = 'sockmatrix/report@1.4';
      json.newTopLevelField = { anything: true };
      Object.assign((json.cells as Record<string, Record<string, unknown>>[])[1]?.outcome ?? {}, { status: 'skipped' });
    });
    const parsed = parseReport(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.report.cells.map((cell) => cell.id)).toEqual(['tcp 127.0.0.1 -> 127.0.0.1']);
    expect(parsed.notes).toEqual([
      'is sockmatrix/report@1.4, newer than the sockmatrix/report@1.3 this sockmatrix reads: reading the fields it knows',
      "left out cells[1].outcome.status is 'skipped', expected connected, failed or harness-error",
    ]);
  });
});

describe('looksTruncated', () => {
  it.each([
    ['{"a": 1}', false],
    ['{"a": 1', true],
    ['{"a": [1, 2', true],
    ['{"a": "x', true],
    ['{"a": "}]"', true],
    ['{"a": "\\"}"}', false],
    ['{"a": 1}}', false],
    ['', false],
  ])('%j: %s', (text, truncated) => {
    expect(looksTruncated(text)).toBe(truncated);
  });
});
