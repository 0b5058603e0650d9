import type { Side } from '../outcome.js';

// What the harness needs of a runtime: to find it on this machine once per run, then to start its agents.

/** How to start an agent: the program and its first arguments; the cell's instructions follow as one more argument. */
export interface AgentCommand {
  file: string;
  args: readonly string[];
  /**
   * Variables of the harness's environment the agent starts without: what the interpreter would read at every
   * start for work no agent does (Node's NODE_EXTRA_CA_CERTS: a CA bundle parsed before the first line runs).
   */
  unsetEnvironment?: readonly string[];
}

/** A runtime found on this machine: its version, and its agent for each side. */
export interface PreparedRuntime {
  /** The version, as the runtime says it (`v20.20.2`, `3.11.7`): never a path, reports go to public tickets. */
  version: string;
  agent(side: Side): AgentCommand;
  /** The interpreter started with nothing to do, as the agents start it: the floor an agent's start-up cannot beat. */
  bare: AgentCommand;
}

/** A runtime ready to run, or why it cannot run here, in one line that says how to point sockmatrix at one. */
export type RuntimeProbe = { ok: true; runtime: PreparedRuntime } | { ok: false; reason: string };

/** What the command line may tell the runtimes: which interpreter to use. */
export interface RuntimeSettings {
  /** The Python interpreter (--python, else SOCKMATRIX_PYTHON, else python3 on the PATH). */
  python: string | null;
}

/** One runtime's agents, as the harness starts them. */
export interface RuntimeAgents {
  /** Find the runtime on this machine, once per run: its interpreter and version, or why not. */
  prepare(settings: RuntimeSettings): Promise<RuntimeProbe>;
}
