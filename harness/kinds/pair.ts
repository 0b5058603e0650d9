import { randomBytes } from 'node:crypto';
import { type PairCell, runtimeName } from '../../matrix/dimensions.js';
import { type AgentProcess, startAgent } from '../agent-process.js';
import { parseClientMessage, parseServerMessage } from '../parse-message.js';
import { releasePort, reservePort } from '../ports.js';
import { runProgramPair } from '../programs/program-pair.js';
import {
  type ClientInstructions,
  type ClientMessage,
  type ServerInstructions,
  type ServerMessage,
  serverRepliedNotice,
} from '../protocol.js';
import { agentHardLimitMs, clientExitGraceMs, clientWatchdogMs, serverExitGraceMs } from '../timeouts.js';
import type { CellKindRunner, CellResult, CellRunOptions } from './kind.js';
import { type CellEvidence, classify } from './pair-classify.js';

// The pairing: a fresh server binds, then a fresh client dials it and waits for its token's echo.

/**
 * A UDP client waits for its echo up to the exchange timeout; once the server has replied (its send done, so the
 * datagram is in the client's socket or dropped by it: loopback delivers before the send returns), the client is
 * told, and may give up after a short grace instead (PROTOCOL.md, "server-replied"): a connected UDP socket drops
 * a reply from another address, and the wait would only hold a pool slot.
 */
const tellWhenServerReplied = (server: AgentProcess<ServerMessage>, client: AgentProcess<ClientMessage>, timeoutMs: number): void => {
  void server
    .waitFor((message) => message.event === 'replied', timeoutMs)
    .then((replied) => {
      if (replied !== null && client.messages.length === 0) client.tell(serverRepliedNotice);
    });
};

/** Run one pairing: a fresh server, then a fresh client against it; both are always reaped. */
const runPair = async (cell: PairCell, options: CellRunOptions): Promise<CellResult> => {
  // A user's program speaks no protocol: its side is run, and judged, from what the system shows of it.
  if (cell.server.program !== undefined || cell.client.program !== undefined) return runProgramPair(cell, options);
  const { agents, timeouts, signal } = options;
  const started = performance.now();
  const token = `sockmatrix:${randomBytes(8).toString('hex')}`;
  const port = await reservePort(cell.transport);
  const spawnOptions = { cancelSignal: signal, hardLimitMs: agentHardLimitMs(timeouts) };
  try {
    const serverInstructions: ServerInstructions = { transport: cell.transport, server: cell.server, port, token };
    const server = startAgent(agents('server', runtimeName(cell.server)), serverInstructions, parseServerMessage, spawnOptions);
    // The server's first line decides: only after ready is there anything for a client to dial.
    const first = await server.waitFor(() => true, timeouts.startupMs);
    if (first === null) server.killAsHung();

    let client: CellEvidence['client'] = null;
    if (first?.event === 'ready') {
      const clientInstructions: ClientInstructions = {
        transport: cell.transport,
        client: cell.client,
        port,
        token,
        connectTimeoutMs: timeouts.connectMs,
        exchangeTimeoutMs: timeouts.exchangeMs,
      };
      const clientAgent = startAgent(agents('client', runtimeName(cell.client)), clientInstructions, parseClientMessage, spawnOptions);
      if (cell.transport === 'udp') tellWhenServerReplied(server, clientAgent, clientWatchdogMs(timeouts));
      const result = await clientAgent.waitFor(() => true, clientWatchdogMs(timeouts));
      if (result === null) clientAgent.killAsHung();
      const exit = await clientAgent.finish(clientExitGraceMs);
      client = { messages: clientAgent.messages, exit };
    }

    const serverExit = await server.finish(serverExitGraceMs);
    return {
      cell,
      outcome: classify({ port, server: { messages: server.messages, exit: serverExit }, client }),
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    releasePort(cell.transport, port);
  }
};

/** The server/client pairing, the matrix's first cell kind. */
export const pairKind: CellKindRunner<PairCell> = { run: runPair };
