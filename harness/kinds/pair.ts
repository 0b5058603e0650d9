import { randomBytes } from 'node:crypto';
import type { PairCell } from '../../matrix/dimensions.js';
import { type AgentExit, startAgent } from '../agent-process.js';
import { releasePort, reservePort } from '../ports.js';
import type { ClientInstructions, ClientMessage, ServerInstructions, ServerMessage } from '../protocol.js';
import { clientWatchdogMs, serverExitGraceMs } from '../timeouts.js';
import type { CellKindRunner, CellResult, CellRunOptions } from './kind.js';
import { classify } from './pair-classify.js';

// The pairing: a fresh server binds, then a fresh client dials it and waits for its token's echo.

/** Run one pairing: a fresh server, then a fresh client against it; both are always reaped. */
const runPair = async (cell: PairCell, { agents, timeouts, signal }: CellRunOptions): Promise<CellResult> => {
  const started = performance.now();
  const token = `sockmatrix:${randomBytes(8).toString('hex')}`;
  const port = await reservePort(cell.transport);
  const hardLimitMs = timeouts.startupMs + clientWatchdogMs(timeouts) + serverExitGraceMs;
  try {
    const serverInstructions: ServerInstructions = { transport: cell.transport, server: cell.server, port, token };
    const server = startAgent<ServerMessage>(agents('server', cell.server.runtime), serverInstructions, {
      cancelSignal: signal,
      hardLimitMs,
    });
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
      const clientAgent = startAgent<ClientMessage>(agents('client', cell.client.runtime), clientInstructions, {
        cancelSignal: signal,
        hardLimitMs,
      });
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

/** The server/client pairing, the matrix's first cell kind. */
export const pairKind: CellKindRunner<PairCell> = { run: runPair };
