import type { CoexistOutcome, ListenerObservation } from '../../harness/coexist-outcome.js';
import type { Environment } from '../../harness/environment-types.js';
import type { ServerEndpoint, Transport } from '../../matrix/dimensions.js';
import { askedV6only, unmapped, type WireFamily, wireFamily } from './facts.js';

// What a two-servers cell's evidence says, in the terms its explanation rules reason with: where each listener
// listened (or was told to), its family on the wire, whether it covers every address of a family, and what it asked
// of the kernel. Derived from the endpoints and the observations, never from the id.

/** What the rules see of one listener. */
export interface ListenerFacts {
  endpoint: ServerEndpoint;
  /** Where it listens: its bound address where it listened, else what it was told. */
  address: string;
  /** Its family on the wire: a mapped address (`::ffff:127.0.0.1`) is IPv4. */
  family: WireFamily | null;
  /** Whether it is a wildcard, `0.0.0.0` or `::`. */
  wildcard: boolean;
  /** For an IPv6 socket, whether it takes IPv6 only: read back where the runtime could, else asked, else the system default. */
  v6only: boolean;
  /** An IPv6 wildcard that also takes IPv4: a dual-stack `[::]`. */
  dualStack: boolean;
  /** SO_REUSEADDR: asked for, or set by the runtime itself (Node on every TCP listener on Unix; Python's create_server). */
  reuseAddr: boolean;
  reusePort: boolean;
}

/** What the rules see of a two-servers cell. */
export interface CoexistFacts {
  transport: Transport;
  outcome: CoexistOutcome;
  environment: Environment;
  first: ListenerFacts;
  second: ListenerFacts;
}

const listenerFacts = (
  transport: Transport,
  endpoint: ServerEndpoint,
  observed: ListenerObservation | null,
  environment: Environment,
): ListenerFacts => {
  const address = observed?.bound.address ?? endpoint.address;
  const socketFamily = observed?.bound.family ?? (endpoint.family === 4 || endpoint.family === 6 ? endpoint.family : null);
  const family = wireFamily(address) ?? socketFamily;
  const wildcard = unmapped(address) === '0.0.0.0' || address === '::';
  const v6only = socketFamily === 6 && (observed?.ipv6OnlyEffective ?? askedV6only(transport, endpoint, environment));
  const setByRuntime =
    (endpoint.runtime === 'node' && transport === 'tcp' && environment.os.platform !== 'win32') || endpoint.call === 'create_server';
  return {
    endpoint,
    address,
    family,
    wildcard,
    v6only,
    dualStack: address === '::' && !v6only,
    reuseAddr: endpoint.reuseAddr === true || setByRuntime,
    reusePort: endpoint.reusePort === true,
  };
};

/** The facts of a two-servers cell, from its endpoints, its outcome's observations and the environment. */
export const coexistFactsOf = (
  cell: { transport: Transport; first: ServerEndpoint; second: ServerEndpoint; outcome: CoexistOutcome },
  environment: Environment,
): CoexistFacts => ({
  transport: cell.transport,
  outcome: cell.outcome,
  environment,
  first: listenerFacts(cell.transport, cell.first, cell.outcome.observations.first, environment),
  second: listenerFacts(cell.transport, cell.second, cell.outcome.observations.second, environment),
});

/** Whether a listener covers an address of the other's: a wildcard of its family, or a dual-stack `[::]` over any IPv4 one. */
export const covers = (wide: ListenerFacts, narrow: ListenerFacts): boolean =>
  (wide.wildcard && wide.family === narrow.family) || (wide.dualStack && narrow.family === 4);

/** A listener as a sentence names it: `the dual-stack [::] socket`, `0.0.0.0`, `the IPv6-only [::] socket`, `127.0.0.1`. */
export const listenerWords = (listener: ListenerFacts): string => {
  if (listener.address === '::') return listener.v6only ? 'an IPv6-only [::] socket' : 'a dual-stack [::] socket (IPV6_V6ONLY off)';
  return listener.family === 6 ? `[${listener.address}]` : listener.address;
};
