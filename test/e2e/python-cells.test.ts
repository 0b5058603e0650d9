import { describe, expect, it } from 'vitest';
import type { ResolvedAddress } from '../../harness/outcome.js';
import { defaultTimeouts } from '../../harness/timeouts.js';
import type { ClientEndpoint, PairCell, ServerEndpoint } from '../../matrix/dimensions.js';
import { builtInAgents, pairCell, pythonMissing, runPair } from './agents.js';
import { hostHasIpv6, isLinux } from './host-features.js';

// The Python agents in real cells, with Python on one side or both: what this Linux host answers. Its
// /etc/hosts names localhost 127.0.0.1 only (no ::1 line) and net.ipv6.bindv6only is 0; nothing below
// depends on localhost resolving to ::1.

/** `socket.socket(family, type)` bound to `address`; `ipv6Only` null leaves IPV6_V6ONLY at the system default. */
const pyServer = (family: 4 | 6, address: string, ipv6Only: boolean | null = null): ServerEndpoint => ({
  runtime: 'python',
  address,
  family,
  ipv6Only,
});
/** `socket.create_server((address, port), family=AF_INET6, dualstack_ipv6=True)`. */
const pyCreateServer = (address: string): ServerEndpoint => ({
  runtime: 'python',
  address,
  family: 6,
  ipv6Only: false,
  call: 'create_server',
});
const nodeServer = (address: string, family: 4 | 6, ipv6Only: boolean | null = null): ServerEndpoint => ({
  runtime: 'node',
  address,
  family,
  ipv6Only,
});
/** `socket.socket(family, type).connect((address, port))`. */
const pyClient = (family: 4 | 6, address: string): ClientEndpoint => ({ runtime: 'python', address, family, lookup: null });
/** `socket.create_connection((address, port), timeout)`. */
const pyCreateConnection = (address: string): ClientEndpoint => ({
  runtime: 'python',
  address,
  family: null,
  lookup: address === 'localhost' ? 'in-order' : null,
});
const nodeClient = (address: string, family: 4 | 6 | null = null): ClientEndpoint => ({ runtime: 'node', address, family, lookup: null });

interface Expectation {
  cell: PairCell;
  status: 'connected' | 'failed';
  phase?: string;
  code?: string;
  /** The client's (or, for a bind, the server's) message, where the runtime's own words are the point. */
  message?: RegExp;
  serverReceived: boolean;
  /** The peer address the server saw; its port is then the client's local port. */
  peerSeen?: string;
  /** IPV6_V6ONLY as the Python server read it back after its bind. */
  ipv6OnlyEffective?: boolean | null;
  /** What the client recorded of its name lookup: null for a literal. */
  resolved?: ResolvedAddress[] | null;
  /** Whether a side makes an AF_INET6 socket. */
  needsIpv6: boolean;
}

// glibc's getaddrinfo, asked for an IPv6 address of the IPv4 literal, in Python's words.
const addressFamilyNotSupported = /^\[Errno -9\] Address family for hostname not supported$/;

const seed: Expectation[] = [
  // The question sockmatrix exists for: an AF_INET6 socket told to dial 127.0.0.1 never leaves the resolver.
  {
    cell: pairCell('tcp', pyServer(4, '127.0.0.1'), pyClient(6, '127.0.0.1')),
    status: 'failed',
    phase: 'client-resolve',
    code: 'EAI_ADDRFAMILY',
    message: addressFamilyNotSupported,
    serverReceived: false,
    needsIpv6: true,
  },
  // Linux sets IPV6_V6ONLY itself when a socket binds a specific IPv6 address: read back, it is on.
  {
    cell: pairCell('tcp', pyServer(6, '::1'), pyClient(6, '::1')),
    status: 'connected',
    serverReceived: true,
    peerSeen: '::1',
    ipv6OnlyEffective: true,
    needsIpv6: true,
  },
  {
    cell: pairCell('tcp', pyServer(4, '127.0.0.1'), pyClient(6, '::ffff:127.0.0.1')),
    status: 'connected',
    serverReceived: true,
    peerSeen: '127.0.0.1',
    ipv6OnlyEffective: null,
    needsIpv6: true,
  },
  {
    cell: pairCell('tcp', pyServer(4, '127.0.0.1'), pyClient(6, '::1')),
    status: 'failed',
    phase: 'client-connect',
    code: 'ECONNREFUSED',
    message: /^\[Errno 111\] Connection refused$/,
    serverReceived: false,
    needsIpv6: true,
  },
];

// Which servers on :: an IPv4 client reaches, and IPV6_V6ONLY as each read it back after binding.
const wildcardServers: Expectation[] = [
  // Left alone: the system default, net.ipv6.bindv6only = 0 here.
  {
    cell: pairCell('tcp', pyServer(6, '::'), pyClient(4, '127.0.0.1')),
    status: 'connected',
    serverReceived: true,
    peerSeen: '::ffff:127.0.0.1',
    ipv6OnlyEffective: false,
    needsIpv6: true,
  },
  {
    cell: pairCell('tcp', pyServer(6, '::', false), pyClient(4, '127.0.0.1')),
    status: 'connected',
    serverReceived: true,
    peerSeen: '::ffff:127.0.0.1',
    ipv6OnlyEffective: false,
    needsIpv6: true,
  },
  {
    cell: pairCell('tcp', pyServer(6, '::', true), pyClient(4, '127.0.0.1')),
    status: 'failed',
    phase: 'client-connect',
    code: 'ECONNREFUSED',
    serverReceived: false,
    ipv6OnlyEffective: true,
    needsIpv6: true,
  },
  {
    cell: pairCell('tcp', pyCreateServer('::'), pyClient(4, '127.0.0.1')),
    status: 'connected',
    serverReceived: true,
    peerSeen: '::ffff:127.0.0.1',
    ipv6OnlyEffective: false,
    needsIpv6: true,
  },
  // The server-side twin of the seed: bind() resolves 127.0.0.1 for an AF_INET6 socket and fails the same way.
  {
    cell: pairCell('tcp', pyServer(6, '127.0.0.1'), pyClient(4, '127.0.0.1')),
    status: 'failed',
    phase: 'server-bind',
    code: 'EAI_ADDRFAMILY',
    message: addressFamilyNotSupported,
    serverReceived: false,
    needsIpv6: true,
  },
];

const crossRuntime: Expectation[] = [
  {
    cell: pairCell('tcp', nodeServer('127.0.0.1', 4), pyCreateConnection('127.0.0.1')),
    status: 'connected',
    serverReceived: true,
    peerSeen: '127.0.0.1',
    resolved: null,
    needsIpv6: false,
  },
  {
    cell: pairCell('tcp', pyServer(6, '::'), nodeClient('127.0.0.1')),
    status: 'connected',
    serverReceived: true,
    peerSeen: '::ffff:127.0.0.1',
    ipv6OnlyEffective: false,
    needsIpv6: true,
  },
];

const datagrams: Expectation[] = [
  // Python asks the resolver, which refuses; Node's dgram refuses udp6 -> 127.0.0.1 itself, before any syscall.
  {
    cell: pairCell('udp', pyServer(4, '127.0.0.1'), pyClient(6, '127.0.0.1')),
    status: 'failed',
    phase: 'client-resolve',
    code: 'EAI_ADDRFAMILY',
    message: addressFamilyNotSupported,
    serverReceived: false,
    needsIpv6: true,
  },
  {
    cell: pairCell('udp', pyServer(4, '127.0.0.1'), nodeClient('127.0.0.1', 6)),
    status: 'failed',
    phase: 'client-connect',
    code: 'EINVAL',
    serverReceived: false,
    needsIpv6: true,
  },
  {
    cell: pairCell('udp', pyServer(4, '127.0.0.1'), pyClient(4, '127.0.0.1')),
    status: 'connected',
    serverReceived: true,
    peerSeen: '127.0.0.1',
    ipv6OnlyEffective: null,
    needsIpv6: false,
  },
  // Nothing on 127.0.0.1's port: the ICMP port-unreachable comes back to the connected socket's recv.
  {
    cell: pairCell('udp', pyServer(6, '::1'), pyClient(4, '127.0.0.1')),
    status: 'failed',
    phase: 'exchange',
    code: 'ECONNREFUSED',
    serverReceived: false,
    needsIpv6: true,
  },
];

const names: Expectation[] = [
  {
    cell: pairCell('tcp', pyServer(4, '127.0.0.1'), pyCreateConnection('localhost')),
    status: 'connected',
    serverReceived: true,
    peerSeen: '127.0.0.1',
    resolved: [{ address: '127.0.0.1', family: 4 }],
    needsIpv6: false,
  },
];

const run = (target: PairCell) =>
  runPair(target, { agents: builtInAgents, timeouts: defaultTimeouts, signal: new AbortController().signal });

const checkCell = async (expected: Expectation): Promise<void> => {
  const { outcome } = await run(expected.cell);
  if (outcome.status === 'harness-error') throw new Error(`harness error (${outcome.reason}): ${outcome.message}\n${outcome.stderr}`);
  expect(outcome.status).toBe(expected.status);
  if (outcome.status === 'failed') {
    expect({ phase: outcome.phase, code: outcome.code }).toEqual({ phase: expected.phase, code: expected.code });
    if (expected.message !== undefined) expect(outcome.message).toMatch(expected.message);
  }
  const { server, client } = outcome.observations;
  expect(server?.received ?? false).toBe(expected.serverReceived);
  if (expected.peerSeen !== undefined) {
    expect(server?.peer?.address).toBe(expected.peerSeen);
    expect(server?.peer?.port).toBe(client?.local?.port);
  }
  if (expected.ipv6OnlyEffective !== undefined) expect(server?.ipv6OnlyEffective).toBe(expected.ipv6OnlyEffective);
  if (expected.resolved !== undefined) {
    expect(client?.resolved).toEqual(expected.resolved);
    expect(client?.attempts).toEqual([]);
  }
};

const table = [...seed, ...wildcardServers, ...crossRuntime, ...datagrams, ...names];
const skipped = pythonMissing ?? (isLinux ? null : 'these outcomes are Linux facts');

/** A row as its test's name: the cell and the outcome expected, untruncated. */
const titled = (rows: Expectation[]): [string, Expectation][] =>
  rows.map((row) => [[row.cell.id, '→', row.status, row.phase, row.code].filter((word) => word !== undefined).join(' '), row]);

describe.skipIf(skipped !== null)(`Python cells, as Linux answers${skipped === null ? '' : ` (skipped: ${skipped})`}`, () => {
  it.each(titled(table.filter((row) => !row.needsIpv6)))('%s', (_title, row) => checkCell(row));
  it.skipIf(!hostHasIpv6).each(titled(table.filter((row) => row.needsIpv6)))('%s (needs IPv6)', (_title, row) => checkCell(row));
});
