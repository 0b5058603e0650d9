import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { formats } from '../../reports/formats/index.js';
import type { Report } from '../../reports/report.js';
import { xmlAttribute } from '../../reports/text/xml-escape.js';
import { checkCells, checkReport } from '../fixtures/check-report.js';
import { validateJunit, validationErrors } from '../fixtures/junit-schema.js';
import { sampleReport } from '../fixtures/sample-report.js';

const junit = (report: Report): string => formats.junit.report(report);

/** The <testcase> element of one cell, from its opening tag to its end. */
const testcaseOf = (xml: string, cellId: string): string => {
  const start = xml.indexOf(`<testcase name="${xmlAttribute(cellId)}"`);
  if (start === -1) throw new Error(`no testcase for ${cellId}`);
  const selfClosed = xml.indexOf('/>', start);
  const nextOpen = xml.indexOf('<', start + 1);
  return selfClosed < nextOpen
    ? xml.slice(start, selfClosed + 2)
    : xml.slice(start, xml.indexOf('</testcase>', start) + '</testcase>'.length);
};

/** The opening tag of the suite for one transport. */
const suiteTag = (xml: string, transport: string): string => {
  const match = new RegExp(`<testsuite name="sockmatrix ${transport}"[^>]*>`).exec(xml);
  if (match === null) throw new Error(`no suite for ${transport}`);
  return match[0];
};

/** The code points in a text that XML 1.0 forbids: controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF. */
const forbiddenCodePoints = (text: string): string[] =>
  [...text]
    .map((character) => character.codePointAt(0) ?? 0)
    .filter(
      (point) =>
        (point < 0x20 && ![0x9, 0xa, 0xd].includes(point)) || (point >= 0xd800 && point <= 0xdfff) || (point >= 0xfffe && point <= 0xffff),
    )
    .map((point) => `U+${point.toString(16).toUpperCase().padStart(4, '0')}`);

const awkward = `<&>"' bell\u0007 escape\u001b[31m lone\uD800 nonchar\uFFFF crlf\r\nend`;

const awkwardReport = (): Report => {
  const report = checkReport();
  report.run.label = `ci <runner> "one" & 'two'`;
  const failed = report.cells.find((cell) => cell.outcome.status === 'failed');
  const harnessFailed = report.cells[checkCells.harnessError];
  if (failed?.outcome.status !== 'failed' || harnessFailed?.outcome.status !== 'harness-error') {
    throw new Error('the sample report should hold a failed cell and, at index 5, a harness error');
  }
  failed.outcome.message = awkward;
  harnessFailed.outcome.message = awkward;
  harnessFailed.outcome.stderr = `${awkward}\n]]> <![CDATA[ x ]]>\n`;
  const deviated = report.check?.verdicts[checkCells.deviated];
  if (deviated?.kind === 'deviated') deviated.hint = awkward;
  return report;
};

describe('the JUnit report validates against the Ant JUnit schema', () => {
  it.each([
    ['the sample report', sampleReport],
    ['a report with a check: deviated, flaky, new and matched cells', checkReport],
    ['a report with <&>"\' and control characters in messages, stderr and the label', awkwardReport],
    [
      'an interrupted report with no cells',
      (): Report => ({ ...sampleReport(), cells: [], run: { ...sampleReport().run, complete: false } }),
    ],
  ])('%s', async (_name, makeReport) => {
    const result = await validateJunit(junit(makeReport()));
    expect(result.valid, validationErrors(result)).toBe(true);
  });

  // The validator is not a rubber stamp: it refuses what the renderer deliberately avoids.
  it.each([
    [
      'a <system-out> inside a <testcase>',
      (xml: string) =>
        xml.replace(
          'classname="sockmatrix.tcp" time="0.245"/>',
          'classname="sockmatrix.tcp" time="0.245"><system-out>connected</system-out></testcase>',
        ),
    ],
    ['a suite in <testsuites> without its package', (xml: string) => xml.replace('package="sockmatrix.tcp" ', '')],
    ['a timestamp with a zone', (xml: string) => xml.replaceAll('timestamp="2026-11-25T07:52:02"', 'timestamp="2026-11-25T07:52:02Z"')],
  ])('the schema rejects %s', async (_name, spoil) => {
    const xml = junit(sampleReport());
    const spoiled = spoil(xml);
    expect(spoiled).not.toBe(xml);
    expect((await validateJunit(spoiled)).valid).toBe(false);
  });
});

describe('the JUnit report', () => {
  it('has one suite per transport, with its counts, a zoneless UTC timestamp and no machine name', () => {
    const xml = junit(sampleReport());
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    expect(suiteTag(xml, 'tcp')).toBe(
      '<testsuite name="sockmatrix tcp" package="sockmatrix.tcp" id="0" tests="88" failures="0" errors="1" skipped="0" time="27.432" timestamp="2026-11-25T07:52:02" hostname="localhost">',
    );
    expect(suiteTag(xml, 'udp')).toContain('id="1" tests="96" failures="0" errors="0"');
    expect(xml.match(/hostname="[^"]*"/g)).toEqual(['hostname="localhost"', 'hostname="localhost"']);
    expect(xml).not.toContain(`hostname="${hostname()}"`);
  });

  it('has one testcase per cell, named by the cell id, in the transport class, timed in seconds', () => {
    const report = sampleReport();
    const xml = junit(report);
    expect(xml.match(/<testcase /g)).toHaveLength(report.cells.length);
    expect(testcaseOf(xml, 'tcp 127.0.0.1 -> 127.0.0.1')).toBe(
      '<testcase name="tcp 127.0.0.1 -&gt; 127.0.0.1" classname="sockmatrix.tcp" time="0.245"/>',
    );
  });

  it('passes every cell without --check, failed ones too: outcomes are findings, listed in the suite output', () => {
    const xml = junit(sampleReport());
    expect(xml).not.toContain('<failure');
    expect(testcaseOf(xml, 'tcp 127.0.0.1 -> 127.0.0.2')).toMatch(/\/>$/);
    expect(xml).toContain('tcp 127.0.0.1 -&gt; 127.0.0.2: ECONNREFUSED at client-connect: ');
    expect(xml).toContain('tcp 127.0.0.1 -&gt; 127.0.0.1: connected\n');
  });

  it('makes a harness error an <error>, never a failure or a pass', () => {
    const xml = junit(sampleReport());
    const harnessCase = testcaseOf(xml, 'tcp 127.0.0.1 -> localhost autoselect=off');
    expect(harnessCase).toContain('<error message="harness error agent-hung (client agent): ');
    expect(harnessCase).toContain('type="harness-error agent-hung"');
  });

  describe('with a check', () => {
    const report = checkReport();
    const xml = junit(report);
    const idOf = (index: number): string => report.cells[index]?.id ?? '';

    it('fails a deviated cell with what was expected and what came', () => {
      const failure = testcaseOf(xml, idOf(checkCells.deviated));
      expect(failure).toContain('<failure message="expected connected, got ECONNREFUSED at client-connect" type="deviated">');
      expect(failure).toContain('expected: connected\nactual:   ECONNREFUSED at client-connect\nhint: nothing listens there');
      expect(failure).toContain('expectations: expectations/linux.json (platform linux)');
    });

    it('fails a flaky cell with every outcome seen', () => {
      const failure = testcaseOf(xml, idOf(checkCells.flaky));
      expect(failure).toContain('type="flaky"');
      expect(failure).toContain('message="flaky, seen connected (2 of 3), ETIMEDOUT at exchange (1 of 3); expected connected"');
      expect(failure).toContain('seen: connected; ETIMEDOUT at exchange');
      expect(failure).toContain('run by run: connected; ETIMEDOUT at exchange; connected');
    });

    it('passes a new cell, saying it has no expectation yet', () => {
      expect(testcaseOf(xml, idOf(checkCells.new))).toMatch(/\/>$/);
      expect(xml).toMatch(
        new RegExp(
          `\\n${xmlAttribute(idOf(checkCells.new)).replace(/[.[\]]/g, '\\$&')}: ECONNREFUSED at client-connect: [^\\n]* \\(new: no expectation yet\\)\\n`,
        ),
      );
      expect(xml).toContain('(as expected)');
    });

    it('keeps a harness error an <error>, with the deviation in its body', () => {
      const error = testcaseOf(xml, idOf(checkCells.harnessError));
      expect(error).toContain('<error ');
      expect(error).not.toContain('<failure');
      expect(error).toContain('check: expected connected, got harness error');
    });

    it('counts failures and errors per suite', () => {
      expect(suiteTag(xml, 'tcp')).toContain('tests="88" failures="2" errors="1"');
      expect(suiteTag(xml, 'udp')).toContain('tests="96" failures="0" errors="0"');
      expect(xml).toContain('<property name="sockmatrix.check.expectations" value="expectations/linux.json"/>');
    });
  });

  it('escapes markup and drops the characters XML 1.0 forbids', () => {
    const xml = junit(awkwardReport());
    expect(forbiddenCodePoints(xml)).toEqual([]);
    expect(xml).toContain('hostname="ci &lt;runner&gt; &quot;one&quot; &amp; &apos;two&apos;"');
    expect(xml).toContain('&lt;&amp;&gt;&quot;&apos; bell escape[31m lone nonchar crlf&#13;&#10;end');
    expect(xml).toContain('&lt;&amp;&gt;"\' bell escape[31m lone nonchar crlf&#13;\nend');
    expect(xml).toContain(']]&gt; &lt;![CDATA[ x ]]&gt;');
  });
});
