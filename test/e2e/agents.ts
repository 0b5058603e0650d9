import { runCell } from '../../harness/kinds/index.js';
import { type CellRunOptions, isCoexistResult } from '../../harness/kinds/kind.js';
import type { Outcome } from '../../harness/outcome.js';
import { type AgentChooser, agentsOf, prepareRuntimes } from '../../harness/runtimes/index.js';
import { cellId } from '../../matrix/cell-id.js';
import type { ClientEndpoint, PairCell, ServerEndpoint, Transport } from '../../matrix/dimensions.js';

// The agents of every runtime this machine has, found once for the end-to-end tests, as a run finds them.

/** The runtimes found here: Node always, Python where an interpreter of 3.8 or newer is. */
export const preparedRuntimes = await prepareRuntimes(['node', 'python'], { python: null, forkServer: true });

/** Each runtime's own agents. */
export const builtInAgents: AgentChooser = agentsOf(preparedRuntimes);

/** Whether the Python agents can run here, and if not, why (for skip reasons). */
export const pythonMissing: string | null = preparedRuntimes.unavailable.find((entry) => entry.runtime === 'python')?.reason ?? null;

/** Run one pairing, its outcome typed as a pairing's (runCell gives either kind's). */
export const runPair = async (cell: PairCell, options: CellRunOptions): Promise<{ outcome: Outcome; durationMs: number }> => {
  const result = await runCell(cell, options);
  if (isCoexistResult(result)) throw new Error(`sockmatrix bug: the pairing ${cell.id} ran as two servers`);
  return result;
};

/** A pairing of these endpoints, with its id, as the matrix expands one. */
export const pairCell = (transport: Transport, server: ServerEndpoint, client: ClientEndpoint): PairCell => ({
  kind: 'pair',
  id: cellId(transport, server, client),
  transport,
  server,
  client,
});
