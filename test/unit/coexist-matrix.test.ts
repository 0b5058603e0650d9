import { describe, expect, it } from 'vitest';
import { cellId, coexistId, serverLabel } from '../../matrix/cell-id.js';
import { defaultMatrix, matrixWith } from '../../matrix/default-matrix.js';
import type { CoexistCell } from '../../matrix/dimensions.js';
import { expandMatrix } from '../../matrix/expand.js';
import { filterCells } from '../../matrix/filters.js';

// The built-in two-servers cells: what they cover, how they are named, and how the filters pick them.

const all = expandMatrix(defaultMatrix);
const coexist = all.filter((cell): cell is CoexistCell => cell.kind === 'coexist');
const ids = coexist.map((cell) => cell.id);
const noFilter = { transports: [], servers: [], clients: [], serverRuntimes: null, clientRuntimes: null };

describe('the default two-servers cells', () => {
  it.each([
    ['0.0.0.0 then 127.0.0.1, and back', 'coexist tcp 0.0.0.0 + 127.0.0.1', 'coexist tcp 127.0.0.1 + 0.0.0.0'],
    ['[::] then [::1], and back', 'coexist tcp [::] dual + [::1] dual', 'coexist tcp [::1] dual + [::] dual'],
    ['dual-stack [::] then 0.0.0.0, and back', 'coexist tcp [::] dual + 0.0.0.0', 'coexist tcp 0.0.0.0 + [::] dual'],
    ['IPv6-only [::] then 0.0.0.0, and back', 'coexist tcp [::] v6only + 0.0.0.0', 'coexist tcp 0.0.0.0 + [::] v6only'],
    ['127.0.0.1 and [::1], both orders', 'coexist tcp 127.0.0.1 + [::1] dual', 'coexist tcp [::1] dual + 127.0.0.1'],
    ['the Vite case: 127.0.0.1 and a dual-stack [::]', 'coexist tcp 127.0.0.1 + [::] dual', 'coexist tcp [::] dual + 127.0.0.1'],
    [
      'UDP with SO_REUSEADDR, both orders',
      'coexist udp udp4 0.0.0.0 reuseaddr + udp4 127.0.0.1 reuseaddr',
      'coexist udp udp4 127.0.0.1 reuseaddr + udp4 0.0.0.0 reuseaddr',
    ],
  ])('has %s', (_name, one, other) => {
    expect(ids).toContain(one);
    expect(ids).toContain(other);
  });

  it.each([
    ['the same address twice in TCP, Node (SO_REUSEADDR set by libuv)', 'coexist tcp 127.0.0.1 + 127.0.0.1'],
    ['Go’s "tcp" wildcard listener twice: a dual-stack [::], twice', 'coexist tcp [::] dual + [::] dual'],
    ['Go’s "udp" wildcard twice', 'coexist udp udp6 [::] dual + udp6 [::] dual'],
    ['the same address twice in UDP, without reuse', 'coexist udp udp4 127.0.0.1 + udp4 127.0.0.1'],
    ['the same address twice in UDP, with SO_REUSEADDR', 'coexist udp udp4 127.0.0.1 reuseaddr + udp4 127.0.0.1 reuseaddr'],
    [
      'Python: the same address twice, without and with SO_REUSEADDR',
      'coexist tcp AF_INET 127.0.0.1 reuseaddr (python) + AF_INET 127.0.0.1 reuseaddr (python)',
    ],
    [
      'Python: a system-default [::] then 0.0.0.0 (the v6only profile changes it)',
      'coexist tcp AF_INET6 [::] (python) + AF_INET 0.0.0.0 (python)',
    ],
    ['across runtimes', 'coexist tcp 0.0.0.0 + AF_INET6 [::] v6only (python)'],
  ])('has %s', (_name, id) => {
    expect(ids).toContain(id);
  });

  it('dials 127.0.0.1, ::1 and localhost, in the first server’s runtime, where the answer is not the kernel’s coin toss', () => {
    for (const cell of coexist) {
      const sharedGroup = cell.first.reusePort === true && cell.second.reusePort === true && cell.first.address === cell.second.address;
      expect([cell.id, cell.targets.map((target) => target.address)]).toEqual([
        cell.id,
        sharedGroup ? [] : ['127.0.0.1', '::1', 'localhost'],
      ]);
      expect(cell.targets.every((target) => target.runtime === cell.first.runtime)).toBe(true);
    }
  });

  it('never asks Node for SO_REUSEPORT (Node 20 has no reusePort) nor for SO_REUSEADDR on TCP (libuv sets it itself)', () => {
    const node = coexist.flatMap((cell) => [cell.first, cell.second]).filter((server) => server.runtime === 'node');
    expect(node.some((server) => server.reusePort === true)).toBe(false);
    expect(
      coexist.some((cell) => cell.transport === 'tcp' && [cell.first, cell.second].some((s) => s.runtime === 'node' && s.reuseAddr)),
    ).toBe(false);
  });

  it('gives every cell an id of its own, none a pair’s', () => {
    expect(new Set(all.map((cell) => cell.id)).size).toBe(all.length);
    expect(coexist.every((cell) => cell.id.startsWith('coexist '))).toBe(true);
    expect(all.filter((cell) => cell.kind === 'pair').some((cell) => cell.id.startsWith('coexist'))).toBe(false);
  });

  it('keeps pair ids as they were: reuse words only where an endpoint asks', () => {
    expect(
      cellId(
        'udp',
        { runtime: 'node', address: '::', family: 6, ipv6Only: false },
        { runtime: 'node', address: '::1', family: 6, lookup: null },
      ),
    ).toBe('udp udp6 [::] dual -> udp6 [::1]');
  });

  it.each([
    ['udp', { runtime: 'node', address: '0.0.0.0', family: 4, ipv6Only: null, reuseAddr: true }, 'udp4 0.0.0.0 reuseaddr'],
    [
      'tcp',
      { runtime: 'python', address: '127.0.0.1', family: 4, ipv6Only: null, reusePort: true },
      'AF_INET 127.0.0.1 reuseport (python)',
    ],
    ['tcp', { runtime: 'python', address: '::', family: 6, ipv6Only: true, reuseAddr: true }, 'AF_INET6 [::] v6only reuseaddr (python)'],
  ] as const)('names a %s listener %o "%s"', (transport, server, label) => {
    expect(serverLabel(transport, server)).toBe(label);
  });

  it('names a cell by its transport and both listeners, in order', () => {
    const first = { runtime: 'node', address: '::', family: 6, ipv6Only: false } as const;
    const second = { runtime: 'python', address: '0.0.0.0', family: 4, ipv6Only: null } as const;
    expect(coexistId('tcp', first, second)).toBe('coexist tcp [::] dual + AF_INET 0.0.0.0 (python)');
  });

  it('plays a user runtime’s cells with its agents, where every side is of the runtime it is like', () => {
    const withUser = expandMatrix(matrixWith([{ name: 'node-ipv4first', like: 'node' }])).filter(
      (cell): cell is CoexistCell => cell.kind === 'coexist',
    );
    const users = withUser.filter((cell) => cell.first.agent === 'node-ipv4first');
    expect(users.length).toBe(
      coexist.filter((cell) => [cell.first, cell.second, ...cell.targets].every((side) => side.runtime === 'node')).length,
    );
    expect(users[0]?.id).toBe('coexist tcp 0.0.0.0 (node-ipv4first) + 127.0.0.1 (node-ipv4first)');
  });
});

describe('filters on two-servers cells', () => {
  it.each([
    ['--kind coexist', coexist.length, { ...noFilter, kinds: ['coexist' as const] }],
    ['--kind pair', all.length - coexist.length, { ...noFilter, kinds: ['pair' as const] }],
    // A server filter keeps a cell where either listener matches.
    ['--kind coexist --server "[::] v6only"', 7, { ...noFilter, kinds: ['coexist' as const], servers: ['[::] v6only'] }],
    ['--kind coexist --server udp6', 6, { ...noFilter, kinds: ['coexist' as const], servers: ['udp6'] }],
    // A client filter chooses a pairing's client: two servers' targets are fixed, so it keeps none of them.
    [
      '--kind coexist --client "create_connection localhost"',
      0,
      { ...noFilter, kinds: ['coexist' as const], clients: ['create_connection localhost'] },
    ],
    [
      '--kind coexist --runtime python',
      19,
      { ...noFilter, kinds: ['coexist' as const], serverRuntimes: ['python'], clientRuntimes: ['python'] },
    ],
    ['--cell', 1, { ...noFilter, cells: ['coexist  tcp [::] dual +  0.0.0.0'] }],
  ])('%s keeps %i cells', (_name, count, filter) => {
    expect(filterCells(all, filter)).toHaveLength(count);
  });
});
