import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { summarizeOutcome } from '../../harness/cell-outcome.js';
import { compareWithExpectations, deviationHint } from '../../matrix/expectations.js';
import { buildCoexistGrids, coexistKeyLine } from '../../reports/coexist-grid.js';
import { diffReports } from '../../reports/diff.js';
import type { PageData } from '../../reports/formats/html/cell-data.js';
import { renderHtmlReport } from '../../reports/formats/html/report.js';
import { formats } from '../../reports/formats/index.js';
import { mergeReports } from '../../reports/merge.js';
import { parseReport } from '../../reports/parse-report.js';
import { redactReport } from '../../reports/redact.js';
import type { Report } from '../../reports/report.js';
import { describeSummary } from '../../reports/text/check-section.js';
import { outcomeCode, summaryCode } from '../../reports/text/codes.js';
import { describeOutcome } from '../../reports/text/outcome-text.js';
import { coexistCells, mixedReport } from '../fixtures/coexist-cells.js';
import { validateJunit, validationErrors } from '../fixtures/junit-schema.js';

// Two servers on one port in every output: the summary expectations compare, the grid marks, the grids, and each
// format, diff and merge, from cells a real Linux run produced (test/fixtures/coexist-cells.json).

const [dualThenAny4, v6onlyThenAny4, pythonTwice, reusePortGroup, reuseAddrTwice] = coexistCells();
const options = { width: 120, color: false };

describe('a two-servers outcome in brief', () => {
  it.each([
    [
      'a dual-stack [::] then 0.0.0.0',
      dualThenAny4,
      { status: 'failed', phase: 'second-listen', code: 'EADDRINUSE' },
      'l:INUSE',
      'EADDRINUSE at second-listen',
    ],
    [
      'Python’s 127.0.0.1 twice',
      pythonTwice,
      { status: 'failed', phase: 'second-bind', code: 'EADDRINUSE' },
      'b:INUSE',
      'EADDRINUSE at second-bind',
    ],
    [
      'an IPv6-only [::] then 0.0.0.0',
      v6onlyThenAny4,
      { status: 'coexisted', phase: null, code: '127.0.0.1=second ::1=first localhost=second' },
      '✓ 2·1·2',
      'coexisted (127.0.0.1=second ::1=first localhost=second)',
    ],
    [
      'two udp4 127.0.0.1 with SO_REUSEADDR',
      reuseAddrTwice,
      { status: 'coexisted', phase: null, code: '127.0.0.1=second ::1=nobody(ECONNREFUSED) localhost=second' },
      '✓ 2·-·2',
      'coexisted (127.0.0.1=second ::1=nobody(ECONNREFUSED) localhost=second)',
    ],
    ['two SO_REUSEPORT on one address, nothing dialed', reusePortGroup, { status: 'coexisted', phase: null, code: '' }, '✓', 'coexisted'],
  ])('%s', (_name, cell, summary, code, words) => {
    if (cell === undefined) throw new Error('fixture: five cells');
    expect(summarizeOutcome(cell.outcome)).toEqual(summary);
    expect(outcomeCode(cell.outcome, { ascii: false })).toBe(code);
    expect(summaryCode(summarizeOutcome(cell.outcome), { ascii: false })).toBe(code);
    expect(describeSummary(summarizeOutcome(cell.outcome))).toBe(words);
  });

  it('spells the mark in ASCII where asked', () => {
    expect(outcomeCode(v6onlyThenAny4?.outcome ?? dualThenAny4?.outcome ?? ({} as never), { ascii: true })).toBe('ok 2.1.2');
  });

  it('says who answered in the one-line outcome JUnit and annotations use', () => {
    expect(describeOutcome(v6onlyThenAny4?.outcome ?? ({} as never))).toBe('coexisted (127.0.0.1=second ::1=first localhost=second)');
  });
});

describe('checking who answers', () => {
  const actual = summarizeOutcome(v6onlyThenAny4?.outcome ?? ({} as never));

  it.each([
    ['the same answers', { status: 'coexisted' as const, answers: '127.0.0.1=second ::1=first localhost=second' }, 'matched'],
    ['another server for 127.0.0.1', { status: 'coexisted' as const, answers: '127.0.0.1=first ::1=first localhost=second' }, 'deviated'],
    ['EADDRINUSE expected', { status: 'failed' as const, phase: 'second-listen' as const, code: 'EADDRINUSE' }, 'deviated'],
  ])('%s: %s', (_name, expectation, kind) => {
    const [verdict] = compareWithExpectations([{ cellId: 'c', summaries: [actual] }], { c: expectation });
    expect(verdict?.kind).toBe(kind);
  });

  it.each([
    [{ status: 'coexisted', phase: null, code: '127.0.0.1=first' }, actual, /a target reaches another one now/],
    [
      { status: 'coexisted', phase: null, code: '127.0.0.1=first' },
      { status: 'failed', phase: 'second-listen', code: 'EADDRINUSE' },
      /can no longer take the port/,
    ],
    [{ status: 'failed', phase: 'second-bind', code: 'EADDRINUSE' }, actual, /both servers now share the port/],
  ] as const)('hints %j -> %j', (expected, got, hint) => {
    expect(deviationHint(expected, got)).toMatch(hint);
  });
});

describe('the two-servers grids', () => {
  const report = mixedReport();

  it('are one per transport and runtimes, first listener down, second across, one order for both', () => {
    const grids = buildCoexistGrids(report);
    expect(grids.map((grid) => [grid.transport, grid.runtimes])).toEqual([
      ['tcp', 'node'],
      ['tcp', 'python'],
      ['udp', 'python'],
      ['udp', 'node'],
    ]);
    const [nodeTcp] = grids;
    expect(nodeTcp?.rows.map((row) => row.label)).toEqual(['[::] dual', '[::] v6only']);
    expect(nodeTcp?.columns.map((column) => column.label)).toEqual(['0.0.0.0']);
    expect(nodeTcp?.targets).toEqual(['127.0.0.1', '::1', 'localhost']);
    expect(nodeTcp?.counts).toEqual({ cells: 2, coexisted: 1, failed: 1, harnessError: 0, absent: 0 });
  });

  it('have a key saying what each digit stands for, and what a ✓ alone means', () => {
    const [nodeTcp, , pythonUdp] = buildCoexistGrids(report);
    expect(nodeTcp === undefined ? null : coexistKeyLine(nodeTcp)).toContain('dialed in this order: 127.0.0.1 · ::1 · localhost');
    expect(pythonUdp === undefined ? null : coexistKeyLine(pythonUdp)).toContain('✓ alone: both listen, and nothing was dialed');
  });
});

describe('every format', () => {
  const report = mixedReport();

  it('the terminal table shows the pairing grids, then the two-servers grids, the legend and their totals', () => {
    const text = formats.table.report(report, options);
    expect(text.indexOf('TCP: rows = server binds')).toBeLessThan(text.indexOf('Two servers on one port, TCP, node'));
    expect(text).toMatch(/│ \[::\] dual +│ +l:INUSE +│/);
    expect(text).toMatch(/│ \[::\] v6only +│ +✓ 2·1·2 +│/);
    expect(text).toContain('l: = failed at second-listen');
    expect(text).toContain('✓ 1·2·1 = both listen; per target (see the key)');
    expect(text).toContain('two servers, tcp, node: 2 cells, 1 coexisted, 1 failed, 0 harness errors');
  });

  it('Markdown has each grid with its key, and each failure with both servers’ evidence', () => {
    const text = formats.markdown.report(report, options);
    expect(text).toContain('## Two servers on one port: TCP, node');
    expect(text).toContain('| `[::] v6only` | ✓ 2·1·2 |');
    expect(text).toContain('- `reuseport`: SO_REUSEPORT asked for before the bind');
    expect(text).toContain('### ✗ `EADDRINUSE` at second-listen: 1 cell');
    expect(text).toMatch(/- first server: bound `\[::\]:\d+`, received nothing\n- second server: not listening/);
  });

  it('HTML has a grid block per grid, whose cells open both servers and who answered each target', () => {
    const html = renderHtmlReport(report, options);
    expect(html).toContain(
      '<h3>Two servers, TCP, node <span class="sub">rows = first listener, columns = second listener, on one port</span></h3>',
    );
    const data = JSON.parse(
      /<script type="application\/json" id="sockmatrix-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? 'null',
    ) as PageData;
    const cell = data.cells.find((candidate) => candidate.id === 'coexist tcp [::] v6only + 0.0.0.0');
    expect(cell?.status).toBe('coexisted');
    expect(cell?.code).toBe('✓ 2·1·2');
    expect(cell?.snippets).toBeNull();
    const observed = cell?.observed.map((line) => line.map((part) => (typeof part === 'string' ? part : part.code)).join(''));
    expect(observed?.[0]).toMatch(/^first server: bound \[::\]:\d+, received from/);
    expect(observed?.slice(2)).toEqual([
      'dialed 127.0.0.1: the second server',
      'dialed ::1: the first server',
      expect.stringMatching(/^dialed localhost \(resolved .*\): the second server$/),
    ]);
    const index = data.cells.indexOf(cell ?? data.cells[0] ?? ({} as never));
    expect(html).toContain(`data-cell="${index}" data-status="coexisted"`);
  });

  it('JUnit lists each cell in its transport’s suite, and validates against the Ant schema', async () => {
    const xml = formats.junit.report(report);
    expect(xml).toContain('<testcase name="coexist tcp [::] v6only + 0.0.0.0" classname="sockmatrix.tcp"');
    expect(xml).toContain('coexist tcp [::] v6only + 0.0.0.0: coexisted (127.0.0.1=second ::1=first localhost=second)');
    expect(xml).toContain('coexist tcp [::] dual + 0.0.0.0: EADDRINUSE at second-listen: listen EADDRINUSE');
    const result = await validateJunit(xml);
    expect(result.valid, validationErrors(result)).toBe(true);
  });

  it('JSON is the report, and validates against report.schema.json', () => {
    const schema = JSON.parse(readFileSync(new URL('../../reports/report.schema.json', import.meta.url), 'utf8'));
    const validate = new Ajv2020({ allErrors: true }).compile(schema);
    const json = JSON.parse(formats.json.report(report));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('reading, redacting, diffing and merging', () => {
  it('reads a report@1.3 with two-servers cells back whole', () => {
    const parsed = parseReport(JSON.stringify(mixedReport()));
    expect(parsed.ok && parsed.report.cells.filter((cell) => cell.kind === 'coexist').length).toBe(5);
    expect(parsed.ok && parsed.notes).toEqual([]);
  });

  it.each([
    [
      'a two-servers cell that connected',
      { status: 'connected' },
      /outcome\.status is 'connected', expected coexisted, failed or harness-error$/,
    ],
    [
      'a pairing phase on two servers',
      { status: 'failed', phase: 'server-bind', code: 'EADDRINUSE' },
      /outcome\.phase is 'server-bind', expected one of first-bind, second-bind, second-listen$/,
    ],
    ['an answer by a third server', { answeredBy: 'third' }, /answers\[0\]\.answeredBy is 'third', expected first, second or nobody$/],
  ])('refuses %s', (_name, change, error) => {
    const report = mixedReport();
    const cell = report.cells.find((candidate) => candidate.id === 'coexist tcp [::] v6only + 0.0.0.0');
    if (cell?.kind !== 'coexist') throw new Error('fixture: the v6only cell');
    const [first] = cell.outcome.observations.answers;
    if ('answeredBy' in change && first !== undefined) Object.assign(first, change);
    else Object.assign(cell.outcome, change);
    const parsed = parseReport(JSON.stringify(report));
    expect(parsed.ok ? 'read' : parsed.error).toMatch(error);
  });

  it('takes addresses off loopback out of both servers’ evidence and the targets', () => {
    const report = mixedReport();
    const cell = report.cells.find((candidate) => candidate.kind === 'coexist' && candidate.outcome.status === 'coexisted');
    if (cell?.kind !== 'coexist' || cell.outcome.status !== 'coexisted') throw new Error('fixture: a cell that coexisted');
    const [answer] = cell.outcome.observations.answers;
    if (answer?.client?.remote === null || answer?.client === null || answer === undefined) throw new Error('fixture: an answer');
    answer.client.resolved = [{ address: '192.0.2.7', family: 4 }];
    cell.outcome.observations.second = cell.outcome.observations.second && {
      ...cell.outcome.observations.second,
      received: [{ address: '10.1.2.3', port: 5, family: 4 }],
    };
    const redacted = redactReport(report, { cwd: '/w', home: '/h', user: 'u', platform: 'linux' });
    const text = JSON.stringify(redacted.cells);
    expect(text).not.toMatch(/192\.0\.2\.7|10\.1\.2\.3/);
    expect(text).toContain('<non-loopback>');
  });

  it('diff shows a change of who answers as a changed cell, in the grid’s marks', () => {
    const a = mixedReport();
    const b: Report = JSON.parse(JSON.stringify(a));
    const cell = b.cells.find((candidate) => candidate.id === 'coexist tcp [::] v6only + 0.0.0.0');
    if (cell?.kind !== 'coexist') throw new Error('fixture: the v6only cell');
    const [first] = cell.outcome.observations.answers;
    if (first !== undefined) first.answeredBy = 'first';
    const diff = diffReports({ report: a, source: 'a.json' }, { report: b, source: 'b.json' });
    expect(diff.changed.map((changed) => changed.cellId)).toEqual(['coexist tcp [::] v6only + 0.0.0.0']);
    expect(formats.table.diff(diff, options)).toMatch(/coexist tcp \[::\] v6only \+ 0\.0\.0\.0 +│ +✓ 2·1·2 +│ +✓ 1·1·2 +│/);
  });

  it('merge puts each two-servers cell in a row, the same everywhere or not', () => {
    const merge = mergeReports([
      { source: 'a.json', report: mixedReport() },
      { source: 'b.json', report: { ...mixedReport(), run: { ...mixedReport().run, id: 'other', label: 'other' } } },
    ]);
    const row = merge.cells.find((cell) => cell.cellId === 'coexist tcp [::] dual + 0.0.0.0');
    expect(row).toMatchObject({
      behaviour: 'same',
      outcomes: [{ status: 'failed', phase: 'second-listen', code: 'EADDRINUSE' }, expect.anything()],
    });
    expect(formats.markdown.merge(merge, { ...options, all: true })).toContain('l:INUSE');
  });
});
