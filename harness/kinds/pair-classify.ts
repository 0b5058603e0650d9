import { assertNever } from '../../matrix/assert-never.js';
import type { AgentExit } from '../agent-process.js';
import { clientSequenceViolation, readyPortMismatch, serverSequenceViolation } from '../message-sequence.js';
import type { HarnessErrorReason, Observations, Outcome, ServerObservation, Side } from '../outcome.js';
import type { ClientMessage, ServerMessage } from '../protocol.js';

// From what the agents said and how they ended to the outcome of the cell. Pure: no processes here.
// The messages are already parsed; the rules here are the ones that need the whole sequence or both sides.

/** What one agent said, in order, and how it ended. */
export interface AgentEvidence<Message> {
  messages: readonly Message[];
  exit: AgentExit;
}

/** Everything the harness learned from one cell's agents. */
export interface CellEvidence {
  /** The port the server was told to bind. */
  port: number;
  server: AgentEvidence<ServerMessage>;
  /** Null when the server never became ready, so no client was started. */
  client: AgentEvidence<ClientMessage> | null;
}

/** Fold the server's lines into what it observed. */
export const serverObservation = (messages: readonly ServerMessage[]): ServerObservation | null => {
  const observation: ServerObservation = {
    bound: null,
    ipv6OnlyEffective: null,
    received: false,
    peer: null,
    payloadMatched: null,
    replied: false,
    error: null,
  };
  let readySeen = false;
  for (const message of messages) {
    switch (message.event) {
      case 'ready':
        readySeen = true;
        observation.bound = message.bound;
        observation.ipv6OnlyEffective = message.ipv6OnlyEffective;
        break;
      case 'bind-error':
        break;
      case 'received':
        observation.received = true;
        observation.peer = message.peer;
        observation.payloadMatched = message.payloadMatched;
        break;
      case 'replied':
        observation.replied = true;
        break;
      case 'server-error':
        observation.error = { code: message.code, message: message.message };
        break;
      default:
        return assertNever(message);
    }
  }
  return readySeen ? observation : null;
};

const harnessError = (
  reason: HarnessErrorReason,
  side: Side | null,
  message: string,
  exit: AgentExit | null,
  observations: Observations,
): Outcome => ({ status: 'harness-error', reason, side, message, stderr: exit?.stderr ?? '', observations });

/** Why an agent broke, from how it ended and what it wrote, or null when it ended cleanly; `who` names it (`second server`). */
export const agentBreakage = (side: Side, exit: AgentExit, who: string = side): { reason: HarnessErrorReason; message: string } | null => {
  if (exit.spawnError !== null) return { reason: 'spawn-failed', message: `the ${who} agent could not be started: ${exit.spawnError}` };
  const [badLine] = exit.protocolErrors;
  if (badLine !== undefined) {
    return {
      reason: 'protocol-violation',
      message: `the ${who} agent wrote a line that is not a protocol message (${badLine.reason}): ${badLine.line}`,
    };
  }
  if (exit.killedAsHung) return { reason: 'agent-hung', message: `the ${who} agent did not answer in time and was killed` };
  if (exit.exitCode !== 0) {
    const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode}`;
    return { reason: 'agent-crashed', message: `the ${who} agent ${how}` };
  }
  return null;
};

/** Why a client's `connected` is not backed by the server's evidence, or null when the server got this cell's token. */
const unbackedConnected = (serverMessages: readonly ServerMessage[]): string | null => {
  const received = serverMessages.filter((message) => message.event === 'received');
  if (received.length === 0) return 'the client agent said connected, but the server received nothing';
  if (!received.some((message) => message.payloadMatched)) {
    return "the client agent said connected, but the server never received this cell's token";
  }
  return null;
};

/**
 * What the server agent's evidence decides on its own: its breakage, a protocol violation, a failed bind; null when it
 * bound and is ready, so the client's evidence decides.
 */
export const serverVerdict = (port: number, serverEvidence: AgentEvidence<ServerMessage>, observations: Observations): Outcome | null => {
  const serverExit = serverEvidence.exit;
  const serverBroke = agentBreakage('server', serverExit);
  if (serverBroke) return harnessError(serverBroke.reason, 'server', serverBroke.message, serverExit, observations);
  const [first] = serverEvidence.messages;
  const serverOutOfOrder =
    serverSequenceViolation(serverEvidence.messages) ?? (first?.event === 'ready' ? readyPortMismatch(first, port) : null);
  if (serverOutOfOrder)
    return harnessError('protocol-violation', 'server', `the server agent ${serverOutOfOrder}`, serverExit, observations);

  if (first?.event === 'bind-error') {
    if (first.code === 'EADDRINUSE') {
      const message = `the port the harness reserved was taken by another process before the server bound it (${first.message})`;
      return harnessError('port-conflict', 'server', message, serverExit, observations);
    }
    return { status: 'failed', phase: 'server-bind', code: first.code, message: first.message, observations };
  }
  if (observations.server === null) {
    return harnessError(
      'protocol-violation',
      'server',
      'the server agent exited without saying ready or bind-error',
      serverExit,
      observations,
    );
  }
  return null;
};

/**
 * What the client agent's evidence decides, once its server was ready. `serverMessages` back a `connected` (the token
 * must have reached the server); null where the server is a user's program, which says nothing.
 */
export const clientVerdict = (
  clientEvidence: AgentEvidence<ClientMessage>,
  observations: Observations,
  serverMessages: readonly ServerMessage[] | null,
): Outcome => {
  const clientExit = clientEvidence.exit;
  const [clientMessage] = clientEvidence.messages;
  const clientBroke = agentBreakage('client', clientExit);
  if (clientBroke) return harnessError(clientBroke.reason, 'client', clientBroke.message, clientExit, observations);
  const clientOutOfOrder = clientSequenceViolation(clientEvidence.messages);
  if (clientOutOfOrder !== null || clientMessage === undefined) {
    const message = `the client agent ${clientOutOfOrder ?? 'exited without a result'}`;
    return harnessError('protocol-violation', 'client', message, clientExit, observations);
  }
  switch (clientMessage.event) {
    case 'connected': {
      const unbacked = serverMessages === null ? null : unbackedConnected(serverMessages);
      if (unbacked) return harnessError('protocol-violation', 'client', unbacked, clientExit, observations);
      return { status: 'connected', observations };
    }
    case 'failed':
      return { status: 'failed', phase: clientMessage.phase, code: clientMessage.code, message: clientMessage.message, observations };
    default:
      return assertNever(clientMessage);
  }
};

/** Decide a cell's outcome from the evidence of both agents. */
export const classify = ({ port, server: serverEvidence, client: clientEvidence }: CellEvidence): Outcome => {
  const [clientMessage] = clientEvidence?.messages ?? [];
  const observations: Observations = { server: serverObservation(serverEvidence.messages), client: clientMessage?.observation ?? null };
  const decided = serverVerdict(port, serverEvidence, observations);
  if (decided !== null) return decided;
  if (clientEvidence === null)
    return harnessError('protocol-violation', 'client', 'no client was started although the server was ready', null, observations);
  return clientVerdict(clientEvidence, observations, serverEvidence.messages);
};
