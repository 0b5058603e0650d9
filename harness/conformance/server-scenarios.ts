import net from 'node:net';
import type { Transport } from '../../matrix/dimensions.js';
import type { AgentExit } from '../agent-process.js';
import { readyPortMismatch, serverSequenceViolation } from '../message-sequence.js';
import { parseServerMessage } from '../parse-message.js';
import { releasePort, reservePort } from '../ports.js';
import type { ServerInstructions, ServerMessage } from '../protocol.js';
import { serverExitGraceMs } from '../timeouts.js';
import type { ConformanceRule, Finding } from './rules.js';
import {
  badLineFindings,
  checkerExchangeMs,
  howItEnded,
  type Scenario,
  type ScenarioContext,
  scenarioToken,
  shownAddress,
  startScenarioAgent,
} from './scenario.js';
import { exchangeToken, type TokenExchange } from './token-exchange.js';

// The server agent's scenarios: the checker plays the client, with its own sockets, so every finding is the server's.

type Ready = Extract<ServerMessage, { event: 'ready' }>;

/** A finding about what the server agent did. */
const server = (rule: ConformanceRule, what: string): Finding => ({ rule, reason: `the server agent ${what}` });

const serverOn127 = (context: ScenarioContext, transport: Transport, port: number): ServerInstructions => ({
  transport,
  server: { runtime: context.runtime, address: '127.0.0.1', family: 4, ipv6Only: null },
  port,
  token: scenarioToken(),
});

/** The order rule the server's messages break, as a finding. */
const orderFindings = (messages: readonly ServerMessage[]): Finding[] => {
  const outOfOrder = serverSequenceViolation(messages);
  return outOfOrder === null ? [] : [server('server-order', outOfOrder)];
};

/** Why there was no ready: what the server did instead (a first line out of order is the order rule's). */
const noReady = (first: ServerMessage | null, silent: boolean, exit: AgentExit, context: ScenarioContext): Finding => {
  if (first?.event === 'bind-error')
    return server('server-ready', `said bind-error (${first.code}: ${first.message}) binding a free port on 127.0.0.1`);
  if (silent) return server('server-ready', `said nothing within ${context.timeouts.startupMs} ms of its start`);
  return server('server-ready', `${howItEnded(exit)} without saying ready`);
};

/** What a server's ready must say when told 127.0.0.1 and a port. */
const readyFindings = (ready: Ready, port: number): Finding[] => {
  const mismatch = readyPortMismatch(ready, port);
  if (mismatch !== null) return [server('server-ready', mismatch)];
  const told = { address: '127.0.0.1', port, family: 4 };
  if (ready.bound.address === told.address && ready.bound.family === told.family) return [];
  return [server('server-ready', `said ready on ${shownAddress(ready.bound)}; it was told ${shownAddress(told)}`)];
};

/** What the checker's exchange with the server shows about its echo. */
const echoFindings = (exchange: TokenExchange, token: string, waitMs: number): Finding[] => {
  if (exchange.echo === token) return [];
  if (exchange.echo !== null) return [server('server-echo', `sent back ${JSON.stringify(exchange.echo.slice(0, 60))}, not the token`)];
  if (exchange.error === null) return [server('server-echo', `sent nothing back within ${waitMs} ms`)];
  return [{ rule: 'server-echo', reason: `the checker's socket got ${exchange.error} from the server agent instead of the echo` }];
};

/** What the server's received and replied lines must say about the checker's exchange, whose echo came back. */
const receivedFindings = (messages: readonly ServerMessage[], exchange: TokenExchange, token: string): Finding[] => {
  const findings: Finding[] = [];
  const received = messages.filter((message) => message.event === 'received');
  const matched = received.find((message) => message.payloadMatched);
  const bytes = Buffer.byteLength(token);
  if (received.length === 0) findings.push(server('server-received', 'never said received, though the token reached it'));
  else if (matched === undefined) findings.push(server('server-received', 'said received with payloadMatched false for its own token'));
  else if (matched.bytes !== bytes)
    findings.push(server('server-received', `said it received ${matched.bytes} bytes; the token is ${bytes}`));
  else if (exchange.local !== null && shownAddress(matched.peer) !== shownAddress(exchange.local)) {
    findings.push(
      server('server-received', `said the peer was ${shownAddress(matched.peer)}; the checker's socket is ${shownAddress(exchange.local)}`),
    );
  }
  if (!messages.some((message) => message.event === 'replied'))
    findings.push(server('server-replied', 'never said replied, though its echo came back'));
  return findings;
};

// Whether a server left before its stdin closed cannot be told without a timed wait; one gone before
// its client came is caught by the echo.
/** How a server ended: with code 0, within the grace after its stdin closed. */
const exitFindings = (exit: AgentExit): Finding[] => {
  if (exit.killedAsHung) return [server('server-exit', `did not exit within ${serverExitGraceMs} ms of its stdin closing`)];
  if (exit.exitCode !== 0) return [server('server-exit', `${howItEnded(exit)}; it must exit 0`)];
  return [];
};

/** A server on 127.0.0.1 over one transport: ready, echo, received, replied, and a prompt exit. */
const echoScenario =
  (transport: Transport): Scenario['run'] =>
  async (command, context) => {
    const port = await reservePort(transport);
    try {
      const instructions = serverOn127(context, transport, port);
      const { token } = instructions;
      const waitMs = checkerExchangeMs(context.timeouts);
      const agent = startScenarioAgent(command, instructions, parseServerMessage, context);
      const first = await agent.waitFor(() => true, context.timeouts.startupMs);
      const silent = first === null && !agent.ended;
      const exchange = first?.event === 'ready' ? await exchangeToken(transport, port, token, waitMs) : null;
      // The echo can come back before the server's replied line does: give the line the same wait.
      if (exchange?.echo === token) await agent.waitFor((message) => message.event === 'replied', waitMs);
      // A second client, once the first is done: two servers on one port dial each server several times.
      const again = exchange?.echo === token ? await exchangeToken(transport, port, token, waitMs) : null;
      const exit = await agent.finish(serverExitGraceMs);
      const badLines = badLineFindings('server', 'server-lines-parse', exit);
      if (badLines.length > 0) return badLines;

      const findings = orderFindings(agent.messages);
      if (first?.event === 'ready' && exchange !== null) {
        findings.push(...readyFindings(first, port), ...echoFindings(exchange, token, waitMs));
        if (exchange.echo === token) findings.push(...receivedFindings(agent.messages, exchange, token));
        if (again !== null && again.echo !== token) {
          findings.push(
            server('server-serves-again', `did not echo a second client (${again.error ?? 'nothing came back'}) after serving a first`),
          );
        }
      } else if (first === null || first.event === 'bind-error') {
        findings.push(noReady(first, silent, exit, context));
      }
      findings.push(...exitFindings(exit));
      return findings;
    } finally {
      releasePort(transport, port);
    }
  };

/** A TCP listener of the checker's own on 127.0.0.1, holding a port for a server agent to fail to bind. */
const holdPort = (): Promise<{ port: number; release: () => Promise<void> }> =>
  new Promise((resolve, reject) => {
    const holder = net.createServer();
    holder.once('error', reject);
    holder.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = holder.address() as net.AddressInfo;
      resolve({ port, release: () => new Promise((released) => holder.close(() => released())) });
    });
  });

/** A TCP server told to bind a port the checker already holds: bind-error EADDRINUSE, nothing after, exit 0. */
const heldPortScenario: Scenario['run'] = async (command, context) => {
  const held = await holdPort();
  try {
    const agent = startScenarioAgent(command, serverOn127(context, 'tcp', held.port), parseServerMessage, context);
    const first = await agent.waitFor(() => true, context.timeouts.startupMs);
    const silent = first === null && !agent.ended;
    const exit = await agent.finish(serverExitGraceMs);
    const badLines = badLineFindings('server', 'server-lines-parse', exit);
    if (badLines.length > 0) return badLines;

    const findings = orderFindings(agent.messages);
    if (first?.event === 'bind-error' && first.code !== 'EADDRINUSE') {
      findings.push(
        server('server-bind-error', `said bind-error with code ${first.code} for a port another socket holds; expected EADDRINUSE`),
      );
    } else if (first?.event === 'ready') {
      findings.push(
        server('server-bind-error', `said ready on 127.0.0.1 port ${held.port}, which the checker holds; it must say bind-error`),
      );
    } else if (first === null) {
      const what = silent ? `said nothing within ${context.timeouts.startupMs} ms` : `${howItEnded(exit)} without a line`;
      findings.push(server('server-bind-error', `${what}, told to bind a port another socket holds`));
    }
    // After bind-error a server may leave at once: only a hang or a code other than 0 is wrong.
    findings.push(...exitFindings(exit));
    return findings;
  } finally {
    await held.release();
  }
};

// TEST-NET-1 (RFC 5737): never local, so even a server that fails to refuse it cannot bind it.
const nonLoopbackBind = '192.0.2.1';

/** A TCP server told to bind 192.0.2.1: bind-error ENOTLOOPBACK, nothing after, exit 0. */
const nonLoopbackScenario: Scenario['run'] = async (command, context) => {
  const port = await reservePort('tcp');
  try {
    const instructions: ServerInstructions = {
      ...serverOn127(context, 'tcp', port),
      server: { runtime: context.runtime, address: nonLoopbackBind, family: 4, ipv6Only: null },
    };
    const agent = startScenarioAgent(command, instructions, parseServerMessage, context);
    const first = await agent.waitFor(() => true, context.timeouts.startupMs);
    const silent = first === null && !agent.ended;
    const exit = await agent.finish(serverExitGraceMs);
    const badLines = badLineFindings('server', 'server-lines-parse', exit);
    if (badLines.length > 0) return badLines;

    const findings = orderFindings(agent.messages);
    const told = `told to bind ${nonLoopbackBind}`;
    if (first?.event === 'bind-error' && first.code !== 'ENOTLOOPBACK') {
      findings.push(server('server-loopback-only', `said bind-error with code ${first.code}, ${told}; expected ENOTLOOPBACK`));
    } else if (first?.event === 'ready') {
      findings.push(
        server('server-loopback-only', `said ready on ${shownAddress(first.bound)}, ${told}; it must refuse with ENOTLOOPBACK`),
      );
    } else if (first === null) {
      const what = silent ? `said nothing within ${context.timeouts.startupMs} ms` : `${howItEnded(exit)} without a line`;
      findings.push(server('server-loopback-only', `${what}, ${told}`));
    }
    findings.push(...exitFindings(exit));
    return findings;
  } finally {
    releasePort('tcp', port);
  }
};

/** The server agent's scenarios, by name; the keys are the `ServerScenario` type. */
export const serverScenarios = {
  'tcp-echo': { title: 'a TCP server on 127.0.0.1, the checker as its client', run: echoScenario('tcp') },
  'udp-echo': { title: 'a UDP server on 127.0.0.1, the checker as its client', run: echoScenario('udp') },
  'held-port': { title: 'a TCP server told to bind a port the checker holds', run: heldPortScenario },
  'non-loopback': { title: `a TCP server told to bind ${nonLoopbackBind}`, run: nonLoopbackScenario },
} as const satisfies Record<string, Scenario>;

/** A server scenario's name, e.g. `tcp-echo`. */
export type ServerScenario = keyof typeof serverScenarios;
