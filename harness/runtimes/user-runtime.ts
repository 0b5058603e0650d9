import { execa } from 'execa';
import type { Runtime } from '../../matrix/runtimes.js';
import type { AgentCommand } from '../agent-launch.js';
import { checkAgents } from '../conformance/check-agents.js';
import type { RuntimeProbe } from './runtime.js';

// A runtime a user adds without code (--runtimes-file): its agent commands speak a built-in runtime's
// dialect of the protocol, and it is admitted only once its agents pass the conformance checker.

/** A user's runtime: its name, the built-in runtime whose instructions its agents take, and its commands. */
export interface UserRuntimeDefinition {
  name: string;
  like: Runtime;
  server: AgentCommand;
  client: AgentCommand;
  /** A command whose first line of output is the version, e.g. `node --version`. */
  version: AgentCommand;
  /** Where it was defined, for messages: the runtimes file. */
  source: string;
}

const firstLine = (text: string): string => text.trim().split('\n')[0]?.trim() ?? '';

/** Prepare a user's runtime: ask its version, then run its agents through the conformance checker. */
export const prepareUserRuntime = async (definition: UserRuntimeDefinition, signal?: AbortSignal): Promise<RuntimeProbe> => {
  const where = `runtime ${definition.name} (${definition.source})`;
  const probe = await execa(definition.version.file, [...definition.version.args], { reject: false, timeout: 15_000, stdin: 'ignore' });
  const version = firstLine(probe.stdout) || firstLine(probe.stderr);
  if (probe.failed || version === '') {
    const why = probe.code === 'ENOENT' ? `${definition.version.file} not found` : probe.shortMessage;
    return { ok: false, reason: `${where}: its version command gave no version (${why}); fix "version" in the file` };
  }
  const failures = await checkAgents(
    { server: definition.server, client: definition.client },
    { runtime: definition.like, ...(signal ? { signal } : {}) },
  );
  const [first] = failures;
  if (first !== undefined) {
    const more = failures.length > 1 ? ` (and ${failures.length - 1} more)` : '';
    return {
      ok: false,
      reason: `${where}: its ${first.side} agent fails the conformance check, ${first.scenario}: ${first.rule}: ${first.reason}${more}. See harness/PROTOCOL.md`,
    };
  }
  return {
    ok: true,
    runtime: { version, agent: (side) => definition[side], bare: definition.version },
  };
};
