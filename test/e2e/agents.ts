import { type AgentChooser, agentsOf, prepareRuntimes } from '../../harness/runtimes/index.js';

// The agents of every runtime this machine has, found once for the end-to-end tests, as a run finds them.

/** The runtimes found here: Node always, Python where an interpreter of 3.8 or newer is. */
export const preparedRuntimes = await prepareRuntimes(['node', 'python'], { python: null });

/** Each runtime's own agents. */
export const builtInAgents: AgentChooser = agentsOf(preparedRuntimes);

/** Whether the Python agents can run here, and if not, why (for skip reasons). */
export const pythonMissing: string | null = preparedRuntimes.unavailable.find((entry) => entry.runtime === 'python')?.reason ?? null;
