import { describe, expect, it } from 'vitest';
import { cellId, clientLabel, serverLabel } from '../../matrix/cell-id.js';
import { defaultMatrix } from '../../matrix/default-matrix.js';
import type { PairCell } from '../../matrix/dimensions.js';
import { expandMatrix } from '../../matrix/expand.js';
import { filterCells } from '../../matrix/filters.js';

// The pairings of the default matrix; the two-servers cells have their own tests (coexist-matrix.test.ts).
const cells = expandMatrix(defaultMatrix).filter((cell): cell is PairCell => cell.kind === 'pair');
const noFilter = { transports: [], servers: [], clients: [], serverRuntimes: null, clientRuntimes: null };
const nodeOnly = { ...noFilter, serverRuntimes: ['node' as const], clientRuntimes: ['node' as const] };

describe('the default matrix', () => {
  it('pairs every server with every client, per transport', () => {
    const tcp = defaultMatrix.plans.tcp;
    const udp = defaultMatrix.plans.udp;
    expect(cells).toHaveLength(
      (tcp?.servers.length ?? 0) * (tcp?.clients.length ?? 0) + (udp?.servers.length ?? 0) * (udp?.clients.length ?? 0),
    );
    const node = filterCells(cells, nodeOnly);
    expect(node.filter((cell) => cell.transport === 'tcp')).toHaveLength(11 * 10);
    expect(node.filter((cell) => cell.transport === 'udp')).toHaveLength(96);
  });

  it.each([
    ['node', 'node', 11 * 10 + 96],
    ['python', 'python', 12 * 9 + 11 * 8],
    ['node', 'python', 11 * 9 + 12 * 8],
    ['python', 'node', 12 * 10 + 11 * 8],
  ] as const)('pairs %s servers with %s clients', (server, client, count) => {
    expect(filterCells(cells, { ...noFilter, serverRuntimes: [server], clientRuntimes: [client] })).toHaveLength(count);
  });

  it('asks the original question in Python: an AF_INET6 client dialing 127.0.0.1, against servers of both runtimes', () => {
    const seed = cells.filter(
      (cell) =>
        cell.transport === 'tcp' && cell.client.runtime === 'python' && cell.client.family === 6 && cell.client.address === '127.0.0.1',
    );
    expect(seed.map((cell) => cell.id)).toContain('tcp 127.0.0.1 -> AF_INET6 127.0.0.1 (python)');
    expect(seed.map((cell) => cell.id)).toContain('tcp AF_INET 127.0.0.1 (python) -> AF_INET6 127.0.0.1 (python)');
  });

  it('gives every cell a distinct id', () => {
    expect(new Set(cells.map((cell) => cell.id)).size).toBe(cells.length);
  });

  it('has every IPv6 bind, and localhost, in both modes', () => {
    for (const address of ['::1', '::', '::ffff:127.0.0.1', 'localhost']) {
      const modes = filterCells(cells, nodeOnly)
        .filter((cell) => cell.transport === 'tcp' && cell.server.address === address)
        .map((cell) => cell.server.ipv6Only);
      expect(new Set(modes)).toEqual(new Set([false, true]));
    }
  });

  it('sets the result order only where one address of a name is tried: autoselect=off to localhost, in TCP', () => {
    const ordered = cells.filter((cell) => cell.client.order !== undefined);
    expect(new Set(ordered.map((cell) => cell.client.order))).toEqual(new Set(['ipv4first', 'ipv6first']));
    for (const cell of ordered) {
      expect([cell.transport, cell.client.runtime, cell.client.address, cell.client.family, cell.client.lookup]).toEqual([
        'tcp',
        'node',
        'localhost',
        null,
        'first-address',
      ]);
    }
    expect(ordered.map((cell) => cell.id)).toContain('tcp [::1] dual -> localhost autoselect=off order=ipv4first');
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

  it.each([
    ['tcp', { address: '::', family: 6, ipv6Only: null }, 'AF_INET6 [::] (python)'],
    ['tcp', { address: '::', family: 6, ipv6Only: false }, 'AF_INET6 [::] dual (python)'],
    ['udp', { address: '::', family: 6, ipv6Only: true }, 'AF_INET6 [::] v6only (python)'],
    ['tcp', { address: '::', family: 6, ipv6Only: false, call: 'create_server' }, 'create_server [::] dualstack (python)'],
    ['tcp', { address: '127.0.0.1', family: 4, ipv6Only: null }, 'AF_INET 127.0.0.1 (python)'],
  ] as const)('a Python server %s %o reads "%s"', (transport, server, expected) => {
    expect(serverLabel(transport, { runtime: 'python', ...server })).toBe(expected);
  });

  it.each([
    [{ address: '127.0.0.1', family: 6, lookup: null }, 'AF_INET6 127.0.0.1 (python)'],
    [{ address: 'localhost', family: null, lookup: 'in-order' }, 'create_connection localhost (python)'],
  ] as const)('a Python client %o reads "%s"', (client, expected) => {
    expect(clientLabel('tcp', { runtime: 'python', ...client })).toBe(expected);
  });

  it('does not change between expansions (stable across runs)', () => {
    expect(
      expandMatrix(defaultMatrix)
        .filter((cell) => cell.kind === 'pair')
        .map((cell) => cell.id),
    ).toEqual(cells.map((cell) => cell.id));
  });
});

describe('filters', () => {
  it.each([
    [{ ...nodeOnly, transports: ['udp' as const] }, 96],
    [{ ...nodeOnly, servers: ['::1'] }, 20 + 16],
    [{ ...nodeOnly, servers: ['[::1]'] }, 36],
    [{ ...nodeOnly, servers: ['LOCALHOST'] }, 20 + 24],
    [{ ...nodeOnly, transports: ['tcp' as const], servers: ['127.0.0.1'], clients: ['localhost'] }, 6],
    [{ ...noFilter, clients: ['10.0.0.1'] }, 0],
    [{ ...noFilter, serverRuntimes: ['python' as const], clientRuntimes: [] }, 0],
    // The words of a label in the grids: every endpoint whose label has them all.
    [{ ...nodeOnly, servers: ['::1 v6only'] }, 10 + 8],
    // autoselect=off alone, and with each result order.
    [{ ...nodeOnly, transports: ['tcp' as const], clients: ['localhost autoselect=off'] }, 11 * 3],
    [{ ...nodeOnly, transports: ['tcp' as const], clients: ['order=ipv4first'] }, 11],
    [{ ...nodeOnly, servers: ['udp6'] }, 8 * 8],
    [{ ...noFilter, servers: ['AF_INET6 [::] dual'] }, 19 + 16],
    [{ ...noFilter, cells: ['tcp  127.0.0.1 ->  localhost autoselect=off', 'udp udp4 0.0.0.0 -> udp4 127.0.0.2'] }, 2],
  ])('%o keeps %i cells', (filter, count) => {
    expect(filterCells(cells, filter)).toHaveLength(count);
  });
});
