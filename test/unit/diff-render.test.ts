import { describe, expect, it } from 'vitest';
import { diffReports } from '../../reports/diff.js';
import { formats } from '../../reports/formats/index.js';
import { handMadeReport, linuxEnvironment } from '../fixtures/hand-made-report.js';

const a = handMadeReport(
  { 'tcp [::1] dual -> [::1]': 'ok', 'tcp 127.0.0.1 -> 127.0.0.1': 'ok', 'tcp 127.0.0.1 -> 127.0.0.2': 'client-connect ECONNREFUSED' },
  { label: 'host' },
);
const b = handMadeReport(
  {
    'tcp [::1] dual -> [::1]': 'server-bind EADDRNOTAVAIL',
    'tcp 127.0.0.1 -> 127.0.0.1': 'ok',
    'udp udp4 127.0.0.1 -> udp4 127.0.0.1': 'ok',
  },
  { environment: linuxEnvironment({ ipv6Available: false }) },
);
const diff = diffReports({ report: a, source: 'a/report.json' }, { report: b, source: 'b/report.json' });
const plain = { color: false, width: 120 };

describe('the diff as a terminal table', () => {
  const text = formats.table.diff(diff, plain);

  it('puts each side’s environment in one line above', () => {
    expect(text).toContain('A  host: linux 6.18.44 x64, Node v20.20.2, IPv6 yes, bindv6only 0, localhost 127.0.0.1');
    expect(text).toContain('B  linux-6.18-node20.20-noipv6: linux 6.18.44 x64, Node v20.20.2, IPv6 no, bindv6only 0, localhost 127.0.0.1');
  });

  it('says how many differ, and shows each changed cell side by side in the grids’ codes', () => {
    expect(text).toContain('1 of 2 cells in both reports differs; 1 only in A, 1 only in B.');
    expect(text).toMatch(/│ tcp \[::1\] dual -> \[::1\] +│ +✓ +│ b:NOTAVAIL │/);
    expect(text).not.toMatch(/│ tcp 127\.0\.0\.1 -> 127\.0\.0\.1 /);
  });

  it('lists the cells only one side holds separately', () => {
    expect(text).toMatch(/Only in A \(1 cell\):\n┌[─┬]+┐\n│ cell +│ +A +│\n├[─┼]+┤\n│ tcp 127\.0\.0\.1 -> 127\.0\.0\.2 │ REFUSED │/);
    expect(text).toMatch(/Only in B \(1 cell\):\n[\s\S]*udp udp4 127\.0\.0\.1 -> udp4 127\.0\.0\.1/);
  });

  it('explains the codes it uses', () => {
    expect(text).toContain('NOTAVAIL = EADDRNOTAVAIL');
    expect(text).toContain('b: = failed at server-bind');
  });

  it('says identical reports are identical', () => {
    const same = diffReports({ report: a, source: 'a' }, { report: structuredClone(a), source: 'a again' });
    expect(formats.table.diff(same, plain)).toContain('Identical: all 3 cells have the same outcome in A and B.');
    expect(formats.table.diff(same, plain)).not.toContain('┌');
  });
});

describe('the diff as Markdown and JSON', () => {
  it('renders a Markdown table of the changed cells', () => {
    const markdown = formats.markdown.diff(diff, plain);
    expect(markdown).toContain('- **A** `host`: linux 6.18.44 x64');
    expect(markdown).toContain('| `tcp [::1] dual -> [::1]` | ✓ | b:NOTAVAIL |');
    expect(markdown).toContain('### Only in B (1 cell)');
  });

  it('renders JSON a script can gate on', () => {
    const json = JSON.parse(formats.json.diff(diff));
    expect(json).toMatchObject({
      schema: 'sockmatrix/diff@1',
      identical: false,
      counts: { same: 1, changed: 1, onlyInA: 1, onlyInB: 1 },
      changed: [
        {
          cellId: 'tcp [::1] dual -> [::1]',
          a: { status: 'connected', phase: null, code: null },
          b: { status: 'failed', phase: 'server-bind', code: 'EADDRNOTAVAIL' },
        },
      ],
    });
    expect(json.a).toMatchObject({ name: 'host', source: 'a/report.json', environment: { ipv6Available: true } });
  });
});
