import type { Environment } from '../../harness/environment-types.js';
import type { Outcome } from '../../harness/outcome.js';
import type { ClientEndpoint, ServerEndpoint, Transport } from '../../matrix/dimensions.js';

// What a cell's evidence says, in the terms the explanation rules reason with: where the server really listened,
// what the client really dialed, and which family each was on the wire. Derived from the observations, never the id.

/** An address's family as it travels: an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) is IPv4 on the wire. */
export type WireFamily = 4 | 6;

/** What the explanation rules see of one cell. */
export interface CellFacts {
  transport: Transport;
  server: ServerEndpoint;
  client: ClientEndpoint;
  outcome: Outcome;
  environment: Environment;
  /** Where the server listened: its bound address where it bound, else what it was told. */
  listenAddress: string;
  /** The family of the server's socket. */
  listenFamily: WireFamily | null;
  /** Whether the server listens on a wildcard (`::` or `0.0.0.0`). */
  listensOnWildcard: boolean;
  /** Whether an IPv6 server takes IPv6 only: what it read back where it could, else what it asked, else the system default. */
  serverV6only: boolean;
  /** The address the client knocked on: the one it ended up talking to, or its last attempt, or the first its name gave, or the literal. */
  target: string;
  /** The family of `target` on the wire. */
  targetFamily: WireFamily | null;
  /** Whether the client was told a name (localhost) rather than a literal. */
  dialedName: boolean;
  /** What the name resolved to, in order; empty for a literal. */
  resolved: string[];
}

const mappedPrefix = /^::ffff:/i;

/** Whether an address is IPv4-mapped IPv6 (`::ffff:127.0.0.1`). */
export const isMapped = (address: string): boolean => mappedPrefix.test(address) && address.includes('.');

/** The family of an address literal on the wire, or null for a name. */
export const wireFamily = (address: string): WireFamily | null => {
  if (isMapped(address)) return 4;
  if (address.includes(':')) return 6;
  return /^\d+\.\d+\.\d+\.\d+$/.test(address) ? 4 : null;
};

/** The IPv4 address a mapped address carries, or the address itself. */
export const unmapped = (address: string): string => (isMapped(address) ? address.replace(mappedPrefix, '') : address);

const systemV6only = (environment: Environment): boolean => environment.linux?.bindv6only === 1;

// Node's `ipv6Only: false` means "did not ask": libuv clears the option for TCP, leaves the system default for UDP.
// Python's `null` leaves the system default; `false` clears it.
export const askedV6only = (transport: Transport, server: ServerEndpoint, environment: Environment): boolean => {
  if (server.ipv6Only === true) return true;
  if (server.runtime === 'node') return transport === 'udp' && systemV6only(environment);
  return server.ipv6Only === null ? systemV6only(environment) : false;
};

/** The facts of a cell, from its endpoints, its outcome's observations and the environment. */
export const factsOf = (
  cell: { transport: Transport; server: ServerEndpoint; client: ClientEndpoint; outcome: Outcome },
  environment: Environment,
): CellFacts => {
  const { server: serverSaw, client: clientSaw } = cell.outcome.observations;
  const bound = serverSaw?.bound ?? null;
  const listenAddress = bound?.address ?? cell.server.address;
  // A mapped address (::ffff:127.0.0.1) is IPv4 on the wire, whatever the socket's family.
  const socketFamily = bound?.family ?? (cell.server.family === 4 || cell.server.family === 6 ? cell.server.family : null);
  const listenFamily: WireFamily | null = wireFamily(listenAddress) ?? socketFamily;
  const resolved = (clientSaw?.resolved ?? []).map((entry) => entry.address);
  const lastAttempt = clientSaw?.attempts.at(-1)?.address;
  const target = clientSaw?.remote?.address ?? lastAttempt ?? resolved[0] ?? cell.client.address;
  return {
    ...cell,
    environment,
    listenAddress,
    listenFamily,
    listensOnWildcard: listenAddress === '::' || listenAddress === '0.0.0.0',
    serverV6only: socketFamily === 6 && (serverSaw?.ipv6OnlyEffective ?? askedV6only(cell.transport, cell.server, environment)),
    target,
    targetFamily: wireFamily(target),
    dialedName: wireFamily(cell.client.address) === null,
    resolved,
  };
};

/** An address as people read it in a sentence: `127.0.0.1`, `::1`, `[::]` for the IPv6 wildcard. */
export const spoken = (address: string): string => (address === '::' ? '[::]' : address);

/** `IPv4` or `IPv6`. */
export const familyWord = (family: WireFamily | null): string => (family === 6 ? 'IPv6' : family === 4 ? 'IPv4' : 'an unknown family');
