import type { AgentCommand, AgentLaunch } from '../agent-launch.js';
import type { Side } from '../outcome.js';

// What the harness needs of a runtime: to find it on this machine once per run, then to start its agents.

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
