import { randomBytes } from 'node:crypto';
import type { Runtime } from '../../matrix/runtimes.js';
import type { AgentLaunch } from '../agent-launch.js';
import { type AgentExit, type AgentProcess, startAgent } from '../agent-process.js';
import type { Side } from '../outcome.js';
import type { LineParser } from '../parse-message.js';
import { agentHardLimitMs, type Timeouts } from '../timeouts.js';
import type { ConformanceRule, Finding } from './rules.js';

// What every conformance scenario shares: how it is run, how it starts its one agent, and the
// findings about bad lines that end a scenario's judgement.

/** What a scenario runs with. */
export interface ScenarioContext {
  /** The runtime named in the instructions' endpoint. */
  runtime: Runtime;
  timeouts: Timeouts;
  signal: AbortSignal;
}

/** One scenario: one agent against the checker's own sockets; it returns the rules the agent broke. */
export interface Scenario {
  /** What it does, in a few words. */
  title: string;
  run(command: AgentLaunch, context: ScenarioContext): Promise<Finding[]>;
}

/** A fresh token, shaped like the harness's. */
export const scenarioToken = (): string => `sockmatrix:${randomBytes(8).toString('hex')}`;

/** How long the checker waits for an echo from a server agent: far longer than loopback ever takes. */
export const checkerExchangeMs = (timeouts: Timeouts): number => timeouts.connectMs + timeouts.exchangeMs;

/** Start the scenario's agent as the harness starts a cell's. */
export const startScenarioAgent = <Message>(
  command: AgentLaunch,
  instructions: unknown,
  parseLine: LineParser<Message>,
  context: ScenarioContext,
): AgentProcess<Message> =>
  startAgent(command, instructions, parseLine, { cancelSignal: context.signal, hardLimitMs: agentHardLimitMs(context.timeouts) });

/** One finding per line that is not a protocol message; the rest of a scenario is not judged once there is one. */
export const badLineFindings = (side: Side, rule: ConformanceRule, exit: AgentExit): Finding[] =>
  exit.protocolErrors.map(({ line, reason }) => ({
    rule,
    reason: `the ${side} agent wrote a line that is not a protocol message (${reason}): ${line}`,
  }));

/** How a process ended, for a reason: `exited with code 3`, `was killed by SIGKILL`. */
export const howItEnded = (exit: AgentExit): string =>
  exit.spawnError !== null
    ? `could not be started (${exit.spawnError})`
    : exit.signal !== null
      ? `was killed by ${exit.signal}`
      : `exited with code ${exit.exitCode}`;

/** An address as a reason quotes it. */
export const shownAddress = (address: { address: string; port: number; family: number } | null): string =>
  address === null ? 'null' : `${address.address} port ${address.port} family ${address.family}`;
