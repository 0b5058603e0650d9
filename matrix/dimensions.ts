import type { CellKind } from './cell-kinds.js';
import type { ProgramSpec } from './programs.js';
import type { Runtime } from './runtimes.js';

// The dimensions of the matrix: what a server binds, what a client dials, over which transport.

/** A socket transport: a stream (TCP) or datagrams (UDP). */
export type Transport = 'tcp' | 'udp';

/** An IP family; `null` where the program leaves it to the resolver. */
export type Family = 4 | 6;

/** Where a server listens. */
export interface ServerEndpoint {
  runtime: Runtime;
  /** The bind address as the program passes it: a literal or `localhost`. */
  address: string;
  /** The socket family: fixed by a literal or a UDP socket type; `null` for a TCP name bound as the resolver decides. */
  family: Family | null;
  /**
   * IPV6_V6ONLY as the program asks it: `true` asks for it; `false` does not (libuv clears it
   * for TCP, but leaves the system default `net.ipv6.bindv6only` for UDP); `null` for IPv4 sockets.
   */
  ipv6Only: boolean | null;
  /**
   * The library call that makes the listener, where a runtime has more than one: `create_server` is
   * Python's `socket.create_server(..., dualstack_ipv6=True)`; absent for the runtime's plain calls.
   */
  call?: 'create_server';
  /**
   * SO_REUSEADDR asked for before the bind, where the runtime lets a program choose it: Node's dgram `reuseAddr`,
   * Python's `setsockopt`. Absent where it is not the program's choice (Node sets it itself on TCP listeners on Unix)
   * or not asked for. Only the two-servers cells (kind `coexist`) ask for it.
   */
  reuseAddr?: boolean;
  /** SO_REUSEPORT asked for before the bind (Python's `setsockopt`; Node only from 22.12, so not in the matrix); absent when not. */
  reusePort?: boolean;
  /** A runtime added with --runtimes-file whose agent plays this side, in the dialect of `runtime`, or a user's program (`custom:<name>`); absent for the built-in agents. */
  agent?: string;
  /** The user's program that plays this side (runtime `program`): its command and how it is judged; absent for agents. */
  program?: ProgramSpec;
}

/**
 * How a TCP client picks among the addresses of a name: `default` is Node's happy eyeballs
 * (`autoSelectFamily`, on since Node 20); `first-address` is the first address only (Node's
 * `autoSelectFamily: false`, as Node 17 to 19 did); `in-order` tries each address in turn until one
 * connects (Python's `socket.create_connection`).
 */
export const lookupChoices = ['default', 'first-address', 'in-order'] as const;

/** How a TCP client picks among the addresses of a name (see `lookupChoices`). */
export type LookupChoice = (typeof lookupChoices)[number];

/**
 * The order Node's `dns.lookup` gives a name's addresses in, as `dns.setDefaultResultOrder` (or
 * `node --dns-result-order`) sets it: `verbatim` is the resolver's own order (Node's default since 17),
 * `ipv4first` and `ipv6first` move one family ahead. `ipv6first` came with Node 22.1 and 20.13.
 */
export const resultOrders = ['verbatim', 'ipv4first', 'ipv6first'] as const;

/** A result order of Node's `dns.lookup` (see `resultOrders`). */
export type ResultOrder = (typeof resultOrders)[number];

/** Where a client dials, and how it chooses the family. */
export interface ClientEndpoint {
  runtime: Runtime;
  /** The target as the program passes it: a loopback literal or `localhost`. */
  address: string;
  /** For TCP: the `family` option (null: not given). For UDP: the socket type, udp4 or udp6. */
  family: Family | null;
  /** For a TCP client to a name without a family: how it picks an address; otherwise null. */
  lookup: LookupChoice | null;
  /** Node: the result order the agent sets with `dns.setDefaultResultOrder` before dialing; absent leaves Node's default (verbatim). */
  order?: ResultOrder;
  /** A runtime added with --runtimes-file whose agent plays this side, in the dialect of `runtime`, or a user's program (`custom:<name>`); absent for the built-in agents. */
  agent?: string;
  /** The user's program that plays this side (runtime `program`): its command and how it is judged; absent for agents. */
  program?: ProgramSpec;
}

/** The runtime that plays a side, by name: a user-defined one where the endpoint names it, else the built-in one. */
export const runtimeName = (endpoint: { runtime: Runtime; agent?: string }): string => endpoint.agent ?? endpoint.runtime;

/** One pairing to try: a fresh server and a fresh client over one transport. */
export interface PairCell {
  kind: 'pair';
  /** Stable across runs and machines: derived from the fields below only. */
  id: string;
  transport: Transport;
  server: ServerEndpoint;
  client: ClientEndpoint;
}

/**
 * Two servers on one port: the first binds (and listens, for TCP), then the second binds the same port with its
 * own endpoint; where both listen, a fresh client dials each target in turn, to see which server answers it.
 */
export interface CoexistCell {
  kind: 'coexist';
  /** Stable across runs and machines, and never a pair's: `coexist tcp 0.0.0.0 + [::] dual`. */
  id: string;
  transport: Transport;
  first: ServerEndpoint;
  second: ServerEndpoint;
  /** What a client dials, one after the other, once both servers listen; empty where who answers is the kernel's coin toss. */
  targets: ClientEndpoint[];
}

/** One cell of the matrix, of any kind: a union on `kind`. */
export type Cell = PairCell | CoexistCell;

/** The cells of one kind. */
export type CellOfKind<Kind extends CellKind> = Extract<Cell, { kind: Kind }>;
