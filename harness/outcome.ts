import type { PairPhase } from '../matrix/outcome-summary.js';

// What a cell's run comes to: the contract between the harness and every renderer.

/** The agents of a cell. */
export const sides = ['server', 'client'] as const;

/** Which agent of a cell. */
export type Side = (typeof sides)[number];

/** An address as a socket reports it. */
export interface SocketAddress {
  address: string;
  port: number;
  family: 4 | 6;
}

/** One address a name resolved to, in the order the resolver gave it. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** One connection attempt of a client that tried several addresses (happy eyeballs). */
export interface ConnectAttempt {
  address: string;
  port: number;
  code: string;
}

/** What the server agent saw. */
export interface ServerObservation {
  /** Where the server ended up listening, or null when the bind failed. */
  bound: SocketAddress | null;
  /** IPV6_V6ONLY as the bound socket has it, read back (Python can, Node cannot: null); null for IPv4 too. */
  ipv6OnlyEffective: boolean | null;
  /** Whether anything reached the server at all: a TCP connection or a datagram. */
  received: boolean;
  /** The peer as the server saw it, e.g. `::ffff:127.0.0.1` on a dual-stack socket. */
  peer: SocketAddress | null;
  /** Whether the payload the server got was this cell's token. */
  payloadMatched: boolean | null;
  /** Whether the server sent its echo back without an error. */
  replied: boolean;
  /** An error the server met after binding, e.g. while sending the echo. */
  error: { code: string; message: string } | null;
  /** A user's server program: how it ran and where the system says it listened (`bound` is its socket on the cell's port); absent for agents. */
  program?: ProgramObservation;
}

/** What the client agent saw. */
export interface ClientObservation {
  /** The addresses the target name resolved to, in order; null for a literal. */
  resolved: ResolvedAddress[] | null;
  /** The client's own address once connected (TCP) or bound (UDP). */
  local: SocketAddress | null;
  /** The address the client ended up talking to. */
  remote: SocketAddress | null;
  /** Each address tried, where the client tried several. */
  attempts: ConnectAttempt[];
  /** With the `http` probe: the status of the HTTP response that came back; absent otherwise. */
  httpStatus?: number;
  /** A user's client program: how it ran; absent for agents. */
  program?: ProgramObservation;
}

/** How a user's program ran, as the system showed it: the evidence a program gives instead of an agent's messages. */
export interface ProgramObservation {
  /** The command as run, placeholders filled: the program and its arguments, or `sh -c` and the line. */
  command: string[];
  /** How it ended while the cell ran: its exit status, or the signal that killed it; null while it ran until sockmatrix stopped it. */
  exit: { code: number | null; signal: string | null } | null;
  /** The tail of its output, stdout and stderr as they came. */
  output: string;
  /** A server: every TCP socket its process group listened on, from the system (Linux: /proc/net/tcp{,6}); null where it cannot be read. */
  listening?: SocketAddress[] | null;
}

/** What both sides observed; a side is null when it never got that far. */
export interface Observations {
  server: ServerObservation | null;
  client: ClientObservation | null;
}

/** Why the harness, not the pairing, broke: every reason a harness error can give. */
export const harnessErrorReasons = ['spawn-failed', 'agent-crashed', 'agent-hung', 'protocol-violation', 'port-conflict'] as const;

/** Why the harness, not the pairing, broke. */
export type HarnessErrorReason = (typeof harnessErrorReasons)[number];

/** The outcome of one cell: a discriminated union on `status`. */
export type Outcome =
  | { status: 'connected'; observations: Observations }
  | {
      status: 'failed';
      phase: PairPhase;
      /** The errno-style code, e.g. ECONNREFUSED, EADDRNOTAVAIL, ETIMEDOUT. */
      code: string;
      message: string;
      observations: Observations;
    }
  | {
      status: 'harness-error';
      reason: HarnessErrorReason;
      /** Which agent broke, or null when it was not one agent's doing. */
      side: Side | null;
      message: string;
      /** The last lines the agent wrote to stderr, for a bug report against sockmatrix. */
      stderr: string;
      observations: Observations;
    };
