import { assertNever } from '../../matrix/assert-never.js';
import type { Transport } from '../../matrix/dimensions.js';
import { transports } from '../../matrix/expand.js';
import type { CellVerdict } from '../../matrix/expectations.js';
import type { Report, ReportCell } from '../report.js';
import { describeSummary, verdictText } from '../text/check-section.js';
import { describeOutcome } from '../text/outcome-text.js';
import { runLine } from '../text/summary.js';
import { stripForbiddenXmlCharacters, xmlAttribute, xmlText } from '../text/xml-escape.js';
import type { Format } from './format.js';

// The report as JUnit XML for CI test reporters (GitLab, Jenkins, the GitHub Actions test-report actions).
// Shaped to validate against the Apache Ant JUnit schema, the strictest common form: <testsuites> holding one
// <testsuite> per transport (each with the `package` and `id` it requires there), one <testcase> per cell.
// That schema has no <system-out> inside a <testcase>, so every cell's outcome is listed, one line each, in its
// suite's <system-out>; a failure or error carries its own evidence in its body.

// What a testcase holds: nothing when it passed, or one <failure> or <error>.
type CaseResult = { kind: 'passed' } | { kind: 'failure' | 'error'; type: string; message: string; body: string };

/** Milliseconds as the seconds JUnit wants: a plain decimal (xs:decimal has no exponent), never negative. */
const seconds = (ms: number): string => (Number.isFinite(ms) ? Math.max(0, ms) / 1000 : 0).toFixed(3);

// The schema's timestamp is xs:dateTime without a zone or fraction: the UTC time, as `2026-11-25T07:52:02`.
const timestamp = (iso: string): string => new Date(iso).toISOString().slice(0, 19);

// Never the machine's name: reports go to public tickets. The run's label names the environment when given.
const hostname = (report: Report): string => {
  const label = stripForbiddenXmlCharacters(report.run.label ?? '').trim();
  return label === '' ? 'localhost' : label;
};

const caseResult = (cell: ReportCell, verdict: CellVerdict | undefined, report: Report): CaseResult => {
  const { outcome } = cell;
  const expectations = report.check === undefined ? [] : [`expectations: ${report.check.expectations} (platform ${report.check.platform})`];
  // A harness error is sockmatrix breaking, never a finding: it is an <error> even when a verdict also failed.
  if (outcome.status === 'harness-error') {
    const checkText = verdict === undefined ? null : verdictText(verdict, report);
    const verdictLine = checkText === null ? [] : [`check: ${checkText}`];
    const stderr = outcome.stderr.trim() === '' ? ['stderr: empty'] : ['stderr:', outcome.stderr.replace(/\n$/, '')];
    return {
      kind: 'error',
      type: `harness-error ${outcome.reason}`,
      message: describeOutcome(outcome),
      body: [describeOutcome(outcome), ...verdictLine, ...stderr].join('\n'),
    };
  }
  if (verdict?.kind === 'deviated') {
    return {
      kind: 'failure',
      type: 'deviated',
      message: `expected ${describeSummary(verdict.expected)}, got ${describeSummary(verdict.actual)}`,
      body: [
        `expected: ${describeSummary(verdict.expected)}`,
        `actual:   ${describeSummary(verdict.actual)}`,
        `hint: ${verdict.hint}`,
        `outcome: ${describeOutcome(outcome)}`,
        ...expectations,
      ].join('\n'),
    };
  }
  if (verdict?.kind === 'flaky') {
    return {
      kind: 'failure',
      type: 'flaky',
      message: verdictText(verdict, report) ?? 'flaky',
      body: [
        `expected: ${verdict.expected === null ? 'none (no expectation for this cell)' : describeSummary(verdict.expected)}`,
        `seen: ${verdict.seen.map(describeSummary).join('; ')}`,
        ...(cell.repeats === undefined ? [] : [`run by run: ${cell.repeats.map(describeSummary).join('; ')}`]),
        `first run: ${describeOutcome(outcome)}`,
        ...expectations,
      ].join('\n'),
    };
  }
  return { kind: 'passed' };
};

// What the outcome list in <system-out> says of a cell's verdict; null without --check.
const verdictNote = (verdict: CellVerdict | undefined): string | null => {
  switch (verdict?.kind) {
    case undefined:
      return null;
    case 'matched':
      return 'as expected';
    case 'new':
      return 'new: no expectation yet';
    case 'deviated':
    case 'flaky':
      return verdict.kind;
    default:
      return assertNever(verdict);
  }
};

const testcase = (cell: ReportCell, transport: Transport, result: CaseResult): string => {
  const open = `    <testcase name="${xmlAttribute(cell.id)}" classname="sockmatrix.${transport}" time="${seconds(cell.durationMs)}"`;
  if (result.kind === 'passed') return `${open}/>`;
  const child = `<${result.kind} message="${xmlAttribute(result.message)}" type="${xmlAttribute(result.type)}">${xmlText(result.body)}</${result.kind}>`;
  return `${open}>\n      ${child}\n    </testcase>`;
};

// Facts of the environment for a reader who opens the suite; the same for every suite of a report.
const properties = (report: Report): [string, string][] => {
  const { run, environment, check } = report;
  const { localhost, linux } = environment;
  const entries: [string, string][] = [
    ['sockmatrix.run.id', run.id],
    ['sockmatrix.run.complete', String(run.complete)],
    ['sockmatrix.version', run.tool.version],
    ['os', `${environment.os.platform} ${environment.os.release} (${environment.os.arch})`],
    ['node', environment.node],
    ...Object.entries(environment.runtimes ?? {})
      .filter(([runtime]) => runtime !== 'node')
      .map(([runtime, version]): [string, string] => [runtime, version]),
    ['ipv6.available', String(environment.ipv6Available)],
    ['localhost.resolves', localhost.error ?? (localhost.addresses.map((address) => address.address).join(', ') || 'nothing')],
  ];
  if (run.label) entries.push(['sockmatrix.run.label', run.label]);
  if (linux !== null) entries.push(['net.ipv6.bindv6only', String(linux.bindv6only ?? 'unreadable')]);
  if (environment.resolver !== undefined) entries.push(['resolver', environment.resolver.mode]);
  if (check !== undefined)
    entries.push(['sockmatrix.check.expectations', check.expectations], ['sockmatrix.check.platform', check.platform]);
  return entries;
};

const testsuite = (report: Report, transport: Transport, cells: ReportCell[], id: number): string => {
  const verdicts = new Map((report.check?.verdicts ?? []).map((verdict) => [verdict.cellId, verdict]));
  const cases = cells.map((cell) => ({ cell, result: caseResult(cell, verdicts.get(cell.id), report) }));
  const count = (kind: CaseResult['kind']): number => cases.filter(({ result }) => result.kind === kind).length;
  const totalMs = cells.reduce((sum, cell) => sum + (Number.isFinite(cell.durationMs) ? Math.max(0, cell.durationMs) : 0), 0);
  const attributes = [
    `name="sockmatrix ${transport}"`,
    `package="sockmatrix.${transport}"`,
    `id="${id}"`,
    `tests="${cells.length}"`,
    `failures="${count('failure')}"`,
    `errors="${count('error')}"`,
    'skipped="0"',
    `time="${seconds(totalMs)}"`,
    `timestamp="${timestamp(report.run.startedAt)}"`,
    `hostname="${xmlAttribute(hostname(report))}"`,
  ];
  const outcomeLines = cells.map((cell) => {
    const note = verdictNote(verdicts.get(cell.id));
    return `${cell.id}: ${describeOutcome(cell.outcome)}${note === null ? '' : ` (${note})`}`;
  });
  const systemOut = [runLine(report), `sockmatrix ${transport}: ${cells.length} cells`, ...outcomeLines].join('\n');
  return [
    `  <testsuite ${attributes.join(' ')}>`,
    '    <properties>',
    ...properties(report).map(([name, value]) => `      <property name="${xmlAttribute(name)}" value="${xmlAttribute(value)}"/>`),
    '    </properties>',
    ...cases.map(({ cell, result }) => testcase(cell, transport, result)),
    `    <system-out>${xmlText(`${systemOut}\n`)}</system-out>`,
    '    <system-err></system-err>',
    '  </testsuite>',
  ].join('\n');
};

/** The report as JUnit XML: a <testsuite> per transport, a <testcase> per cell; deviated or flaky cells fail, harness errors error. */
const renderJunit = (report: Report): string => {
  const suites = transports
    .map((transport) => ({ transport, cells: report.cells.filter((cell) => cell.transport === transport) }))
    .filter((suite) => suite.cells.length > 0)
    .map((suite, id) => testsuite(report, suite.transport, suite.cells, id));
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>', ...suites, '</testsuites>', ''].join('\n');
};

/** JUnit XML for CI test reporters: report.junit.xml in a run folder (one per profile; a profile set has none of its own). */
export const junit = {
  files: { report: 'report.junit.xml', profileSet: null },
  report: renderJunit,
} as const satisfies Format;
