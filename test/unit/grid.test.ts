import { describe, expect, it } from 'vitest';
import { buildGrids } from '../../reports/grid.js';
import { sampleReport } from '../fixtures/sample-report.js';

describe('buildGrids', () => {
  const [tcp, udp, ...rest] = buildGrids(sampleReport());

  it('has one grid per transport, in transport order', () => {
    expect([tcp?.transport, udp?.transport, rest.length]).toEqual(['tcp', 'udp', 0]);
  });

  it('puts server binds down and client targets across, in first-appearance order', () => {
    expect(tcp?.rows.map((row) => row.label)).toEqual([
      '127.0.0.1',
      '127.0.0.2',
      '0.0.0.0',
      '[::1] dual',
      '[::1] v6only',
      '[::] dual',
      '[::] v6only',
      '[::ffff:127.0.0.1] dual',
      '[::ffff:127.0.0.1] v6only',
      'localhost dual',
      'localhost v6only',
    ]);
    expect(tcp?.columns.map((column) => column.label)).toEqual([
      '127.0.0.1',
      '127.0.0.2',
      '[::1]',
      '[::ffff:127.0.0.1]',
      'localhost',
      'localhost autoselect=off',
      'localhost family=4',
      'localhost family=6',
    ]);
    expect(udp?.rows).toHaveLength(12);
    expect(udp?.columns[4]?.label).toBe('udp6 127.0.0.1');
  });

  it('holds each pairing’s outcome at [row][column]', () => {
    expect(tcp?.cells.map((row) => row.length)).toEqual(Array(11).fill(8));
    expect(tcp?.cells[0]?.[0]?.status).toBe('connected');
    expect(tcp?.cells[0]?.[5]?.status).toBe('harness-error');
    expect(tcp?.cells[1]?.[0]).toMatchObject({ status: 'failed', phase: 'client-connect', code: 'ECONNREFUSED' });
  });

  it('counts what each grid came to', () => {
    expect(tcp?.counts).toEqual({ cells: 88, connected: 36, failed: 51, harnessError: 1, absent: 0 });
    expect(udp?.counts).toEqual({ cells: 96, connected: 20, failed: 76, harnessError: 0, absent: 0 });
  });

  it('leaves a pairing the report does not hold as null, and counts it as absent', () => {
    const report = sampleReport();
    report.cells = report.cells.filter((cell) => cell.id !== 'tcp 127.0.0.2 -> [::1]');
    const [grid] = buildGrids(report);
    expect(grid?.cells[1]?.[2]).toBeNull();
    expect(grid?.counts).toMatchObject({ cells: 87, absent: 1 });
  });

  it('lists transports in transport order whatever order the cells come in, and skips a transport without cells', () => {
    const report = sampleReport();
    report.cells = [...report.cells].reverse();
    expect(buildGrids(report).map((grid) => grid.transport)).toEqual(['tcp', 'udp']);
    report.cells = report.cells.filter((cell) => cell.transport === 'udp');
    expect(buildGrids(report).map((grid) => grid.transport)).toEqual(['udp']);
  });
});
