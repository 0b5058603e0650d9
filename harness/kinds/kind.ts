import type { Cell, CoexistCell, PairCell } from '../../matrix/dimensions.js';
import type { CoexistOutcome } from '../coexist-outcome.js';
import type { Outcome } from '../outcome.js';
import type { ProgramServers } from '../programs/server-sessions.js';
import type { AgentChooser } from '../runtimes/index.js';
import type { Timeouts } from '../timeouts.js';

// What the harness needs of a cell kind: how to run one cell of it with fresh agents and classify what they said.

/** What one cell came to: each kind with its own outcome. */
export type CellResult =
  | { cell: PairCell; outcome: Outcome; durationMs: number }
  | { cell: CoexistCell; outcome: CoexistOutcome; durationMs: number };

/** A two-servers cell's result: the type guard that pairs its cell with its outcome (TypeScript does not narrow on `cell.kind`). */
export const isCoexistResult = <Result extends CellResult>(result: Result): result is Extract<Result, { cell: CoexistCell }> =>
  result.cell.kind === 'coexist';

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
