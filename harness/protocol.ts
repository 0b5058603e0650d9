import type { ClientEndpoint, ServerEndpoint, Transport } from '../matrix/dimensions.js';
import type { PairPhase } from '../matrix/outcome-summary.js';
import type { Probe } from '../matrix/programs.js';
import type { ClientObservation, SocketAddress } from './outcome.js';

// The messages between the harness and its agents: one JSON object per line on the agent's stdout.
// Agents import this file for types only, so it costs them nothing at start-up. The protocol in words,
// for writing an agent in another language, is PROTOCOL.md beside this file; parse-message.ts reads it.

/** What the server agent is told, as its one argument. */
export interface ServerInstructions {
  transport: Transport;
  server: ServerEndpoint;
  port: number;
  token: string;
  /** A user's client program dials this server: `http` answers each request with an HTTP response, then closes; absent echoes. */
  answer?: 'http';
}

/** What the client agent is told, as its one argument. */
export interface ClientInstructions {
  transport: Transport;
  client: ClientEndpoint;
  port: number;
  token: string;
  connectTimeoutMs: number;
  exchangeTimeoutMs: number;
  /** A user's server program, which echoes nothing: `connect` is done at the handshake, `http` at a response's status line; absent sends the token and waits for its echo. */
  probe?: Probe;
}

/** The calls a bind error can come from. */
export const bindSyscalls = ['bind', 'listen'] as const;

/** The call a bind error came from (see `bindSyscalls`). */
export type BindSyscall = (typeof bindSyscalls)[number];

/** A line from the server agent. */
export type ServerMessage =
  | {
      event: 'ready';
      bound: SocketAddress;
      /** IPV6_V6ONLY read back from the bound socket, where the runtime can read it; null where it cannot or for IPv4. */
      ipv6OnlyEffective: boolean | null;
    }
  | {
      event: 'bind-error';
      code: string;
      message: string;
      /** The call the error came from, where the agent can tell: `bind`, or `listen` (libuv reports a TCP EADDRINUSE there); null where it cannot. */
      syscall: BindSyscall | null;
    }
  | { event: 'received'; peer: SocketAddress; bytes: number; payloadMatched: boolean }
  | { event: 'replied' }
  | { event: 'server-error'; code: string; message: string };

/**
 * The one line the harness may write on a UDP client's stdin: the server has sent its reply. An agent may ignore it;
 * one that acts waits `serverRepliedGraceMs` more for the echo, then fails the exchange (PROTOCOL.md).
 */
export const serverRepliedNotice = '{"event":"server-replied"}';

/** How long a client told `server-replied` still waits for the echo: far above loopback's delivery, far below the exchange timeout. */
export const serverRepliedGraceMs = 250;

/** A phase a client can fail in: every phase but the server's bind. */
export type ClientPhase = Exclude<PairPhase, 'server-bind'>;

/** The one line the client agent ends with. */
export type ClientMessage =
  | { event: 'connected'; observation: ClientObservation }
  | { event: 'failed'; phase: ClientPhase; code: string; message: string; observation: ClientObservation };
