import { execa } from 'execa';
import { agentEnvironment } from '../harness/agent-process.js';
import type { AgentCommand } from '../harness/runtimes/runtime.js';

// The least a matrix run can cost: the same number of interpreter start-ups, at the same concurrency,
// each doing nothing, spawned the cheapest way there is: xargs, with no Node process in between.

/** Start `bare` `starts` times, `concurrency` at once, through `seq | xargs -P`; resolves to the wall time in ms. */
export const timeFloor = async (bare: AgentCommand, starts: number, concurrency: number, signal: AbortSignal): Promise<number> => {
  if (starts === 0) return 0;
  // xargs appends each number from seq as one more argument: `node -e "" 17`, `python3 -I -S -c "" 17`, both ignore it.
  const script = 'starts=$1 concurrency=$2; shift 2; seq "$starts" | xargs -P "$concurrency" -n 1 "$@" >/dev/null';
  const started = performance.now();
  // In the agents' environment: what they start without, the floor starts without too.
  await execa('sh', ['-c', script, 'floor', String(starts), String(concurrency), bare.file, ...bare.args], {
    cancelSignal: signal,
    env: agentEnvironment(bare),
    extendEnv: false,
  });
  return performance.now() - started;
};

/** The command that times the same floor by hand, for the bench's output. */
export const floorCommand = (bare: AgentCommand, starts: number, concurrency: number): string => {
  const unset = (bare.unsetEnvironment ?? []).map((name) => `-u ${name} `).join('');
  const words = [bare.file, ...bare.args].map((word) => (word === '' ? '""' : word)).join(' ');
  return `time (seq ${starts} | env ${unset}NODE_OPTIONS= xargs -P ${concurrency} -n 1 ${words} >/dev/null)`;
};
