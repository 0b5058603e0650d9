import type { ClientEndpoint, Family, LookupChoice, ResultOrder, ServerEndpoint, Transport } from '../dimensions.js';
import type { TransportPlan } from '../matrix-definition.js';

// Node's endpoints in the built-in matrix: the binds and targets people trip over, as reviewable rows.

const server = (address: string, family: Family | null, ipv6Only: boolean | null): ServerEndpoint => ({
  runtime: 'node',
  address,
  family,
  ipv6Only,
});

const client = (address: string, family: Family | null, lookup: LookupChoice | null = null): ClientEndpoint => ({
  runtime: 'node',
  address,
  family,
  lookup,
});

/** A client to a name that tries its first address only, with Node's result order set first (dns.setDefaultResultOrder). */
const firstAddressInOrder = (order: ResultOrder): ClientEndpoint => ({ ...client('localhost', null, 'first-address'), order });

/** Every IPv6 bind in both modes: asking for IPV6_V6ONLY (true) and not asking (false). */
const bothModes = (address: string, family: Family | null): ServerEndpoint[] => [
  server(address, family, false),
  server(address, family, true),
];

/** Node's servers and clients, per transport. */
export const nodeEndpoints: Record<Transport, TransportPlan> = {
  tcp: {
    servers: [
      server('127.0.0.1', 4, null),
      server('127.0.0.2', 4, null),
      server('0.0.0.0', 4, null),
      ...bothModes('::1', 6),
      ...bothModes('::', 6),
      ...bothModes('::ffff:127.0.0.1', 6),
      // Node's net.Server binds the first address dns.lookup gives for the name.
      ...bothModes('localhost', null),
    ],
    clients: [
      client('127.0.0.1', null),
      client('127.0.0.2', null),
      client('::1', null),
      client('::ffff:127.0.0.1', null),
      client('localhost', null, 'default'),
      client('localhost', null, 'first-address'),
      // The switch most tickets recommend. The order decides only where one address is tried: happy eyeballs
      // tries every address whatever their order, and a family option leaves one family to order.
      firstAddressInOrder('ipv4first'),
      firstAddressInOrder('ipv6first'),
      client('localhost', 4),
      client('localhost', 6),
    ],
  },
  udp: {
    // A UDP socket has its family fixed at creation: udp4 or udp6.
    servers: [
      server('127.0.0.1', 4, null),
      server('127.0.0.2', 4, null),
      server('0.0.0.0', 4, null),
      ...bothModes('::1', 6),
      ...bothModes('::', 6),
      ...bothModes('::ffff:127.0.0.1', 6),
      server('localhost', 4, null),
      ...bothModes('localhost', 6),
    ],
    clients: [
      client('127.0.0.1', 4),
      client('127.0.0.2', 4),
      client('::1', 6),
      client('::ffff:127.0.0.1', 6),
      // The mismatched families: the AF_INET6 socket dialing an IPv4 address, and back.
      client('127.0.0.1', 6),
      client('::1', 4),
      client('localhost', 4),
      client('localhost', 6),
    ],
  },
};
