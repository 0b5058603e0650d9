import type { Runtime } from '../../matrix/runtimes.js';
import type { Side } from '../outcome.js';
import { nodeRuntime } from './node.js';
import type { AgentCommand, RuntimeAgents } from './runtime.js';

// Every runtime's agents, by the runtime names of matrix/runtimes.ts: adding a runtime is its file here and a line.

/** The agents of each runtime; the compiler asks for an entry for every `Runtime`. */
export const runtimeAgents = {
  node: nodeRuntime,
} as const satisfies Record<Runtime, RuntimeAgents>;

/** Which agent plays one side of a cell, by the side and the endpoint's runtime. */
export type AgentChooser = (side: Side, runtime: Runtime) => AgentCommand;

/** The runtime's own agent for each side: what every run uses; tests may swap in broken ones. */
export const builtInAgents: AgentChooser = (side, runtime) => runtimeAgents[runtime].agent(side);
