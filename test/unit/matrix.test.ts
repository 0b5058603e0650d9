import { describe, expect, it } from 'vitest';
import { cellId } from '../../matrix/cell-id.js';
import { defaultMatrix } from '../../matrix/default-matrix.js';
import { expandMatrix } from '../../matrix/expand.js';
import { filterCells } from '../../matrix/filters.js';

const cells = expandMatrix(defaultMatrix);
const noFilter = { transports: [], servers: [], clients: [] };

describe('the default matrix', () => {
  it('pairs every server with every client, per transport', () => {
    const tcp = defaultMatrix.plans.tcp;
    const udp = defaultMatrix.plans.udp;
    expect(cells).toHaveLength(
      (tcp?.servers.length ?? 0) * (tcp?.clients.length ?? 0) + (udp?.servers.length ?? 0) * (udp?.clients.length ?? 0),
    );
    expect(cells.filter((cell) => cell.transport === 'tcp')).toHaveLength(88);
    expect(cells.filter((cell) => cell.transport === 'udp')).toHaveLength(96);
  });

  it('gives every cell a distinct id', () => {
    expect(new Set(cells.map((cell) => cell.id)).size).toBe(cells.length);
  });

  it('has every IPv6 bind, and localhost, in both modes', () => {
    for (const address of ['::1', '::', '::ffff:127.0.0.1', 'localhost']) {
      const modes = cells.filter((cell) => cell.transport === 'tcp' && cell.server.address === address).map((cell) => cell.server.ipv6Only);
      expect(new Set(modes)).toEqual(new Set([false, true]));
    }
  });

  it('tries the mismatched UDP families: a udp6 socket to 127.0.0.1 and a udp4 socket to ::1', () => {
    const clients = cells.filter((cell) => cell.transport === 'udp').map((cell) => `${cell.client.family} ${cell.client.address}`);
    expect(clients).toContain('6 127.0.0.1');
    expect(clients).toContain('4 ::1');
  });
});

describe('cell ids', () => {
  it.each([
    [
      'tcp',
      { address: '::', family: 6, ipv6Only: false },
      { address: '127.0.0.1', family: null, lookup: null },
      'tcp [::] dual -> 127.0.0.1',
    ],
    [
      'tcp',
      { address: '::', family: 6, ipv6Only: true },
      { address: 'localhost', family: 6, lookup: null },
      'tcp [::] v6only -> localhost family=6',
    ],
    [
      'tcp',
      { address: 'localhost', family: null, ipv6Only: false },
      { address: 'localhost', family: null, lookup: 'first-address' },
      'tcp localhost dual -> localhost autoselect=off',
    ],
    [
      'udp',
      { address: '127.0.0.1', family: 4, ipv6Only: null },
      { address: '::1', family: 4, lookup: null },
      'udp udp4 127.0.0.1 -> udp4 [::1]',
    ],
  ] as const)('%s %o %o is "%s"', (transport, server, client, expected) => {
    expect(cellId(transport, { runtime: 'node', ...server }, { runtime: 'node', ...client })).toBe(expected);
  });

  it('does not change between expansions (stable across runs)', () => {
    expect(expandMatrix(defaultMatrix).map((cell) => cell.id)).toEqual(cells.map((cell) => cell.id));
  });
});

describe('filters', () => {
  it.each([
    [{ ...noFilter, transports: ['udp' as const] }, 96],
    [{ ...noFilter, servers: ['::1'] }, 16 + 16],
    [{ ...noFilter, servers: ['[::1]'] }, 32],
    [{ ...noFilter, servers: ['LOCALHOST'] }, 16 + 24],
    [{ ...noFilter, transports: ['tcp' as const], servers: ['127.0.0.1'], clients: ['localhost'] }, 4],
    [{ ...noFilter, clients: ['10.0.0.1'] }, 0],
  ])('%o keeps %i cells', (filter, count) => {
    expect(filterCells(cells, filter)).toHaveLength(count);
  });
});
