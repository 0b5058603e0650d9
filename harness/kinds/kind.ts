import type { Cell } from '../../matrix/dimensions.js';
import type { Outcome } from '../outcome.js';
import type { ProgramServers } from '../programs/server-sessions.js';
import type { AgentChooser } from '../runtimes/index.js';
import type { Timeouts } from '../timeouts.js';

// What the harness needs of a cell kind: how to run one cell of it with fresh agents and classify what they said.

/** What one cell came to. */
export interface CellResult {
  cell: Cell;
  outcome: Outcome;
  durationMs: number;
}

/** How to run a cell: which agents, how long to wait, and when to give up. */
export interface CellRunOptions {
  /** The agent for each side; `builtInAgents` except in tests of broken agents. */
  agents: AgentChooser;
  timeouts: Timeouts;
  /** Aborted on Ctrl-C: the agents are killed and the cell is not recorded. */
  signal: AbortSignal;
  /** The user's servers (--server-cmd), each started once for its row's cells; absent where the run has none. */
  programServers?: ProgramServers;
}

/** One cell kind's way of running its cells: fresh processes, always reaped, an outcome from their evidence. */
export interface CellKindRunner<KindCell extends Cell> {
  run(cell: KindCell, options: CellRunOptions): Promise<CellResult>;
}
