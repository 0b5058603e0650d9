import type { Side } from '../outcome.js';

// What the harness needs of a runtime: how to start its agents, and which version of it this machine has.

/** How to start an agent: the program and its first arguments; the cell's instructions follow as one more argument. */
export interface AgentCommand {
  file: string;
  args: readonly string[];
}

/** One runtime's agents, as the harness starts them. */
export interface RuntimeAgents {
  /** The command that starts this runtime's agent for one side of a cell. */
  agent(side: Side): AgentCommand;
  /** This runtime's version on this machine, for the environment fingerprint; null where it cannot be told. */
  version(): Promise<string | null>;
}
