import type { AgentEvents, AgentHandle } from '../agent-handle.js';
import type { Side } from '../outcome.js';

// What the harness needs of a runtime: to find it on this machine once per run, then to start its agents.

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

/** A runtime found on this machine: its version, and its agent for each side. */
export interface PreparedRuntime {
  /** The version, as the runtime says it (`v20.20.2`, `3.11.7`): never a path, reports go to public tickets. */
  version: string;
  agent(side: Side): AgentLaunch;
  /** The interpreter started with nothing to do, as the agents start it: the floor an agent's start-up cannot beat. */
  bare: AgentCommand;
}

/** A runtime ready to run, or why it cannot run here, in one line that says how to point sockmatrix at one. */
export type RuntimeProbe = { ok: true; runtime: PreparedRuntime } | { ok: false; reason: string };

/** What the command line may tell the runtimes: which interpreter to use, and how to start its agents. */
export interface RuntimeSettings {
  /** The Python interpreter (--python, else SOCKMATRIX_PYTHON, else python3 on the PATH). */
  python: string | null;
  /** Whether agents are forked by their runtime's fork server, one per run (false: --no-fork-server, each started fresh). */
  forkServer: boolean;
}

/** One runtime's agents, as the harness starts them. */
export interface RuntimeAgents {
  /** Find the runtime on this machine, once per run: its interpreter and version, or why not. */
  prepare(settings: RuntimeSettings): Promise<RuntimeProbe>;
}
