import type { AgentEvents, AgentHandle } from './agent-handle.js';
import type { Side } from './outcome.js';

// How an agent is started, for whatever starts one: a command spawned fresh (spawn-agent.ts), or a fork server's
// launch (fork-server.ts). The runtimes (runtimes/) make them; agent-process.ts starts either.

/** How to start an agent: the program and its first arguments; the cell's instructions follow as one more argument. */
export interface AgentCommand {
  /** A fresh process of its own, spawned: every runtime's way, and where no fork server is (AgentLaunch). */
  launch?: 'spawn';
  file: string;
  args: readonly string[];
  /**
   * Variables of the harness's environment the agent starts without: what the interpreter would read at every
   * start for work no agent does (Node's NODE_EXTRA_CA_CERTS: a CA bundle parsed before the first line runs).
   */
  unsetEnvironment?: readonly string[];
}

/** A process that starts agents by forking itself (harness/fork-server.ts): the agent's process, and its end, as a spawn's. */
export interface AgentForker {
  /** Start one side's agent with these instructions (their JSON text), its output and end told to `events`. */
  launch(side: Side, instructions: string, events: AgentEvents): AgentHandle;
}

/** An agent forked by a runtime's fork server: still a process of its own, started in a fraction of a fresh start. */
export interface ForkServerLaunch {
  launch: 'fork-server';
  forkServer: AgentForker;
  side: Side;
}

/**
 * How an agent is started: spawned fresh from its command, or forked by its runtime's fork server. Only a runtime's
 * agents may be forked; what is run as a command (the floor's bare start, a user's runtime, a version) is a command.
 */
export type AgentLaunch = AgentCommand | ForkServerLaunch;

/** Each side's launch: forked by `forker`, or, where there is none, started fresh from its command. */
export const launchesOf = (fresh: Record<Side, AgentCommand>, forker: AgentForker | null): Record<Side, AgentLaunch> =>
  forker === null
    ? fresh
    : {
        server: { launch: 'fork-server', forkServer: forker, side: 'server' },
        client: { launch: 'fork-server', forkServer: forker, side: 'client' },
      };
