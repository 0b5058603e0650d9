import { describe, expect, it } from 'vitest';
import { defaultTimeouts } from '../../harness/timeouts.js';
import { cellId } from '../../matrix/cell-id.js';
import type { ClientEndpoint, PairCell, ServerEndpoint, Transport } from '../../matrix/dimensions.js';
import { builtInAgents, pythonMissing, runPair } from './agents.js';
import { hostHasIpv6, isLinux } from './host-features.js';

// Real agents, real loopback sockets: the outcomes a Linux host gives for a representative set of cells.

const server = (address: string, family: 4 | 6 | null, ipv6Only: boolean | null = null): ServerEndpoint => ({
  runtime: 'node',
  address,
  family,
  ipv6Only,
});
const client = (address: string, family: 4 | 6 | null = null): ClientEndpoint => ({ runtime: 'node', address, family, lookup: null });
const cell = (transport: Transport, serverEndpoint: ServerEndpoint, clientEndpoint: ClientEndpoint): PairCell => ({
  kind: 'pair',
  id: cellId(transport, serverEndpoint, clientEndpoint),
  transport,
  server: serverEndpoint,
  client: clientEndpoint,
});

const run = (target: PairCell) =>
  runPair(target, { agents: builtInAgents, timeouts: defaultTimeouts, signal: new AbortController().signal });

interface Expectation {
  cell: PairCell;
  status: 'connected' | 'failed';
  phase?: string;
  code?: string;
  serverReceived: boolean;
  peerSeen?: string;
  needsIpv6: boolean;
}

const linuxTable: Expectation[] = [
  {
    cell: cell('tcp', server('127.0.0.1', 4), client('127.0.0.1')),
    status: 'connected',
    serverReceived: true,
    peerSeen: '127.0.0.1',
    needsIpv6: false,
  },
  {
    cell: cell('tcp', server('127.0.0.1', 4), client('127.0.0.2')),
    status: 'failed',
    phase: 'client-connect',
    code: 'ECONNREFUSED',
    serverReceived: false,
    needsIpv6: false,
  },
  {
    cell: cell('tcp', server('::1', 6, false), client('127.0.0.1')),
    status: 'failed',
    phase: 'client-connect',
    code: 'ECONNREFUSED',
    serverReceived: false,
    needsIpv6: true,
  },
  {
    cell: cell('tcp', server('::', 6, false), client('127.0.0.1')),
    status: 'connected',
    serverReceived: true,
    peerSeen: '::ffff:127.0.0.1',
    needsIpv6: true,
  },
  {
    cell: cell('tcp', server('::', 6, true), client('127.0.0.1')),
    status: 'failed',
    phase: 'client-connect',
    code: 'ECONNREFUSED',
    serverReceived: false,
    needsIpv6: true,
  },
  {
    cell: cell('tcp', server('::ffff:127.0.0.1', 6, true), client('127.0.0.1')),
    status: 'failed',
    phase: 'server-bind',
    code: 'EINVAL',
    serverReceived: false,
    needsIpv6: true,
  },
  {
    cell: cell('udp', server('127.0.0.1', 4), client('127.0.0.1', 4)),
    status: 'connected',
    serverReceived: true,
    peerSeen: '127.0.0.1',
    needsIpv6: false,
  },
  {
    cell: cell('udp', server('::', 6, false), client('127.0.0.1', 6)),
    status: 'failed',
    phase: 'client-connect',
    code: 'EINVAL',
    serverReceived: false,
    needsIpv6: true,
  },
  {
    cell: cell('udp', server('::1', 6, false), client('127.0.0.1', 4)),
    status: 'failed',
    phase: 'exchange',
    code: 'ECONNREFUSED',
    serverReceived: false,
    needsIpv6: true,
  },
  // The datagram arrives, but the reply leaves from 127.0.0.1 and the client, connected to 127.0.0.2, drops it.
  {
    cell: cell('udp', server('0.0.0.0', 4), client('127.0.0.2', 4)),
    status: 'failed',
    phase: 'exchange',
    code: 'ETIMEDOUT',
    serverReceived: true,
    needsIpv6: false,
  },
];

const checkCell = async (expected: Expectation): Promise<void> => {
  const result = await run(expected.cell);
  const { outcome } = result;
  expect(outcome.status).toBe(expected.status);
  if (outcome.status === 'failed') {
    expect({ phase: outcome.phase, code: outcome.code }).toEqual({ phase: expected.phase, code: expected.code });
  }
  if (outcome.status === 'harness-error') throw new Error(`harness error: ${outcome.message}`);
  expect(outcome.observations.server?.received ?? false).toBe(expected.serverReceived);
  if (expected.peerSeen !== undefined) expect(outcome.observations.server?.peer?.address).toBe(expected.peerSeen);
};

describe.skipIf(!isLinux)('one cell end to end, as Linux answers (skipped off Linux: these outcomes are Linux facts)', () => {
  it.each(linuxTable.filter((row) => !row.needsIpv6))('$cell.id → $status $phase $code', checkCell);
  it.skipIf(!hostHasIpv6).each(linuxTable.filter((row) => row.needsIpv6))('$cell.id → $status $phase $code (needs IPv6)', checkCell);
});

describe('observations', () => {
  it('records how localhost resolved and the addresses on both ends', async () => {
    const { outcome } = await run(cell('tcp', server('127.0.0.1', 4), client('localhost', 4)));
    expect(outcome.status).toBe('connected');
    expect(outcome.observations.client?.resolved).toContainEqual({ address: '127.0.0.1', family: 4 });
    expect(outcome.observations.client?.remote?.address).toBe('127.0.0.1');
    expect(outcome.observations.client?.local?.address).toBe('127.0.0.1');
    expect(outcome.observations.server?.bound?.address).toBe('127.0.0.1');
    expect(outcome.observations.server?.payloadMatched).toBe(true);
    expect(outcome.observations.server?.replied).toBe(true);
  });

  it.skipIf(!hostHasIpv6)('a literal target is not resolved (skipped: no IPv6 on this host)', async () => {
    const { outcome } = await run(cell('tcp', server('::1', 6, true), client('::1')));
    expect(outcome.status).toBe('connected');
    expect(outcome.observations.client?.resolved).toBeNull();
    expect(outcome.observations.server?.peer?.address).toBe('::1');
  });
});

describe.skipIf(!isLinux)('a UDP reply the client never gets (skipped off Linux: its source address is Linux’s choice)', () => {
  // A wildcard server replies from 127.0.0.1 to a client that dialed 127.0.0.2: the client's connected socket drops it.
  // Told by the harness that the server replied, each runtime's client says so instead of waiting out the exchange timeout.
  const wildcard = cell('udp', server('0.0.0.0', 4), client('127.0.0.2', 4));
  const pythonClient: ClientEndpoint = { runtime: 'python', address: '127.0.0.2', family: 4, lookup: null };

  const check = async (target: PairCell): Promise<void> => {
    const { outcome } = await run(target);
    expect(outcome).toMatchObject({ status: 'failed', phase: 'exchange', code: 'ETIMEDOUT' });
    if (outcome.status !== 'failed') return;
    expect(outcome.message).toMatch(/^no reply: the server replied, and nothing reached this socket within 250 ms after/);
    expect(outcome.observations.server).toMatchObject({ received: true, replied: true });
    expect(outcome.observations.client?.remote?.address).toBe('127.0.0.2');
  };

  it('the node client fails the exchange saying the server replied', () => check(wildcard));
  it.skipIf(pythonMissing !== null)('the python client fails the exchange saying the server replied', () =>
    check(cell('udp', server('0.0.0.0', 4), pythonClient)),
  );
});
