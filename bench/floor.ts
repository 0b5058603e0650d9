import { execa } from 'execa';
import { agentSpawnOptions } from '../harness/agent-process.js';
import { runPool } from '../harness/pool.js';

// The least any matrix run can cost: the same number of node processes, started and reaped in the
// same pool shape, doing nothing. What the matrix takes beyond this is the harness and the sockets.

/** Start `node -e ""` with the options the harness gives an agent, and wait until it is reaped. */
const spawnBareNode = async (signal: AbortSignal): Promise<void> => {
  await execa(process.execPath, ['-e', ''], { ...agentSpawnOptions, cancelSignal: signal });
};

/** Run the floor: per slot, two bare node processes one after the other, as a cell runs its server then its client. */
export const runFloor = async (slots: number, concurrency: number, signal: AbortSignal): Promise<number> => {
  const started = performance.now();
  await runPool(
    Array.from({ length: slots }, (_, index) => index),
    concurrency,
    async () => {
      await spawnBareNode(signal);
      await spawnBareNode(signal);
    },
    signal,
  );
  return performance.now() - started;
};
