import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formats } from '../../reports/formats/index.js';
import {
  appendStepSummary,
  checkAnnotations,
  errorAnnotation,
  escapeData,
  escapeProperty,
  fitStepSummary,
  stepSummaryLimitBytes,
} from '../../reports/github-actions.js';
import type { Report } from '../../reports/report.js';
import { withoutDetailsBlocks } from '../../reports/text/markdown-text.js';
import { checkReport } from '../fixtures/check-report.js';
import { sampleReport } from '../fixtures/sample-report.js';

const markdown = (report: Report): string => formats.markdown.report(report, { width: 120, color: false });
const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

// The sample report with every cell that did not connect turned into a harness error with 12 KB of stderr: over 1 MiB of Markdown.
const hugeReport = (): Report => {
  const report = sampleReport();
  for (const cell of report.cells) {
    if (cell.outcome.status === 'connected') continue;
    cell.outcome = {
      status: 'harness-error',
      reason: 'agent-crashed',
      side: 'client',
      message: 'the client agent exited with code 1',
      stderr: `${'a chatty agent wrote this line, and many more like it\n'.repeat(220)}`,
      observations: cell.outcome.observations,
    };
  }
  return report;
};

describe('workflow command escaping', () => {
  it.each([
    ['plain', 'plain', 'plain'],
    ['100% done', '100%25 done', '100%25 done'],
    ['two\nlines\r\n', 'two%0Alines%0D%0A', 'two%0Alines%0D%0A'],
    ['tcp [::1] dual -> 127.0.0.1, udp', 'tcp [::1] dual -> 127.0.0.1, udp', 'tcp [%3A%3A1] dual -> 127.0.0.1%2C udp'],
    ['%0A already escaped-looking', '%250A already escaped-looking', '%250A already escaped-looking'],
    ['::error::injected', '::error::injected', '%3A%3Aerror%3A%3Ainjected'],
  ])('%j', (input, asData, asProperty) => {
    expect(escapeData(input)).toBe(asData);
    expect(escapeProperty(input)).toBe(asProperty);
  });

  it('puts the file and title in properties and the message after ::', () => {
    expect(
      errorAnnotation({ file: 'expectations/linux.json', title: 'deviated: tcp [::1] -> a,b', message: 'line one\nline two: 50%' }),
    ).toBe('::error file=expectations/linux.json,title=deviated%3A tcp [%3A%3A1] -> a%2Cb::line one%0Aline two: 50%25');
    expect(errorAnnotation({ file: null, title: 't', message: 'm' })).toBe('::error title=t::m');
  });
});

describe('check annotations', () => {
  it('has one ::error line per deviated or flaky cell, none for new or matched ones', () => {
    const lines = checkAnnotations(checkReport());
    expect(lines).toEqual([
      '::error file=expectations/linux.json,title=sockmatrix flaky%3A tcp 127.0.0.1 -> 127.0.0.1::flaky, seen connected (2 of 3), ETIMEDOUT at exchange (1 of 3); expected connected',
      '::error file=expectations/linux.json,title=sockmatrix deviated%3A tcp 127.0.0.1 -> 127.0.0.2::expected connected, got ECONNREFUSED at client-connect  (nothing listens there: check the bind address)',
      '::error file=expectations/linux.json,title=sockmatrix deviated%3A tcp 127.0.0.1 -> localhost autoselect=off::expected connected, got harness error  (sockmatrix broke: see stderr)',
    ]);
  });

  it.each([
    ['expectations/linux.json', 'file=expectations/linux.json,'],
    ['expectations\\linux.json', 'file=expectations/linux.json,'],
    ['../elsewhere/linux.json', null],
    ['/tmp/linux.json', null],
    ['C:\\exp\\linux.json', null],
    // A report writes a path in the home folder this way (reports/redact.ts): outside the checkout too.
    ['<home>/expectations/linux.json', null],
  ])('attaches the annotation to the expectation file %j only inside the checkout', (expectations, property) => {
    const report = checkReport();
    if (report.check) report.check.expectations = expectations;
    const line = checkAnnotations(report)[0] ?? '';
    if (property === null) expect(line).toMatch(/^::error title=/);
    else expect(line.startsWith(`::error ${property}title=`)).toBe(true);
  });

  it('has none without --check', () => {
    expect(checkAnnotations(sampleReport())).toEqual([]);
  });

  it('keeps to the 10 GitHub shows per step, the tenth naming every cell left over', () => {
    const report = checkReport();
    const verdicts = report.check?.verdicts ?? [];
    for (const verdict of verdicts.slice(0, 12)) {
      const refused = { status: 'failed', phase: 'client-connect', code: 'ECONNREFUSED' } as const;
      Object.assign(verdict, { kind: 'deviated', expected: refused, actual: { status: 'connected', phase: null, code: null }, hint: 'h' });
    }
    const lines = checkAnnotations(report);
    expect(lines).toHaveLength(10);
    expect(lines.every((line) => line.startsWith('::error '))).toBe(true);
    const last = lines[9] ?? '';
    expect(last).toContain('title=sockmatrix%3A 3 more cells deviated or were flaky::');
    for (const verdict of verdicts.slice(9, 12)) expect(last).toContain(verdict.cellId);
  });

  it('never lets a message break out of its line', () => {
    const report = checkReport();
    const deviated = report.check?.verdicts[1];
    if (deviated?.kind !== 'deviated') throw new Error('verdict 1 of the check report should be deviated');
    deviated.hint = 'two\nlines\r\n::error::forged';
    for (const line of checkAnnotations(report)) expect(line).not.toMatch(/[\r\n]/);
  });
});

describe('the step summary within 1 MiB', () => {
  it('is the whole Markdown report when it fits', () => {
    const text = markdown(checkReport());
    expect(fitStepSummary(text, stepSummaryLimitBytes)).toEqual({ text, form: 'full' });
  });

  it('drops the <details> evidence but keeps the grids, counts and check when the report is over what the summary has left, and says so', () => {
    const full = markdown(hugeReport());
    // report.md stays under an issue body's 65,536 characters; a step summary that earlier steps filled has less room.
    const budget = bytes(withoutDetailsBlocks(full)) + 1_000;
    expect(bytes(full)).toBeGreaterThan(budget);
    const fitted = fitStepSummary(full, budget);
    expect(fitted?.form).toBe('without-details');
    const text = fitted?.text ?? '';
    expect(bytes(text)).toBeLessThanOrEqual(budget);
    expect(text).not.toMatch(/^<details>/m);
    expect(text).not.toContain('a chatty agent');
    expect(text).toContain("> Shortened to stay under GitHub's 1 MiB step-summary limit");
    expect(text).toContain('### TCP (client targets 1-4 of 8): rows = server binds, columns = client targets');
    expect(text).toContain('tcp: 88 cells, 36 connected, 0 failed, 52 harness errors');
    expect(text).toMatch(/### Harness errors \(sockmatrix problems, not findings\): \d+ cells/);
    expect(text.split('\n')[0]).toBe(full.split('\n')[0]);
  });

  it('cuts at a line, with a note, when even the shortened report does not fit', () => {
    const full = markdown(sampleReport());
    const fitted = fitStepSummary(full, 3000);
    expect(fitted?.form).toBe('truncated');
    expect(bytes(fitted?.text ?? '')).toBeLessThanOrEqual(3000);
    expect(fitted?.text).toMatch(/^> Cut short to stay under GitHub's 1 MiB step-summary limit/);
    expect(fitted?.text.endsWith('\n')).toBe(true);
  });

  it('writes nothing when no room is left', () => {
    expect(fitStepSummary(markdown(sampleReport()), 100)).toBeNull();
  });

  it('removes whole <details> blocks, even one whose code fence holds a </details> line', () => {
    const text = [
      '# title',
      '',
      '### group: 2 cells',
      '',
      '<details><summary>one</summary>',
      '',
      '```text',
      '</details>',
      '```',
      '',
      '</details>',
      '<details><summary>two</summary>',
      '</details>',
      '',
      '## after',
      '',
      '```text',
      '<details>kept, in a fence outside any block',
      '```',
    ].join('\n');
    expect(withoutDetailsBlocks(text)).toBe(
      ['# title', '', '### group: 2 cells', '', '## after', '', '```text', '<details>kept, in a fence outside any block', '```'].join('\n'),
    );
  });

  it('appends after what the step already wrote, and counts it against the limit', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sockmatrix-summary-')), 'step-summary.md');
    const earlier = `# earlier step output\n${'x'.repeat(stepSummaryLimitBytes - bytes(withoutDetailsBlocks(markdown(sampleReport()))) - 2_000)}\n`;
    writeFileSync(file, earlier);
    const form = await appendStepSummary(file, markdown(sampleReport()));
    const written = readFileSync(file, 'utf8');
    expect(form).toBe('without-details');
    expect(written.startsWith(earlier)).toBe(true);
    expect(bytes(written)).toBeLessThanOrEqual(stepSummaryLimitBytes);
  });

  it('creates the file when the step has written nothing yet', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sockmatrix-summary-')), 'step-summary.md');
    const text = markdown(sampleReport());
    expect(await appendStepSummary(file, text)).toBe('full');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
