import { randomBytes } from 'node:crypto';
import { type PairCell, runtimeName } from '../../matrix/dimensions.js';
import { startAgent } from '../agent-process.js';
import type { CellResult, CellRunOptions } from '../kinds/kind.js';
import { clientVerdict, serverObservation, serverVerdict } from '../kinds/pair-classify.js';
import type { ClientObservation, Observations, Outcome, ServerObservation } from '../outcome.js';
import { parseClientMessage, parseServerMessage } from '../parse-message.js';
import { releasePort, reservePort } from '../ports.js';
import type { ClientInstructions, ServerInstructions } from '../protocol.js';
import { agentHardLimitMs, clientExitGraceMs, clientWatchdogMs, serverExitGraceMs, type Timeouts } from '../timeouts.js';
import { type ClientProgramRun, runClientProgram } from './client-program.js';
import { lastWords, programFailureCode } from './output-code.js';

// A pairing with a user's program on a side: its server, started once per row and dialed by an agent (or by the user's
// client); or its client, dialing an agent's server. The program says nothing of the protocol: the system shows where
// a server listens, and a client's exit status says whether it connected.

/** The client side of a cell whose client is a user's program: what the system showed of it, nothing resolved or seen. */
const programClientObservation = (run: ClientProgramRun): ClientObservation => ({
  resolved: null,
  local: null,
  remote: null,
  attempts: [],
  program: run.observation,
});

/** A user's client program's result: exit 0 is connected; otherwise what its output names, where the server saw it get. */
const programClientOutcome = (run: ClientProgramRun, server: ServerObservation | null, name: string, limitMs: number): Outcome => {
  const observations: Observations = { server, client: programClientObservation(run) };
  if (run.exit?.code === 0) return { status: 'connected', observations };
  // Phase: past the connection where the server received something from it; else the connection itself, as far as anyone saw.
  const phase = server?.received === true ? 'exchange' : 'client-connect';
  if (run.exit === null) {
    return {
      status: 'failed',
      phase,
      code: 'ETIMEDOUT',
      message: `${name} was still running after ${limitMs} ms and was stopped`,
      observations,
    };
  }
  const how = run.exit.signal !== null ? `was killed by ${run.exit.signal}` : `exited with status ${run.exit.code}`;
  const words = lastWords(run.observation.output);
  return {
    status: 'failed',
    phase,
    code: programFailureCode(run.observation.output, run.exit),
    message: `${name} ${how}${words === '' ? '' : `: ${words}`}`,
    observations,
  };
};

const spawnOptions = (timeouts: Timeouts, signal: AbortSignal) => ({ cancelSignal: signal, hardLimitMs: agentHardLimitMs(timeouts) });

/** A cell whose server is a user's program: the row's start of it, dialed by this cell's client. */
const againstProgramServer = async (cell: PairCell, { agents, timeouts, signal, programServers }: CellRunOptions): Promise<Outcome> => {
  if (programServers === undefined) throw new Error('sockmatrix bug: a program server cell ran without the run’s program servers');
  const { session, release } = await programServers.lease(cell.server);
  try {
    const server = session.observation();
    if (!session.state.ready) {
      const { code, message } = session.state;
      return { status: 'failed', phase: 'server-bind', code, message, observations: { server, client: null } };
    }
    const limitMs = clientWatchdogMs(timeouts);
    if (cell.client.program !== undefined) {
      const run = await runClientProgram(cell.client, session.port, { limitMs, signal });
      return programClientOutcome(run, session.observation(), runtimeName(cell.client), limitMs);
    }
    const instructions: ClientInstructions = {
      transport: cell.transport,
      client: cell.client,
      port: session.port,
      token: `sockmatrix:${randomBytes(8).toString('hex')}`,
      connectTimeoutMs: timeouts.connectMs,
      exchangeTimeoutMs: timeouts.exchangeMs,
      probe: cell.server.program?.probe ?? 'connect',
    };
    const client = startAgent(agents('client', runtimeName(cell.client)), instructions, parseClientMessage, spawnOptions(timeouts, signal));
    if ((await client.waitFor(() => true, limitMs)) === null) client.killAsHung();
    const exit = await client.finish(clientExitGraceMs);
    const [result] = client.messages;
    const observations: Observations = { server: session.observation(), client: result?.observation ?? null };
    return clientVerdict({ messages: client.messages, exit }, observations, null);
  } finally {
    release();
  }
};

/** A cell whose client is a user's program and whose server is an agent: answering HTTP where the probe says so. */
const programClientAgainstAgent = async (cell: PairCell, { agents, timeouts, signal }: CellRunOptions): Promise<Outcome> => {
  const port = await reservePort(cell.transport);
  try {
    const instructions: ServerInstructions = {
      transport: cell.transport,
      server: cell.server,
      port,
      token: `sockmatrix:${randomBytes(8).toString('hex')}`,
      ...(cell.client.program?.probe === 'http' ? { answer: 'http' as const } : {}),
    };
    const server = startAgent(agents('server', runtimeName(cell.server)), instructions, parseServerMessage, spawnOptions(timeouts, signal));
    const first = await server.waitFor(() => true, timeouts.startupMs);
    if (first === null) server.killAsHung();
    const limitMs = clientWatchdogMs(timeouts);
    const run = first?.event === 'ready' ? await runClientProgram(cell.client, port, { limitMs, signal }) : null;
    const serverExit = await server.finish(serverExitGraceMs);
    const observations: Observations = {
      server: serverObservation(server.messages),
      client: run === null ? null : programClientObservation(run),
    };
    const decided = serverVerdict(port, { messages: server.messages, exit: serverExit }, observations);
    if (decided !== null) return decided;
    if (run === null) throw new Error('sockmatrix bug: a ready server had no client');
    return programClientOutcome(run, observations.server, runtimeName(cell.client), limitMs);
  } finally {
    releasePort(cell.transport, port);
  }
};

/** Run a cell with a user's program on either side. */
export const runProgramPair = async (cell: PairCell, options: CellRunOptions): Promise<CellResult> => {
  const started = performance.now();
  const outcome =
    cell.server.program !== undefined ? await againstProgramServer(cell, options) : await programClientAgainstAgent(cell, options);
  return { cell, outcome, durationMs: Math.round(performance.now() - started) };
};
