import { randomBytes } from 'node:crypto';
import { type CoexistCell, runtimeName, type ServerEndpoint } from '../../matrix/dimensions.js';
import { type AgentProcess, startAgent } from '../agent-process.js';
import { parseClientMessage, parseServerMessage } from '../parse-message.js';
import { releasePort, reservePort } from '../ports.js';
import type { ClientInstructions, ServerMessage } from '../protocol.js';
import { agentHardLimitMs, clientExitGraceMs, clientWatchdogMs, serverExitGraceMs } from '../timeouts.js';
import { type CoexistEvidence, classifyCoexist, type DialEvidence, isTokenFrom } from './coexist-classify.js';
import type { CellKindRunner, CellResult, CellRunOptions } from './kind.js';

// Two servers on one port: the first binds (and listens), then the second binds the same port; where both listen, a
// fresh client dials each target in turn, and the server that receives its token is the one that answered it.

/** Run one two-servers cell; every agent is always reaped. */
const runCoexist = async (cell: CoexistCell, { agents, timeouts, signal }: CellRunOptions): Promise<CellResult> => {
  const started = performance.now();
  const token = `sockmatrix:${randomBytes(8).toString('hex')}`;
  const port = await reservePort(cell.transport);
  const spawnOptions = { cancelSignal: signal, hardLimitMs: agentHardLimitMs(timeouts) };
  const startServer = async (server: ServerEndpoint): Promise<{ agent: AgentProcess<ServerMessage>; ready: boolean }> => {
    const agent = startAgent(
      agents('server', runtimeName(server)),
      { transport: cell.transport, server, port, token },
      parseServerMessage,
      spawnOptions,
    );
    const head = await agent.waitFor(() => true, timeouts.startupMs);
    if (head === null) agent.killAsHung();
    return { agent, ready: head?.event === 'ready' };
  };
  try {
    const first = await startServer(cell.first);
    const second = first.ready ? await startServer(cell.second) : null;
    const dials: DialEvidence[] = [];
    // One target at a time, each with a fresh client: a server's received lines after the client started, from its port, are its answer.
    for (const target of second?.ready === true ? cell.targets : []) {
      if (signal.aborted) break;
      const firstFrom = first.agent.messages.length;
      const secondFrom = second?.agent.messages.length ?? 0;
      const instructions: ClientInstructions = {
        transport: cell.transport,
        client: target,
        port,
        token,
        connectTimeoutMs: timeouts.connectMs,
        exchangeTimeoutMs: timeouts.exchangeMs,
      };
      const client = startAgent(agents('client', runtimeName(target)), instructions, parseClientMessage, spawnOptions);
      const result = await client.waitFor(() => true, clientWatchdogMs(timeouts));
      if (result === null) client.killAsHung();
      const local = result?.observation.local ?? null;
      if (result?.event === 'connected' && local !== null && second !== null) {
        // The echo came back, so a server has said received; its line may still be on its way through the pipe.
        // Only a line since this client started counts: an earlier client may have had the same port.
        const answeredSince = (agent: AgentProcess<ServerMessage>, from: number) => (message: ServerMessage) =>
          agent.messages.indexOf(message) >= from && isTokenFrom(local)(message);
        await Promise.race([
          first.agent.waitFor(answeredSince(first.agent, firstFrom), timeouts.startupMs),
          second.agent.waitFor(answeredSince(second.agent, secondFrom), timeouts.startupMs),
        ]);
      }
      const exit = await client.finish(clientExitGraceMs);
      dials.push({ target: target.address, client: { messages: client.messages, exit }, firstFrom, secondFrom });
    }
    const [secondExit, firstExit] = await Promise.all([second?.agent.finish(serverExitGraceMs), first.agent.finish(serverExitGraceMs)]);
    const evidence: CoexistEvidence = {
      port,
      first: { messages: first.agent.messages, exit: firstExit },
      second: second === null || secondExit === undefined ? null : { messages: second.agent.messages, exit: secondExit },
      dials,
    };
    return { cell, outcome: classifyCoexist(evidence), durationMs: Math.round(performance.now() - started) };
  } finally {
    releasePort(cell.transport, port);
  }
};

/** Two servers on one port, and which of them each target reaches. */
export const coexistKind: CellKindRunner<CoexistCell> = { run: runCoexist };
