import type { ClientEndpoint, ServerEndpoint, Transport } from '../dimensions.js';
import type { TransportPlan } from '../matrix-definition.js';

// Python's endpoints in the built-in matrix, written as Python programs do it: a socket of an explicit
// family, IPV6_V6ONLY left alone, cleared or set; socket.create_server and socket.create_connection.

/** A plain `socket.socket(family, type)` bound to `address`; `ipv6Only` null leaves IPV6_V6ONLY at the system default. */
const server = (family: 4 | 6, address: string, ipv6Only: boolean | null = null): ServerEndpoint => ({
  runtime: 'python',
  address,
  family,
  ipv6Only,
});

/** `socket.create_server((address, port), family=AF_INET6, dualstack_ipv6=True)`. */
const dualstackServer = (address: string): ServerEndpoint => ({
  runtime: 'python',
  address,
  family: 6,
  ipv6Only: false,
  call: 'create_server',
});

/** A plain `socket.socket(family, type)` connecting to `address`: a name's first address of that family. */
const client = (family: 4 | 6, address: string): ClientEndpoint => ({ runtime: 'python', address, family, lookup: null });

/** `socket.create_connection((address, port))`: every address of a name, in order, until one connects. */
const createConnection = (address: string): ClientEndpoint => ({
  runtime: 'python',
  address,
  family: null,
  lookup: address === 'localhost' ? 'in-order' : null,
});

const ipv4Servers = ['127.0.0.1', '127.0.0.2', '0.0.0.0', 'localhost'].map((address) => server(4, address));
const ipv6Servers = [
  server(6, '::1'),
  server(6, '::'),
  server(6, '::', false),
  server(6, '::', true),
  server(6, '::ffff:127.0.0.1'),
  server(6, 'localhost'),
  // The server-side twin of the question sockmatrix was made for: an AF_INET6 socket told 127.0.0.1.
  server(6, '127.0.0.1'),
];

// Both families dial both kinds of literal: an AF_INET6 socket dialing 127.0.0.1 is the original question.
const socketClients = [
  ...['127.0.0.1', '127.0.0.2', '::1', 'localhost'].map((address) => client(4, address)),
  ...['127.0.0.1', '::1', '::ffff:127.0.0.1', 'localhost'].map((address) => client(6, address)),
];

/** Python's servers and clients, per transport; create_server and create_connection are TCP calls. */
export const pythonEndpoints: Record<Transport, TransportPlan> = {
  tcp: {
    servers: [...ipv4Servers, ...ipv6Servers, dualstackServer('::')],
    clients: [...socketClients, createConnection('localhost')],
  },
  udp: {
    servers: [...ipv4Servers, ...ipv6Servers],
    clients: socketClients,
  },
};
