import type { ClientEndpoint, ServerEndpoint, Transport } from './dimensions.js';
import type { CoexistRow } from './matrix-definition.js';
import type { Runtime } from './runtimes.js';

// The built-in two-servers cells (kind `coexist`): which pairs of listeners may share one port, in both orders, and
// which of them each loopback target then reaches. Go keeps the same question as a table (src/net/listen_test.go,
// dualStackTCPListenerTests); expectations/README.md compares its Linux column with these rows.
//
// Left out on purpose:
// - Node with SO_REUSEPORT: net and dgram take `reusePort` only from Node 22.12 (nodejs/node#55408), and a Node 20
//   would ignore the option silently: a cell that claims it would be a fake.
// - Targets for two SO_REUSEPORT sockets on one address: Linux hands each connection (each datagram) to one of them
//   by a hash of the client's port, a coin toss per client; those cells show that both listen, and dial nothing.

const nodeServer = (address: string, family: 4 | 6 | null, ipv6Only: boolean | null, reuseAddr?: true): ServerEndpoint => ({
  runtime: 'node',
  address,
  family,
  ipv6Only,
  ...(reuseAddr === undefined ? {} : { reuseAddr }),
});

/** A plain Python socket; `ipv6Only` null leaves IPV6_V6ONLY at the system default; reuse options set with setsockopt. */
const pythonServer = (
  family: 4 | 6,
  address: string,
  ipv6Only: boolean | null = null,
  reuse: { reuseAddr?: true; reusePort?: true } = {},
): ServerEndpoint => ({ runtime: 'python', address, family, ipv6Only, ...reuse });

const nodeClient = (address: string, family: 4 | 6 | null, lookup: ClientEndpoint['lookup'] = null): ClientEndpoint => ({
  runtime: 'node',
  address,
  family,
  lookup,
});

const pythonClient = (address: string, family: 4 | 6 | null, lookup: ClientEndpoint['lookup'] = null): ClientEndpoint => ({
  runtime: 'python',
  address,
  family,
  lookup,
});

/**
 * What a client dials once both servers listen, in the first server's runtime: IPv4 loopback, IPv6 loopback, and the
 * name, as a plain program dials it (Node's happy eyeballs, Python's create_connection; a UDP socket of IPv4).
 */
export const coexistTargets = {
  node: {
    tcp: [nodeClient('127.0.0.1', null), nodeClient('::1', null), nodeClient('localhost', null, 'default')],
    udp: [nodeClient('127.0.0.1', 4), nodeClient('::1', 6), nodeClient('localhost', 4)],
  },
  python: {
    tcp: [pythonClient('127.0.0.1', 4), pythonClient('::1', 6), pythonClient('localhost', null, 'in-order')],
    udp: [pythonClient('127.0.0.1', 4), pythonClient('::1', 6), pythonClient('localhost', 4)],
  },
  // A user's program (--server-cmd) is never one of the two servers: it plays pairings only.
  program: { tcp: [], udp: [] },
} as const satisfies Record<Runtime, Record<Transport, ClientEndpoint[]>>;

const row = (transport: Transport, first: ServerEndpoint, second: ServerEndpoint, dial = true): CoexistRow => ({
  transport,
  first,
  second,
  targets: dial ? [...coexistTargets[first.runtime][transport]] : [],
});

/** Both orders of two listeners. */
const bothOrders = (transport: Transport, a: ServerEndpoint, b: ServerEndpoint): CoexistRow[] => [
  row(transport, a, b),
  row(transport, b, a),
];

// Node's TCP listeners: libuv sets SO_REUSEADDR on every one (Unix), and clears IPV6_V6ONLY unless asked for it.
const nodeTcp = {
  any4: nodeServer('0.0.0.0', 4, null),
  lo4: nodeServer('127.0.0.1', 4, null),
  anyDual: nodeServer('::', 6, false),
  anyV6only: nodeServer('::', 6, true),
  lo6: nodeServer('::1', 6, false),
};

// Node's UDP sockets: IPV6_V6ONLY left at the system default unless asked for; SO_REUSEADDR only with `reuseAddr`.
const nodeUdp = {
  any4: nodeServer('0.0.0.0', 4, null),
  lo4: nodeServer('127.0.0.1', 4, null),
  anyDual: nodeServer('::', 6, false),
  anyV6only: nodeServer('::', 6, true),
  lo6: nodeServer('::1', 6, false),
  any4Reuse: nodeServer('0.0.0.0', 4, null, true),
  lo4Reuse: nodeServer('127.0.0.1', 4, null, true),
  anyDualReuse: nodeServer('::', 6, false, true),
};

const python = {
  any4: pythonServer(4, '0.0.0.0'),
  lo4: pythonServer(4, '127.0.0.1'),
  // IPV6_V6ONLY left at the system default: the v6only profile changes these cells.
  any6: pythonServer(6, '::'),
  anyDual: pythonServer(6, '::', false),
  anyV6only: pythonServer(6, '::', true),
  lo6: pythonServer(6, '::1'),
  any4ReuseAddr: pythonServer(4, '0.0.0.0', null, { reuseAddr: true }),
  lo4ReuseAddr: pythonServer(4, '127.0.0.1', null, { reuseAddr: true }),
  any4ReusePort: pythonServer(4, '0.0.0.0', null, { reusePort: true }),
  lo4ReusePort: pythonServer(4, '127.0.0.1', null, { reusePort: true }),
};

/** The two-servers cells of the built-in matrix, in the order they run. */
export const coexistRows: CoexistRow[] = [
  // Node, TCP.
  ...bothOrders('tcp', nodeTcp.any4, nodeTcp.lo4),
  ...bothOrders('tcp', nodeTcp.anyDual, nodeTcp.lo6),
  ...bothOrders('tcp', nodeTcp.anyDual, nodeTcp.any4),
  ...bothOrders('tcp', nodeTcp.anyV6only, nodeTcp.any4),
  // The Vite case (vitejs/vite#5241): 127.0.0.1 and a dual-stack [::] on one port.
  ...bothOrders('tcp', nodeTcp.lo4, nodeTcp.anyDual),
  row('tcp', nodeTcp.anyV6only, nodeTcp.lo4),
  ...bothOrders('tcp', nodeTcp.lo4, nodeTcp.lo6),
  row('tcp', nodeTcp.lo4, nodeTcp.lo4),
  // Go's "tcp" wildcard listener twice: a dual-stack [::] with SO_REUSEADDR, as Node's.
  row('tcp', nodeTcp.anyDual, nodeTcp.anyDual),
  // Node, UDP.
  row('udp', nodeUdp.any4, nodeUdp.lo4),
  ...bothOrders('udp', nodeUdp.any4Reuse, nodeUdp.lo4Reuse),
  ...bothOrders('udp', nodeUdp.anyDual, nodeUdp.any4),
  row('udp', nodeUdp.anyV6only, nodeUdp.any4),
  row('udp', nodeUdp.anyDualReuse, nodeUdp.any4Reuse),
  row('udp', nodeUdp.lo4, nodeUdp.lo6),
  row('udp', nodeUdp.lo4, nodeUdp.lo4),
  row('udp', nodeUdp.lo4Reuse, nodeUdp.lo4Reuse),
  row('udp', nodeUdp.anyDual, nodeUdp.anyDual),
  // Python, TCP.
  ...bothOrders('tcp', python.any4, python.lo4),
  ...bothOrders('tcp', python.any6, python.any4),
  row('tcp', python.anyDual, python.any4),
  row('tcp', python.anyV6only, python.any4),
  row('tcp', python.any6, python.lo6),
  row('tcp', python.lo4, python.lo6),
  row('tcp', python.lo4, python.lo4),
  row('tcp', python.lo4ReuseAddr, python.lo4ReuseAddr),
  row('tcp', python.any4ReusePort, python.lo4ReusePort),
  row('tcp', python.lo4ReusePort, python.lo4ReusePort, false),
  // Python, UDP.
  row('udp', python.any4, python.lo4),
  row('udp', python.any4ReuseAddr, python.lo4ReuseAddr),
  row('udp', python.any6, python.any4),
  row('udp', python.anyV6only, python.any4),
  row('udp', python.lo4, python.lo6),
  row('udp', python.lo4ReuseAddr, python.lo4ReuseAddr),
  row('udp', python.lo4ReusePort, python.lo4ReusePort, false),
  // Across runtimes: a Node server and a Python one on one port.
  row('tcp', nodeTcp.any4, python.anyV6only),
  row('tcp', nodeTcp.anyDual, python.lo4),
];
