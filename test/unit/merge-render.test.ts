import { describe, expect, it } from 'vitest';
import { formats } from '../../reports/formats/index.js';
import { mergeLayout } from '../../reports/formats/table/merge.js';
import { type MergeInput, mergeReports } from '../../reports/merge.js';
import { differsMark, mergeSummary } from '../../reports/text/merge-text.js';
import { handMadeReport, linuxEnvironment, type OutcomeShorthand } from '../fixtures/hand-made-report.js';

// Six environments as the workflow makes them: two behaviours, each under three labels.
const withIpv6: Record<string, OutcomeShorthand> = {
  'tcp [::ffff:127.0.0.1] v6only -> localhost autoselect=off': 'server-bind EINVAL',
  'tcp [::1] dual -> [::1]': 'ok',
  'tcp [::1] dual -> localhost family=6': 'client-resolve ENOTFOUND',
  'tcp 127.0.0.1 -> 127.0.0.1': 'ok',
  'udp udp6 [::1] dual -> udp6 [::1]': 'ok',
};
const withoutIpv6: Record<string, OutcomeShorthand> = {
  ...withIpv6,
  'tcp [::1] dual -> [::1]': 'server-bind EADDRNOTAVAIL',
  'tcp [::1] dual -> localhost family=6': 'server-bind EADDRNOTAVAIL',
  'udp udp6 [::1] dual -> udp6 [::1]': 'server-bind EADDRNOTAVAIL',
};
const labels = ['ubuntu-latest-node20', 'ubuntu-latest-node22', 'macos-latest-node20', 'macos-latest-node22', 'windows-latest-node20'];
const six: MergeInput[] = [
  ...labels.map((label) => ({ source: `${label}/report.json`, report: handMadeReport(withIpv6, { label }) })),
  {
    source: 'windows-latest-node22/report.json',
    report: handMadeReport(withoutIpv6, {
      label: 'windows-latest-node22',
      environment: linuxEnvironment({ ipv6Available: false }),
    }),
  },
];
const merge = mergeReports(six);
const plain = { color: false, all: false };

describe('mergeLayout', () => {
  const differing = merge.cells.filter((cell) => cell.behaviour === 'differs');
  it.each([
    { width: 240, layout: { abbreviated: false, groupByServer: false, chunks: [[0, 1, 2, 3, 4, 5]] } },
    { width: 140, layout: { abbreviated: true, groupByServer: false, chunks: [[0, 1, 2, 3, 4, 5]] } },
    { width: 110, layout: { abbreviated: true, groupByServer: true, chunks: [[0, 1, 2, 3, 4, 5]] } },
    {
      width: 70,
      layout: {
        abbreviated: true,
        groupByServer: true,
        chunks: [
          [0, 1, 2],
          [3, 4, 5],
        ],
      },
    },
  ])('at $width columns: $layout', ({ width, layout }) => {
    expect(mergeLayout(merge, differing, width)).toEqual(layout);
  });

  it.each([240, 140, 120, 110, 70, 50])('draws no line wider than %i columns (but the key’s paths)', (width) => {
    const text = formats.table.merge(merge, { ...plain, width });
    const tableLines = text.split('\n').filter((line) => /^[┌│├└]/.test(line));
    expect(tableLines.length).toBeGreaterThan(0);
    for (const line of tableLines) expect(line.length).toBeLessThanOrEqual(width);
  });
});

describe('the merge as a terminal table', () => {
  const text = formats.table.merge(merge, { ...plain, width: 120 });

  it('shows only the rows that differ, marked, and the summary', () => {
    expect(text).toContain('Merged 6 reports: the 3 cells that differ across environments (--all for all 5).');
    const marked = text.split('\n').filter((line) => line.startsWith(`│ ${differsMark} │`));
    expect(marked).toHaveLength(3);
    expect(text).not.toContain('127.0.0.1 -> 127.0.0.1');
    expect(text.trimEnd().split('\n').at(-1)).toBe('2 cells behave the same everywhere, 3 differ.');
  });

  it('abbreviates the headers at 120 columns and keys them below', () => {
    expect(text).toMatch(/│ +E1 +│ +E2 +│/);
    expect(text).toContain('E1 = ubuntu-latest-node20: linux 6.18.44 x64, Node v20.20.2, IPv6 yes, bindv6only 0, localhost 127.0.0.1');
    expect(text).toContain('E6 = windows-latest-node22: linux 6.18.44 x64, Node v20.20.2, IPv6 no,');
  });

  it('shows every row with --all, the same ones unmarked', () => {
    const all = formats.table.merge(merge, { ...plain, all: true, width: 240 });
    expect(all).toContain('Merged 6 reports: every cell, ≠ where it differs across environments.');
    expect(all).toMatch(/│ {3}│ tcp 127\.0\.0\.1 -> 127\.0\.0\.1 +│/);
  });

  it('colours only on request', () => {
    expect(text).not.toContain('\x1b[');
    expect(formats.table.merge(merge, { color: true, all: false, width: 120 })).toContain('\x1b[33m≠\x1b[39m');
  });

  it('says when nothing differs, and draws no empty table', () => {
    const same = mergeReports(labels.slice(0, 2).map((label) => ({ source: label, report: handMadeReport(withIpv6, { label }) })));
    const output = formats.table.merge(same, { ...plain, width: 120 });
    expect(output).toContain('Merged 2 reports: no cell differs across environments.');
    expect(output).not.toContain('┌');
    expect(mergeSummary(same)).toBe('5 cells behave the same everywhere, 0 differ.');
  });

  it('lists the reports it could not merge', () => {
    const withSkipped = mergeReports(six, [{ source: 'broken/report.json', reason: 'looks truncated: ...' }]);
    expect(formats.table.merge(withSkipped, { ...plain, width: 120 })).toContain('Not merged:\n  broken/report.json looks truncated: ...');
  });
});

describe('the merge as Markdown', () => {
  const markdown = formats.markdown.merge(merge, { ...plain, width: 120 });

  it('has the summary, a table with every environment by name, and the mark in each differing row', () => {
    expect(markdown).toContain('**2 cells behave the same everywhere, 3 differ.**');
    expect(markdown).toContain('|  | cell | `ubuntu-latest-node20` | `ubuntu-latest-node22` |');
    expect(markdown).toContain('| ≠ | `tcp [::1] dual -> [::1]` | ✓ | ✓ | ✓ | ✓ | ✓ | b:NOTAVAIL |');
    expect(markdown).toContain('| `windows-latest-node22` | linux 6.18.44 x64, Node v20.20.2, IPv6 no,');
  });

  it('stays far below the 1 MiB step summary limit even with every row', () => {
    expect(formats.markdown.merge(merge, { ...plain, all: true, width: 120 }).length).toBeLessThan(10_000);
  });
});

describe('the merge as JSON', () => {
  it('holds every cell with its behaviour and outcomes by environment, whatever --all says', () => {
    const json = JSON.parse(formats.json.merge(merge));
    expect(json.schema).toBe('sockmatrix/merge@1');
    expect(json.counts).toEqual({ cells: 5, same: 2, differs: 3, partial: 0 });
    expect(json.cells).toHaveLength(5);
    expect(json.cells[1]).toEqual({
      id: 'tcp [::1] dual -> [::1]',
      transport: 'tcp',
      behaviour: 'differs',
      outcomes: {
        'ubuntu-latest-node20': { status: 'connected', phase: null, code: null },
        'ubuntu-latest-node22': { status: 'connected', phase: null, code: null },
        'macos-latest-node20': { status: 'connected', phase: null, code: null },
        'macos-latest-node22': { status: 'connected', phase: null, code: null },
        'windows-latest-node20': { status: 'connected', phase: null, code: null },
        'windows-latest-node22': { status: 'failed', phase: 'server-bind', code: 'EADDRNOTAVAIL' },
      },
    });
    expect(json.environments[5]).toMatchObject({ name: 'windows-latest-node22', label: 'windows-latest-node22', complete: true });
  });
});
