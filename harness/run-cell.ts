import { randomBytes } from 'node:crypto';
import type { Cell } from '../matrix/dimensions.js';
import type { AgentScripts } from './agent-paths.js';
import { type AgentExit, startAgent } from './agent-process.js';
import { classify } from './classify.js';
import type { Outcome } from './outcome.js';
import { releasePort, reservePort } from './ports.js';
import type { ClientInstructions, ClientMessage, ServerInstructions, ServerMessage } from './protocol.js';
import { clientWatchdogMs, serverExitGraceMs, type Timeouts } from './timeouts.js';

/** What one cell came to. */
export interface CellResult {
  cell: Cell;
  outcome: Outcome;
  durationMs: number;
}

/** How to run a cell: which agents, how long to wait, and when to give up. */
export interface CellRunOptions {
  agents: AgentScripts;
  timeouts: Timeouts;
  /** Aborted on Ctrl-C: the agents are killed and the cell is not recorded. */
  signal: AbortSignal;
}

/** Run one cell: a fresh server, then a fresh client against it; both are always reaped. */
export const runCell = async (cell: Cell, { agents, timeouts, signal }: CellRunOptions): Promise<CellResult> => {
  const started = performance.now();
  const token = `sockmatrix:${randomBytes(8).toString('hex')}`;
  const port = await reservePort(cell.transport);
  const hardLimitMs = timeouts.startupMs + clientWatchdogMs(timeouts) + serverExitGraceMs;
  try {
    const serverInstructions: ServerInstructions = { transport: cell.transport, server: cell.server, port, token };
    const server = startAgent<ServerMessage>(agents.server, serverInstructions, { cancelSignal: signal, hardLimitMs });
    const first = await server.waitFor((message) => message.event === 'ready' || message.event === 'bind-error', timeouts.startupMs);

    let client: { message: ClientMessage | null; exit: AgentExit } | null = null;
    if (first?.event === 'ready') {
      const clientInstructions: ClientInstructions = {
        transport: cell.transport,
        client: cell.client,
        port,
        token,
        connectTimeoutMs: timeouts.connectMs,
        exchangeTimeoutMs: timeouts.exchangeMs,
      };
      const clientAgent = startAgent<ClientMessage>(agents.client, clientInstructions, { cancelSignal: signal, hardLimitMs });
      const message = await clientAgent.waitFor(() => true, clientWatchdogMs(timeouts));
      client = { message, exit: await clientAgent.exited };
    }

    server.end();
    const serverGone = await Promise.race([server.exited.then(() => true), delay(serverExitGraceMs).then(() => false)]);
    if (!serverGone) server.killAsHung();
    const serverExit = await server.exited;
    return {
      cell,
      outcome: classify({ serverMessages: server.messages, serverExit, client }),
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    releasePort(cell.transport, port);
  }
};

const delay = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });
