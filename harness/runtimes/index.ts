import type { Runtime } from '../../matrix/runtimes.js';
import type { Side } from '../outcome.js';
import { nodeRuntime } from './node.js';
import { pythonRuntime } from './python.js';
import type { AgentCommand, PreparedRuntime, RuntimeAgents, RuntimeSettings } from './runtime.js';

// Every runtime's agents, by the runtime names of matrix/runtimes.ts: adding a runtime is its file here and a line.

/** The agents of each runtime; the compiler asks for an entry for every `Runtime`. */
export const runtimeAgents = {
  node: nodeRuntime,
  python: pythonRuntime,
} as const satisfies Record<Runtime, RuntimeAgents>;

/** Which agent plays one side of a cell, by the side and the endpoint's runtime. */
export type AgentChooser = (side: Side, runtime: Runtime) => AgentCommand;

/** The runtimes of a run, found on this machine; and those that are not, each with its reason. */
export interface PreparedRuntimes {
  ready: ReadonlyMap<Runtime, PreparedRuntime>;
  unavailable: { runtime: Runtime; reason: string }[];
}

/** Find each runtime once, all at once. */
export const prepareRuntimes = async (names: readonly Runtime[], settings: RuntimeSettings): Promise<PreparedRuntimes> => {
  const probes = await Promise.all(names.map(async (runtime) => ({ runtime, probe: await runtimeAgents[runtime].prepare(settings) })));
  const ready = new Map<Runtime, PreparedRuntime>();
  const unavailable: PreparedRuntimes['unavailable'] = [];
  for (const { runtime, probe } of probes) {
    if (probe.ok) ready.set(runtime, probe.runtime);
    else unavailable.push({ runtime, reason: probe.reason });
  }
  return { ready, unavailable };
};

/** The agents of prepared runtimes; asking for one that was not prepared is a sockmatrix bug. */
export const agentsOf =
  (prepared: PreparedRuntimes): AgentChooser =>
  (side, runtime) => {
    const found = prepared.ready.get(runtime);
    if (found === undefined) throw new Error(`sockmatrix bug: a ${runtime} cell ran although ${runtime} was not prepared`);
    return found.agent(side);
  };

/** Each prepared runtime's version, for the environment fingerprint. */
export const runtimeVersions = (prepared: PreparedRuntimes): Record<string, string> =>
  Object.fromEntries([...prepared.ready].map(([runtime, found]) => [runtime, found.version]));
