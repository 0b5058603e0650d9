import type { CoexistPhase } from '../matrix/outcome-summary.js';
import type { ClientObservation, HarnessErrorReason, Side, SocketAddress } from './outcome.js';

// What two servers on one port come to (kind `coexist`): both listened, and which of them each target reached; or
// one could not bind, and where the error came from. The contract between the harness and every renderer.

/** Which server a target's client reached: the one that received its token, or neither. */
export const answeredByChoices = ['first', 'second', 'nobody'] as const;

/** Which server a target's client reached (see `answeredByChoices`). */
export type AnsweredBy = (typeof answeredByChoices)[number];

/** What one server of the two saw, once it listened. */
export interface ListenerObservation {
  /** Where it listens, as the socket reports it. */
  bound: SocketAddress;
  /** IPV6_V6ONLY read back after the bind (Python can, Node cannot: null); null for IPv4 too. */
  ipv6OnlyEffective: boolean | null;
  /** The peer of each token it received, in order: a client's address as this socket sees it. */
  received: SocketAddress[];
  /** An error it met after listening, e.g. while sending an echo. */
  error: { code: string; message: string } | null;
}

/** One target dialed while both servers listened, by a fresh client, and who answered it. */
export interface TargetAnswer {
  /** The target as the client dialed it: `127.0.0.1`, `::1`, `localhost`. */
  target: string;
  /** The server whose `received` came from this client's port; `nobody` when neither got its token. */
  answeredBy: AnsweredBy;
  /** The client's error where its echo did not come back (e.g. ECONNREFUSED: nobody listens there); null when it did. */
  code: string | null;
  /** The client's error message, or null when it connected. */
  message: string | null;
  /** What the client observed: what the name resolved to, its own address, where it got to. */
  client: ClientObservation | null;
}

/** What two servers on one port observed; a server is null when it never listened. */
export interface CoexistObservations {
  first: ListenerObservation | null;
  second: ListenerObservation | null;
  /** One per target, in the cell's order; empty when the second server failed, or the cell dials nothing. */
  answers: TargetAnswer[];
}

/** The outcome of two servers on one port: a discriminated union on `status`. */
export type CoexistOutcome =
  | { status: 'coexisted'; observations: CoexistObservations }
  | {
      status: 'failed';
      /** `first-bind`: the first server could not bind at all; `second-bind`, `second-listen`: the second, at that call. */
      phase: CoexistPhase;
      /** The errno-style code, e.g. EADDRINUSE. */
      code: string;
      message: string;
      observations: CoexistObservations;
    }
  | {
      status: 'harness-error';
      reason: HarnessErrorReason;
      /** Which kind of agent broke (its message says which server), or null when it was not one agent's doing. */
      side: Side | null;
      message: string;
      stderr: string;
      observations: CoexistObservations;
    };

/** One target's answer in brief: `127.0.0.1=first`, `::1=nobody(ECONNREFUSED)`. */
export const answerCode = (answer: TargetAnswer): string =>
  `${answer.target}=${answer.answeredBy}${answer.code === null ? '' : `(${answer.code})`}`;

/** Who answered each target, as the short stable string that expectations compare: `127.0.0.1=first ::1=second localhost=first`. */
export const answersCode = (answers: readonly TargetAnswer[]): string => answers.map(answerCode).join(' ');
