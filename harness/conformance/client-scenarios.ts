import type { Transport } from '../../matrix/dimensions.js';
import type { AgentLaunch } from '../agent-launch.js';
import type { AgentExit } from '../agent-process.js';
import { clientSequenceViolation } from '../message-sequence.js';
import type { ClientObservation } from '../outcome.js';
import { parseClientMessage } from '../parse-message.js';
import { releasePort, reservePort } from '../ports.js';
import type { ClientInstructions, ClientMessage } from '../protocol.js';
import { clientExitGraceMs, clientWatchdogMs } from '../timeouts.js';
import { type EchoServer, startEchoServer } from './echo-server.js';
import type { ConformanceRule, Finding } from './rules.js';
import {
  badLineFindings,
  howItEnded,
  type Scenario,
  type ScenarioContext,
  scenarioToken,
  shownAddress,
  startScenarioAgent,
} from './scenario.js';

// The client agent's scenarios: the checker plays the server, with its own sockets, so every finding is the client's.

// TEST-NET-1 (RFC 5737): reserved for documentation and never routed, so even a client that fails
// to refuse it sends nothing that reaches anyone.
const nonLoopbackTarget = '192.0.2.1';

/** A finding about what the client agent did. */
const client = (rule: ConformanceRule, what: string): Finding => ({ rule, reason: `the client agent ${what}` });

const clientInstructions = (context: ScenarioContext, transport: Transport, address: string, port: number): ClientInstructions => ({
  transport,
  // UDP clients choose their socket type by family; a TCP client to a literal needs none.
  client: { runtime: context.runtime, address, family: transport === 'udp' ? 4 : null, lookup: null },
  port,
  token: scenarioToken(),
  connectTimeoutMs: context.timeouts.connectMs,
  exchangeTimeoutMs: context.timeouts.exchangeMs,
});

/** Run the client to its result and exit; the findings every client scenario shares, and its one result if it gave one. */
const runClient = async (
  command: AgentLaunch,
  instructions: ClientInstructions,
  context: ScenarioContext,
): Promise<{ findings: Finding[]; result: ClientMessage | null }> => {
  const agent = startScenarioAgent(command, instructions, parseClientMessage, context);
  const watchdogMs = clientWatchdogMs(context.timeouts);
  const first = await agent.waitFor(() => true, watchdogMs);
  const silent = first === null && !agent.ended;
  const exit = await agent.finish(clientExitGraceMs);
  const badLines = badLineFindings('client', 'client-lines-parse', exit);
  if (badLines.length > 0) return { findings: badLines, result: null };

  const findings: Finding[] = [];
  const outOfOrder = clientSequenceViolation(agent.messages);
  if (silent) findings.push(client('client-one-result', `wrote no result within ${watchdogMs} ms`));
  else if (outOfOrder !== null) findings.push(client('client-one-result', outOfOrder));
  findings.push(...exitFindings(exit, silent));
  return { findings, result: agent.messages.length === 1 ? (agent.messages[0] ?? null) : null };
};

/** How a client ended after its result (one that wrote none is the result rule's). */
const exitFindings = (exit: AgentExit, silent: boolean): Finding[] => {
  if (exit.killedAsHung && !silent) return [client('client-exit', `did not exit within ${clientExitGraceMs} ms of writing its result`)];
  if (!exit.killedAsHung && exit.exitCode !== 0) return [client('client-exit', `${howItEnded(exit)}; it must exit 0`)];
  return [];
};

const shownFailure = (result: Extract<ClientMessage, { event: 'failed' }>): string =>
  `failed at ${result.phase} with ${result.code} (${result.message})`;

/** What a connected client's observation must say about a connection to 127.0.0.1:port, and whether its token arrived. */
const connectedFindings = (observation: ClientObservation, echo: EchoServer, token: string): Finding[] => {
  const findings: Finding[] = [];
  const connected = (reason: string): void => {
    findings.push(client('client-connected', `said connected, but ${reason}`));
  };
  const expectedRemote = { address: '127.0.0.1', port: echo.port, family: 4 };
  if (shownAddress(observation.remote) !== shownAddress(expectedRemote)) {
    connected(`its observation.remote is ${shownAddress(observation.remote)}; it dialled ${shownAddress(expectedRemote)}`);
  }
  if (observation.local === null || observation.local.address !== '127.0.0.1' || observation.local.family !== 4) {
    connected(`its observation.local is ${shownAddress(observation.local)}; a socket connected to 127.0.0.1 is on 127.0.0.1, family 4`);
  }
  if (observation.resolved !== null) connected(`its observation.resolved is not null for the literal target 127.0.0.1`);

  const arrival = echo.arrivals.find((candidate) => candidate.payload === token);
  if (arrival === undefined) {
    const what = echo.arrivals.length === 0 ? 'received nothing' : 'received something, but not its token';
    findings.push(client('client-token-arrived', `said connected, but the checker's server ${what}`));
  } else if (observation.local !== null && arrival.peer.port !== observation.local.port) {
    connected(`its observation.local port ${observation.local.port} is not the port its token came from (${arrival.peer.port})`);
  }
  return findings;
};

/** A client over one transport against the checker's echo server on 127.0.0.1: connected, its observation, its token there and back. */
const connectScenario =
  (transport: Transport): Scenario['run'] =>
  async (command, context) => {
    const instructions = clientInstructions(context, transport, '127.0.0.1', 0);
    const echo = await startEchoServer(transport, instructions.token.length);
    try {
      const { findings, result } = await runClient(command, { ...instructions, port: echo.port }, context);
      if (result?.event === 'failed') {
        findings.push(client('client-connected', `${shownFailure(result)} against a listening echo server`));
      } else if (result?.event === 'connected') {
        findings.push(...connectedFindings(result.observation, echo, instructions.token));
      }
      return findings;
    } finally {
      await echo.close();
    }
  };

/** A TCP client to a port on 127.0.0.1 where nothing listens: failed at client-connect with ECONNREFUSED. */
const closedPortScenario: Scenario['run'] = async (command, context) => {
  const port = await reservePort('tcp');
  try {
    const { findings, result } = await runClient(command, clientInstructions(context, 'tcp', '127.0.0.1', port), context);
    if (result === null) return findings;
    if (result.event === 'connected') {
      findings.push(client('client-refused', 'said connected to a port where nothing listens'));
    } else if (result.phase !== 'client-connect' || result.code !== 'ECONNREFUSED') {
      findings.push(client('client-refused', `${shownFailure(result)}; expected client-connect with ECONNREFUSED`));
    }
    return findings;
  } finally {
    releasePort('tcp', port);
  }
};

/** A TCP client told to dial 192.0.2.1: refused at client-resolve with ENOTLOOPBACK, before any socket. */
const nonLoopbackScenario: Scenario['run'] = async (command, context) => {
  const { findings, result } = await runClient(command, clientInstructions(context, 'tcp', nonLoopbackTarget, 9), context);
  if (result === null) return findings;
  const refuse = (what: string): void => {
    findings.push({ rule: 'client-loopback-only', reason: `the client agent, told to dial ${nonLoopbackTarget}, ${what}` });
  };
  if (result.event === 'connected') refuse('said connected');
  else if (result.phase !== 'client-resolve' || result.code !== 'ENOTLOOPBACK') {
    refuse(`${shownFailure(result)}; expected client-resolve with ENOTLOOPBACK`);
  }
  const { local, remote, attempts } = result.observation;
  if (local !== null || remote !== null || attempts.length > 0) {
    refuse(
      `observed local ${shownAddress(local)}, remote ${shownAddress(remote)} and ${attempts.length} attempts; a refusal makes no socket`,
    );
  }
  return findings;
};

// Far past the grace: a client that leaves only when its exchange limit runs out cannot pass by luck.
const stdinClosedExchangeMs = 60_000;

/**
 * A TCP client waiting for an echo the checker's silent server never sends, when its stdin closes: it
 * exits at once, its parent being gone, long before its exchange limit. Its output is not judged.
 */
const stdinClosedScenario: Scenario['run'] = async (command, context) => {
  const silent = await startEchoServer('tcp', scenarioToken().length, { silent: true });
  try {
    const instructions = { ...clientInstructions(context, 'tcp', '127.0.0.1', silent.port), exchangeTimeoutMs: stdinClosedExchangeMs };
    const agent = startScenarioAgent(command, instructions, parseClientMessage, context);
    // Once its token has arrived the client is surely waiting for the echo: a known point, not a delay.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      silent.arrived,
      agent.exited,
      new Promise((resolve) => {
        timer = setTimeout(resolve, clientWatchdogMs(context.timeouts));
      }),
    ]);
    clearTimeout(timer);
    const waiting = silent.arrivals.length > 0 && !agent.ended;
    const exit = await agent.finish(clientExitGraceMs);
    if (!exit.killedAsHung) return [];
    const what = waiting ? ' (it was waiting for an echo)' : '';
    return [client('client-stdin-closed', `did not exit within ${clientExitGraceMs} ms of its stdin closing${what}`)];
  } finally {
    await silent.close();
  }
};

/** The client agent's scenarios, by name; the keys are the `ClientScenario` type. */
export const clientScenarios = {
  'tcp-connect': { title: "a TCP client to the checker's echo server on 127.0.0.1", run: connectScenario('tcp') },
  'udp-connect': { title: "a UDP client to the checker's echo server on 127.0.0.1", run: connectScenario('udp') },
  'closed-port': { title: 'a TCP client to a port on 127.0.0.1 where nothing listens', run: closedPortScenario },
  'non-loopback': { title: `a TCP client told to dial ${nonLoopbackTarget}`, run: nonLoopbackScenario },
  'stdin-closed': { title: 'a TCP client whose stdin closes while it waits for an echo', run: stdinClosedScenario },
} as const satisfies Record<string, Scenario>;

/** A client scenario's name, e.g. `tcp-connect`. */
export type ClientScenario = keyof typeof clientScenarios;
