import type { Runtime } from '../../matrix/runtimes.js';
import type { AgentLaunch } from '../agent-launch.js';
import type { Side } from '../outcome.js';
import { nodeRuntime } from './node.js';
import { programRuntime } from './program.js';
import { pythonRuntime } from './python.js';
import type { PreparedRuntime, RuntimeAgents, RuntimeProbe, RuntimeSettings } from './runtime.js';
import { prepareUserRuntime, type UserRuntimeDefinition } from './user-runtime.js';

// Every runtime's agents, by the runtime names of matrix/runtimes.ts: adding a runtime is its file here and a line.

/** The agents of each runtime; the compiler asks for an entry for every `Runtime`. */
export const runtimeAgents = {
  node: nodeRuntime,
  python: pythonRuntime,
  program: programRuntime,
} as const satisfies Record<Runtime, RuntimeAgents>;

/** Which agent plays one side of a cell, by the side and the name of the runtime that plays it (`runtimeName`). */
export type AgentChooser = (side: Side, runtime: string) => AgentLaunch;

/** The runtimes of a run, by name, found on this machine; and those that are not, each with its reason. */
export interface PreparedRuntimes {
  ready: ReadonlyMap<string, PreparedRuntime>;
  unavailable: { runtime: string; reason: string }[];
}

const isBuiltIn = (name: string): name is Runtime => Object.hasOwn(runtimeAgents, name);

/**
 * Find each runtime once, all at once: a built-in one by its registry entry, a user's by its definition and
 * the conformance check, which an abort of `signal` cuts short (its runtime then reads as unavailable).
 */
export const prepareRuntimes = async (
  names: readonly string[],
  settings: RuntimeSettings,
  userRuntimes: readonly UserRuntimeDefinition[] = [],
  signal?: AbortSignal,
): Promise<PreparedRuntimes> => {
  const prepare = (name: string): Promise<RuntimeProbe> => {
    const user = userRuntimes.find((definition) => definition.name === name);
    if (user !== undefined) return prepareUserRuntime(user, signal);
    if (isBuiltIn(name)) return runtimeAgents[name].prepare(settings);
    return Promise.resolve({ ok: false, reason: `no runtime ${name}: the built-in ones are ${Object.keys(runtimeAgents).join(', ')}` });
  };
  const probes = await Promise.all(names.map(async (runtime) => ({ runtime, probe: await prepare(runtime) })));
  const ready = new Map<string, PreparedRuntime>();
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
