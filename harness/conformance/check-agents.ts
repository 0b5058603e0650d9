import type { Runtime } from '../../matrix/runtimes.js';
import type { AgentLaunch } from '../agent-launch.js';
import { defaultTimeouts, type Timeouts } from '../timeouts.js';
import { type ClientScenario, clientScenarios } from './client-scenarios.js';
import type { ConformanceRule } from './rules.js';
import type { Scenario, ScenarioContext } from './scenario.js';
import { type ServerScenario, serverScenarios } from './server-scenarios.js';

// The conformance checker: runs an agent through real loopback scenarios, the checker's own sockets at
// the other end, and lists every rule of PROTOCOL.md it broke. An empty list means it conforms.

/** How to check: the runtime named in the instructions, the harness's timeouts, and a way to stop. */
export interface ConformanceOptions {
  runtime: Runtime;
  /** The defaults when absent, as a run uses. */
  timeouts?: Timeouts;
  signal?: AbortSignal;
}

/** One rule an agent broke: in which scenario, and what it did. */
export type RuleFailure =
  | { side: 'server'; scenario: ServerScenario; rule: ConformanceRule; reason: string }
  | { side: 'client'; scenario: ClientScenario; rule: ConformanceRule; reason: string };

const contextOf = (options: ConformanceOptions): ScenarioContext => ({
  runtime: options.runtime,
  timeouts: options.timeouts ?? defaultTimeouts,
  signal: options.signal ?? new AbortController().signal,
});

// One after another: each scenario's findings are then about that scenario alone, whatever the load.
const runEach = async <Name extends string>(
  scenarios: Record<Name, Scenario>,
  names: readonly Name[],
  command: AgentLaunch,
  context: ScenarioContext,
): Promise<{ scenario: Name; rule: ConformanceRule; reason: string }[]> => {
  const failures: { scenario: Name; rule: ConformanceRule; reason: string }[] = [];
  for (const name of names) {
    for (const finding of await scenarios[name].run(command, context)) failures.push({ scenario: name, ...finding });
  }
  return failures;
};

/** Every server scenario's name, in the order they run. */
export const serverScenarioNames = Object.keys(serverScenarios) as ServerScenario[];

/** Every client scenario's name, in the order they run. */
export const clientScenarioNames = Object.keys(clientScenarios) as ClientScenario[];

/** Check a server agent in the scenarios named (all of them by default). */
export const checkServerAgent = async (
  command: AgentLaunch,
  options: ConformanceOptions,
  names: readonly ServerScenario[] = serverScenarioNames,
): Promise<RuleFailure[]> =>
  (await runEach(serverScenarios, names, command, contextOf(options))).map((failure) => ({ side: 'server', ...failure }));

/** Check a client agent in the scenarios named (all of them by default). */
export const checkClientAgent = async (
  command: AgentLaunch,
  options: ConformanceOptions,
  names: readonly ClientScenario[] = clientScenarioNames,
): Promise<RuleFailure[]> =>
  (await runEach(clientScenarios, names, command, contextOf(options))).map((failure) => ({ side: 'client', ...failure }));

/** Check a runtime's two agents in every scenario; what they got wrong, server first. */
export const checkAgents = async (
  agents: { server: AgentLaunch; client: AgentLaunch },
  options: ConformanceOptions,
): Promise<RuleFailure[]> => [...(await checkServerAgent(agents.server, options)), ...(await checkClientAgent(agents.client, options))];
