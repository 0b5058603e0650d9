import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formats } from '../../reports/formats/index.js';
import { columnHeaderLines } from '../../reports/formats/table/report.js';
import { sampleReport } from '../fixtures/sample-report.js';

const render = (width: number, color: boolean): string => formats.table.report(sampleReport(), { width, color });
const visibleWidths = (text: string): number[] => text.split('\n').map((line) => stripVTControlCharacters(line).length);

describe('columnHeaderLines', () => {
  it.each([
    ['127.0.0.1', ['127.0.0.1']],
    ['localhost family=6', ['localhost', 'family=6']],
    ['localhost autoselect=off', ['localhost', 'autoselect', '=off']],
    ['[::ffff:127.0.0.1]', ['[::ffff:', '127.0.0.1]']],
    ['udp6 [::ffff:127.0.0.1]', ['udp6', '[::ffff:', '127.0.0.1]']],
    ['create_connection localhost (python)', ['create_', 'connection', 'localhost', '(python)']],
  ])('%s is headed %j', (label, expected) => {
    expect(columnHeaderLines(label)).toEqual(expected);
  });
});

describe('the terminal table', () => {
  it.each([80, 100, 120, 160, 200])('fits %i columns, with and without colour', (width) => {
    expect(Math.max(...visibleWidths(render(width, false)))).toBeLessThanOrEqual(width);
    expect(Math.max(...visibleWidths(render(width, true)))).toBeLessThanOrEqual(width);
  });

  it('has no ANSI escapes without colour, not even cli-table3’s own header colour', () => {
    expect(render(120, false)).not.toContain('\x1b');
  });

  it('colours connected green, failures red and harness errors magenta', () => {
    const text = render(120, true);
    expect(text).toContain('\x1b[32m✓\x1b[39m');
    expect(text).toContain('\x1b[31mREFUSED\x1b[39m');
    expect(text).toContain('\x1b[35m!ERR\x1b[39m');
  });

  it('splits a grid that does not fit into column chunks, each repeating the row headers', () => {
    const text = render(80, false);
    expect(text).toContain('UDP (client targets 1-3 of 8): rows = server binds, columns = client targets');
    expect(text).toContain('UDP (client targets 7-8 of 8): rows = server binds, columns = client targets');
    expect(text.match(/│ udp6 localhost v6only /g)).toHaveLength(3);
  });

  it('shows each grid as one table when the width allows', () => {
    const text = render(200, false);
    expect(text).toContain('TCP: rows = server binds, columns = client targets');
    expect(text).toContain('UDP: rows = server binds, columns = client targets');
    expect(text).not.toContain('client targets 1-');
  });

  it('ends with the legend and one summary line per transport', () => {
    const text = render(120, false);
    expect(text).toContain('Legend: ✓ = connected (the echo came back intact)');
    expect(text).toContain('!ERR = harness error (a sockmatrix problem, not a finding)');
    expect(text.trimEnd().split('\n').slice(-2)).toEqual([
      'tcp: 88 cells, 36 connected, 51 failed, 1 harness error',
      'udp: 96 cells, 20 connected, 76 failed, 0 harness errors',
    ]);
  });

  it('says when the run was interrupted', () => {
    const report = sampleReport();
    report.run.complete = false;
    report.cells = report.cells.slice(0, 100);
    expect(formats.table.report(report, { width: 120, color: false })).toContain('INTERRUPTED after 100 of 184 cells');
  });
});
