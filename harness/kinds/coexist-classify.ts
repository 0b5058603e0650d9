import { assertNever } from '../../matrix/assert-never.js';
import type { AgentExit } from '../agent-process.js';
import type { AnsweredBy, CoexistObservations, CoexistOutcome, ListenerObservation, TargetAnswer } from '../coexist-outcome.js';
import { clientSequenceViolation, readyPortMismatch, serverSequenceViolation } from '../message-sequence.js';
import type { HarnessErrorReason, Side, SocketAddress } from '../outcome.js';
import type { ClientMessage, ServerMessage } from '../protocol.js';
import { type AgentEvidence, agentBreakage } from './pair-classify.js';

// From what two servers and their targets' clients said to the outcome of a two-servers cell. Pure: no processes here.

/** One target dialed while both servers listened: its client's evidence, and where each server's messages stood when it started. */
export interface DialEvidence {
  /** The target as dialed: `127.0.0.1`, `::1`, `localhost`. */
  target: string;
  client: AgentEvidence<ClientMessage>;
  /** How many messages each server had written before this client started: only later ones can be its answer. */
  firstFrom: number;
  secondFrom: number;
}

/** Everything the harness learned from a two-servers cell. */
export interface CoexistEvidence {
  /** The port both servers were told to bind. */
  port: number;
  first: AgentEvidence<ServerMessage>;
  /** Null when the first server never became ready, so the second was not started. */
  second: AgentEvidence<ServerMessage> | null;
  /** One per target dialed, in order; empty unless both servers listened. */
  dials: DialEvidence[];
}

type Server = 'first' | 'second';

/** Fold a server's lines into what it observed once listening, or null when it never said ready. */
export const listenerObservation = (messages: readonly ServerMessage[]): ListenerObservation | null => {
  const [ready] = messages;
  if (ready?.event !== 'ready') return null;
  const observation: ListenerObservation = { bound: ready.bound, ipv6OnlyEffective: ready.ipv6OnlyEffective, received: [], error: null };
  for (const message of messages.slice(1)) {
    switch (message.event) {
      case 'received':
        observation.received.push(message.peer);
        break;
      case 'server-error':
        observation.error = { code: message.code, message: message.message };
        break;
      case 'ready':
      case 'bind-error':
      case 'replied':
        break;
      default:
        return assertNever(message);
    }
  }
  return observation;
};

// An IPv4 peer of a dual-stack socket reads as `::ffff:127.0.0.1`; the client knows itself as `127.0.0.1`.
const unmapped = (address: string): string => (address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address);

/** Whether a server's line is this cell's token received from the client at `local` (its address and port). */
export const isTokenFrom =
  (local: SocketAddress) =>
  (message: ServerMessage): boolean =>
    message.event === 'received' &&
    message.payloadMatched &&
    message.peer.port === local.port &&
    unmapped(message.peer.address) === unmapped(local.address);

/**
 * Which server a dial reached, judged by the client's own address and port, among what each server said while this
 * dial's client ran (from its start to the next dial's): the kernel may give a later client the same port, on
 * another address or the same. `both` breaks the protocol (one socket gets a connection or datagram).
 */
const whoAnswered = (
  dial: DialEvidence,
  next: DialEvidence | undefined,
  first: readonly ServerMessage[],
  second: readonly ServerMessage[],
  local: SocketAddress | null,
) => {
  if (local === null) return 'nobody';
  const byFirst = first.slice(dial.firstFrom, next?.firstFrom).some(isTokenFrom(local));
  const bySecond = second.slice(dial.secondFrom, next?.secondFrom).some(isTokenFrom(local));
  if (byFirst && bySecond) return 'both';
  if (byFirst) return 'first';
  return bySecond ? 'second' : 'nobody';
};

/** Decide a two-servers cell's outcome from the evidence of every agent: the first server, the second, then each client. */
export const classifyCoexist = ({ port, first: firstEvidence, second: secondEvidence, dials }: CoexistEvidence): CoexistOutcome => {
  const observations: CoexistObservations = {
    first: listenerObservation(firstEvidence.messages),
    second: secondEvidence === null ? null : listenerObservation(secondEvidence.messages),
    answers: [],
  };
  const harnessError = (reason: HarnessErrorReason, side: Side, message: string, exit: AgentExit | null): CoexistOutcome => ({
    status: 'harness-error',
    reason,
    side,
    message,
    stderr: exit?.stderr ?? '',
    observations,
  });

  // Each server is judged as a pair's server is: how it ended, the order of its lines, its first line.
  const judgeServer = (which: Server, evidence: AgentEvidence<ServerMessage>): CoexistOutcome | 'ready' => {
    const who = `${which} server`;
    const broke = agentBreakage('server', evidence.exit, who);
    if (broke) return harnessError(broke.reason, 'server', broke.message, evidence.exit);
    const [head] = evidence.messages;
    const outOfOrder = serverSequenceViolation(evidence.messages) ?? (head?.event === 'ready' ? readyPortMismatch(head, port) : null);
    if (outOfOrder) return harnessError('protocol-violation', 'server', `the ${who} agent ${outOfOrder}`, evidence.exit);
    if (head === undefined) {
      return harnessError('protocol-violation', 'server', `the ${who} agent exited without saying ready or bind-error`, evidence.exit);
    }
    if (head.event !== 'bind-error') return 'ready';
    if (which === 'first') {
      if (head.code === 'EADDRINUSE') {
        const message = `the port the harness reserved was taken by another process before the first server bound it (${head.message})`;
        return harnessError('port-conflict', 'server', message, evidence.exit);
      }
      return { status: 'failed', phase: 'first-bind', code: head.code, message: head.message, observations };
    }
    // The second server's EADDRINUSE is the finding: the first holds the port. Where the agent cannot say which call failed, bind.
    const phase = head.syscall === 'listen' ? 'second-listen' : 'second-bind';
    return { status: 'failed', phase, code: head.code, message: head.message, observations };
  };

  const firstVerdict = judgeServer('first', firstEvidence);
  if (firstVerdict !== 'ready') return firstVerdict;
  if (secondEvidence === null)
    return harnessError('protocol-violation', 'server', 'no second server was started although the first was ready', null);
  const secondVerdict = judgeServer('second', secondEvidence);
  if (secondVerdict !== 'ready') return secondVerdict;

  for (const [index, dial] of dials.entries()) {
    const who = `client agent dialing ${dial.target}`;
    const broke = agentBreakage('client', dial.client.exit, who);
    if (broke) return harnessError(broke.reason, 'client', broke.message, dial.client.exit);
    const [result] = dial.client.messages;
    const outOfOrder = clientSequenceViolation(dial.client.messages);
    if (outOfOrder !== null || result === undefined) {
      return harnessError('protocol-violation', 'client', `the ${who} ${outOfOrder ?? 'exited without a result'}`, dial.client.exit);
    }
    const answeredBy = whoAnswered(
      dial,
      dials[index + 1],
      firstEvidence.messages,
      secondEvidence.messages,
      result.observation.local ?? null,
    );
    if (answeredBy === 'both') {
      return harnessError('protocol-violation', 'server', `both servers said they received the token of the ${who}`, null);
    }
    if (result.event === 'connected' && answeredBy === 'nobody') {
      return harnessError(
        'protocol-violation',
        'client',
        `the ${who} said connected, but neither server received its token`,
        dial.client.exit,
      );
    }
    const answer: TargetAnswer = {
      target: dial.target,
      answeredBy: answeredBy satisfies AnsweredBy,
      code: result.event === 'failed' ? result.code : null,
      message: result.event === 'failed' ? result.message : null,
      client: result.observation,
    };
    observations.answers.push(answer);
  }
  return { status: 'coexisted', observations };
};
