import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PageData } from '../../reports/formats/html/cell-data.js';
import { htmlText, jsonInScript, visibleText } from '../../reports/formats/html/escape.js';
import { renderHtmlReport } from '../../reports/formats/html/report.js';
import { formatNamesWith, formats } from '../../reports/formats/index.js';
import { craftedReport, fakeSnippets } from '../fixtures/html-reports.js';
import { sampleReport } from '../fixtures/sample-report.js';

// The HTML page as text: its escaping, its data block, its policy and its place in the registry. The browser
// tests (test/e2e/html.test.ts) check what the page does.

const options = { width: 120, color: false };

const pageData = (html: string): PageData =>
  JSON.parse(/<script type="application\/json" id="sockmatrix-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? 'null') as PageData;

describe('text for an HTML page', () => {
  it.each([
    ['<b>&"\'', '&lt;b&gt;&amp;&quot;&#39;'],
    ['</script>', '&lt;/script&gt;'],
    ['\u001b[31mred', '\\x1B[31mred'],
    ['a\u202Eb', 'a\\u202Eb'],
    ['tab\tand\nnewline', 'tab\tand\nnewline'],
    ['\u0000\u007f\u0085', '\\x00\\x7F\\x85'],
  ])('%j is %j', (text, expected) => {
    expect(htmlText(text)).toBe(expected);
  });

  it('writes control characters out as code does, and keeps the rest as it is', () => {
    expect(visibleText('\u0007bell ok é ✓')).toBe('\\x07bell ok é ✓');
  });

  it('puts JSON into a script block with no < in it, and it reads back the same', () => {
    const value = { id: '</script><script>alert(1)</script>', comment: '<!--', separators: '\u2028\u2029' };
    const json = jsonInScript(value);
    expect(json).not.toMatch(/[<\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('the html format', () => {
  it('is in the registry: report.html for a run and a profile set, and a --format of run, diff and merge', () => {
    expect(formats.html.files).toEqual({ report: 'report.html', profileSet: 'report.html' });
    expect(formatNamesWith('diff')).toContain('html');
    expect(formatNamesWith('merge')).toContain('html');
    expect(formatNamesWith('profileSet')).toContain('html');
  });

  it('has a button for every cell, and each cell’s evidence in its data block', () => {
    const report = sampleReport();
    const html = formats.html.report(report, options);
    expect(html.match(/<button type="button" class="cell /g)).toHaveLength(report.cells.length);
    expect(pageData(html).cells.map((cell) => cell.id)).toEqual(report.cells.map((cell) => cell.id));
  });

  it('lets only its own script run: the policy names the hash of the one script in the page', () => {
    const html = formats.html.report(sampleReport(), options);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '');
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256')
      .update(scripts[0] ?? '')
      .digest('base64');
    expect(html).toContain(`script-src 'sha256-${hash}'`);
    expect(html).toContain("default-src 'none'");
  });

  it('loads nothing: no URL to anywhere in its markup or style', () => {
    // The policy's script hash is base64, which may hold `//`: it is no URL.
    const html = formats.html.report(sampleReport(), options).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    expect(html).not.toMatch(/https?:|\/\/[a-z]|url\(|@import/i);
  });

  it('breaks column labels where people would, never inside an address', () => {
    const html = formats.html.report(sampleReport(), options);
    expect(html).toContain('<span class="col-label">[::ffff:<wbr>127.0.0.1]</span>');
    expect(html).toContain('<span class="col-label">localhost autoselect=<wbr>off</span>');
    expect(html).toContain('<span class="col-label">127.0.0.1</span>');
  });

  it('holds each repro program once, however many cells share it', () => {
    const report = craftedReport();
    const data = pageData(renderHtmlReport(report, options, fakeSnippets));
    const programs = new Set(
      report.cells.flatMap((cell) => {
        const snippets = fakeSnippets(cell);
        return snippets === null ? [] : [JSON.stringify(snippets.server), JSON.stringify(snippets.client)];
      }),
    );
    expect(programs.size).toBeLessThan(2 * report.cells.length);
    expect(data.snippets).toHaveLength(programs.size);
    expect(data.cells.every((cell) => cell.snippets !== null)).toBe(true);
    expect(pageData(renderHtmlReport(report, options, () => null)).snippets).toEqual([]);
  });
});
