import { describe, expect, it } from 'vitest';
import { diffReports } from '../../reports/diff.js';
import { formats } from '../../reports/formats/index.js';
import { mergeReports } from '../../reports/merge.js';
import { parseReport } from '../../reports/parse-report.js';
import type { ProfileSet } from '../../reports/profile-set.js';
import type { Report } from '../../reports/report.js';
import { safeLine } from '../../reports/text/control-characters.js';
import { htmlText, inlineCode, markdownText, tableRow } from '../../reports/text/markdown-text.js';
import { hostile, hostileReport, hostileStrings, markupFound, terminalControl } from '../fixtures/hostile-report.js';
import { sampleReport } from '../fixtures/sample-report.js';

// Report text written by an attacker, through every renderer: no escape reaches a terminal, and no heading,
// link, image or HTML comes of it in Markdown (a GitHub step summary, a ticket).

describe('markdownText', () => {
  it.each([
    ['HTML', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)>'],
    ['an HTML reference', '&lt;b&gt;', '&amp;lt;b&amp;gt;'],
    ['a link', '[click](http://evil)', '\\[click\\](http://evil)'],
    ['the end of a link', '](http://evil)', '\\](http://evil)'],
    ['an image', '![x](http://evil/pixel)', '!\\[x\\](http://evil/pixel)'],
    ['a heading on a new line', 'a\n## heading', 'a ## heading'],
    ['a heading at the start', '## heading', '\\## heading'],
    ['a quote at the start', '> quoted', '\\> quoted'],
    ['a list at the start', '- item', '\\- item'],
    ['a numbered list at the start', '1. item', '1\\. item'],
    ['emphasis', '**bold** *em* _em_', '\\*\\*bold\\*\\* \\*em\\* \\_em\\_'],
    ['code and strikethrough', '`code` ~~gone~~', '\\`code\\` \\~\\~gone\\~\\~'],
    ['a backslash', 'C:\\Users', 'C:\\\\Users'],
  ])('escapes %s', (_name, text, markdown) => {
    expect(markdownText(text)).toBe(markdown);
  });

  it.each([
    ['an errno code with underscores', 'EAI_ADDRFAMILY (getaddrinfo: address family for hostname not supported)'],
    ['a legend phrase', 'failed at client-connect'],
    ['an environment line', 'linux 6.18.44 x64, Node v20.20.2, IPv6 yes, bindv6only 0, localhost 127.0.0.1, ::1'],
    ['a run line', 'Run 2026-11-25T08-30-00Z (ubuntu_latest-node20): complete, 184 of 184 cells, concurrency 4'],
    ['a grid code', '!ERR'],
  ])('leaves ordinary text as it is: %s', (_name, text) => {
    expect(markdownText(text)).toBe(text);
  });

  it('keeps inline code and HTML text on one line', () => {
    expect(inlineCode('a\n## b')).toBe('`a ## b`');
    expect(htmlText('a\n\n## <b>')).toBe('a  ## &lt;b&gt;');
    expect(tableRow([markdownText('a|b\\|c')])).toBe('| a\\|b\\\\\\|c |');
  });
});

const parsed = (report: Report): Report => {
  const result = parseReport(JSON.stringify(report));
  if (!result.ok) throw new Error(`the hostile report should parse: ${result.error}`);
  return result.report;
};

const options = { width: 120, color: false };

const profileSet = (a: Report, b: Report, words: (text: string) => string): ProfileSet => {
  a.run.profile = { name: 'host', imitates: words(`this machine${hostile}`), fidelity: words(`exact${hostile}`) };
  b.run.profile = { name: 'mine', imitates: words(`mine${hostile}`), fidelity: words(`close${hostile}`) };
  return {
    schema: 'sockmatrix/profile-set@1',
    run: {
      id: words(`set${hostile}`),
      startedAt: a.run.startedAt,
      finishedAt: a.run.finishedAt,
      complete: true,
      label: null,
      profiles: [],
    },
    reports: [a, b],
    skipped: [{ profile: { name: 'other', imitates: words(`other${hostile}`), fidelity: 'none' }, reason: words(`failed${hostile}`) }],
  };
};

// Each renderer of each kind of output, given a hostile report (and a plain one beside it, so a diff or merge has two).
// `words` is what the sources, reasons and profile texts are made of: the commands and the profiles file make them
// one safe line for a terminal, and Markdown must be safe even from a raw one.
const renderings = (report: () => Report, words: (text: string) => string = (text) => text) => {
  const diff = () => diffReports({ report: report(), source: words(`a${hostile}`) }, { report: sampleReport(), source: 'b/report.json' });
  const merge = () =>
    mergeReports(
      [
        { report: report(), source: words(`a${hostile}`) },
        { report: sampleReport(), source: 'b/report.json' },
      ],
      [{ source: words(`c${hostile}`), reason: words(`is not JSON${hostile}`) }],
    );
  const profiles = () => profileSet(report(), report(), words);
  return {
    markdown: {
      report: () => formats.markdown.report(report(), options),
      diff: () => formats.markdown.diff(diff(), options),
      merge: () => formats.markdown.merge(merge(), { ...options, all: true }),
      'profile set': () => formats.markdown.profileSet(profiles(), options),
    },
    table: {
      report: () => formats.table.report(report(), options),
      diff: () => formats.table.diff(diff(), options),
      merge: () => formats.table.merge(merge(), { ...options, all: true }),
      'profile set': () => formats.table.profileSet(profiles(), options),
    },
  };
};

describe.each([
  ['as the harness made it', () => hostileReport()],
  ['read back from report.json', () => parsed(hostileReport())],
])('a hostile report %s', (_how, report) => {
  const { markdown } = renderings(report);
  it.each(Object.entries(markdown))('is plain text in the Markdown %s', (_name, render) => {
    const text = render();
    expect(markupFound(text)).toEqual([]);
    // The words are still there, shown as they are.
    expect(text).toContain('&lt;img src=x onerror=alert(1)>');
  });
});

describe('a hostile report read back from report.json', () => {
  const { table, markdown } = renderings(() => parsed(hostileReport()), safeLine);
  it.each(Object.entries({ ...table, ...markdown }))('reaches the terminal without a control character: %s', (_name, render) => {
    const text = render();
    expect(terminalControl(text)).toBeNull();
    expect(text).toContain('osc8-click');
    expect(text).not.toContain('pwned-title');
  });

  it('keeps the lines of an agent’s stderr, and puts every other field on one line', () => {
    // What is left of the hostile strings: the words, without the escapes, the new line a space.
    const words =
      '  osc8-click  <img src=x onerror=alert(1)> [click](http://evil.example/link) ](http://evil.example/close)  ## injected heading **bold** _em_';
    const report = parsed(hostileReport());
    const outcome = report.cells[2]?.outcome;
    expect(outcome?.status === 'harness-error' && outcome.stderr).toBe(
      `Traceback${words.replace('  ## injected', ' \n## injected')}\nnext line`,
    );
    expect(report.run.label).toBe(`lab${words}`);
    expect(Object.keys(report.environment.runtimes ?? {})).toContain(`rt${words}`);
  });

  it('has every hostile string the tests use', () => {
    expect(Object.keys(hostileStrings)).toHaveLength(9);
  });
});
