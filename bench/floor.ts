import { execa } from 'execa';
import type { AgentCommand } from '../harness/runtimes/runtime.js';

// The least a matrix run can cost: the same number of interpreter start-ups, at the same concurrency,
// each doing nothing, spawned the cheapest way there is: xargs, with no Node process in between.

/** Start `bare` `starts` times, `concurrency` at once, through `seq | xargs -P`; resolves to the wall time in ms. */
export const timeFloor = async (bare: AgentCommand, starts: number, concurrency: number, signal: AbortSignal): Promise<number> => {
  if (starts === 0) return 0;
  // xargs appends each number from seq as one more argument: `node -e "" 17`, `python3 -I -S -c "" 17`, both ignore it.
  const script = 'starts=$1 concurrency=$2; shift 2; seq "$starts" | xargs -P "$concurrency" -n 1 "$@" >/dev/null';
  const started = performance.now();
  await execa('sh', ['-c', script, 'floor', String(starts), String(concurrency), bare.file, ...bare.args], { cancelSignal: signal });
  return performance.now() - started;
};

/** The command that times the same floor by hand, for the bench's output. */
export const floorCommand = (bare: AgentCommand, starts: number, concurrency: number): string =>
  `time (seq ${starts} | xargs -P ${concurrency} -n 1 ${[bare.file, ...bare.args].map((word) => (word === '' ? '""' : word)).join(' ')} >/dev/null)`;
