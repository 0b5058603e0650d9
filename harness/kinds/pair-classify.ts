import { assertNever } from '../../matrix/assert-never.js';
import type { AgentExit } from '../agent-process.js';
import type { HarnessErrorReason, Observations, Outcome, ServerObservation } from '../outcome.js';
import type { ClientMessage, ServerMessage } from '../protocol.js';

// From what the agents said and how they ended to the outcome of the cell. Pure: no processes here.

/** Everything the harness learned from one cell's agents. */
export interface CellEvidence {
  serverMessages: readonly ServerMessage[];
  serverExit: AgentExit;
  /** Null when the server never became ready, so no client was started. */
  client: { message: ClientMessage | null; exit: AgentExit } | null;
}

/** Fold the server's lines into what it observed. */
export const serverObservation = (messages: readonly ServerMessage[]): ServerObservation | null => {
  const observation: ServerObservation = { bound: null, received: false, peer: null, payloadMatched: null, replied: false, error: null };
  let readySeen = false;
  for (const message of messages) {
    switch (message.event) {
      case 'ready':
        readySeen = true;
        observation.bound = message.bound;
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
  side: 'server' | 'client' | null,
  message: string,
  exit: AgentExit | null,
  observations: Observations,
): Outcome => ({ status: 'harness-error', reason, side, message, stderr: exit?.stderr ?? '', observations });

/** Why an agent that gave no usable answer broke, or null when it ended cleanly. */
const agentBreakage = (side: 'server' | 'client', exit: AgentExit): { reason: HarnessErrorReason; message: string } | null => {
  if (exit.spawnError !== null) return { reason: 'spawn-failed', message: `the ${side} agent could not be started: ${exit.spawnError}` };
  if (exit.protocolErrors.length > 0) {
    return {
      reason: 'protocol-violation',
      message: `the ${side} agent wrote a line that is not a protocol message: ${exit.protocolErrors[0]}`,
    };
  }
  if (exit.killedAsHung) return { reason: 'agent-hung', message: `the ${side} agent did not answer in time and was killed` };
  if (exit.exitCode !== 0) {
    const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode}`;
    return { reason: 'agent-crashed', message: `the ${side} agent ${how}` };
  }
  return null;
};

/** Decide a cell's outcome from the evidence of both agents. */
export const classify = (evidence: CellEvidence): Outcome => {
  const server = serverObservation(evidence.serverMessages);
  const bindError = evidence.serverMessages.find((message) => message.event === 'bind-error');
  const clientMessage = evidence.client?.message ?? null;
  const observations: Observations = { server, client: clientMessage?.observation ?? null };

  const serverBroke = agentBreakage('server', evidence.serverExit);
  if (serverBroke) return harnessError(serverBroke.reason, 'server', serverBroke.message, evidence.serverExit, observations);

  if (bindError?.event === 'bind-error') {
    if (bindError.code === 'EADDRINUSE') {
      const message = `the port the harness reserved was taken by another process before the server bound it (${bindError.message})`;
      return harnessError('port-conflict', 'server', message, evidence.serverExit, observations);
    }
    return { status: 'failed', phase: 'server-bind', code: bindError.code, message: bindError.message, observations };
  }
  if (server === null) {
    return harnessError(
      'protocol-violation',
      'server',
      'the server agent exited without saying ready or bind-error',
      evidence.serverExit,
      observations,
    );
  }
  if (evidence.client === null) {
    return harnessError('protocol-violation', 'client', 'no client was started although the server was ready', null, observations);
  }

  const clientBroke = agentBreakage('client', evidence.client.exit);
  if (clientBroke) return harnessError(clientBroke.reason, 'client', clientBroke.message, evidence.client.exit, observations);
  if (clientMessage === null) {
    return harnessError('protocol-violation', 'client', 'the client agent exited without a result', evidence.client.exit, observations);
  }

  switch (clientMessage.event) {
    case 'connected':
      return { status: 'connected', observations };
    case 'failed':
      return { status: 'failed', phase: clientMessage.phase, code: clientMessage.code, message: clientMessage.message, observations };
    default:
      return assertNever(clientMessage);
  }
};
