import { execa } from 'execa';
import type { AgentCommand } from '../harness/agent-launch.js';
import { agentEnvironment } from '../harness/agent-process.js';

// The least a matrix run can cost: the same number of interpreter start-ups, at the same concurrency,
// each doing nothing, spawned the cheapest way there is: xargs, with no Node process in between.

/**
 * How the bare interpreter starts: `agents`, in the agents' environment (NODE_OPTIONS empty, without what the
 * runtime unsets, such as Node's NODE_EXTRA_CA_CERTS): the floor the agents' start-up cannot beat; `shell`, in
 * this shell's environment as it is: the interpreter's default start, which the agents can go below.
 */
export type FloorStart = 'agents' | 'shell';

/** The environment each start gets. */
const environmentFor = (bare: AgentCommand, start: FloorStart): NodeJS.ProcessEnv =>
  start === 'agents' ? agentEnvironment(bare) : process.env;

/** Whether the two starts differ here: the shell sets something the agents start without. */
export const startsDiffer = (bare: AgentCommand, env: NodeJS.ProcessEnv = process.env): boolean =>
  (env.NODE_OPTIONS ?? '') !== '' || (bare.unsetEnvironment ?? []).some((name) => env[name] !== undefined);

/** Start `bare` `starts` times, `concurrency` at once, through `seq | xargs -P`; resolves to the wall time in ms. */
export const timeFloor = async (
  bare: AgentCommand,
  starts: number,
  concurrency: number,
  signal: AbortSignal,
  start: FloorStart = 'agents',
): Promise<number> => {
  if (starts === 0) return 0;
  // xargs appends each number from seq as one more argument: `node -e "" 17`, `python3 -I -S -c "" 17`, both ignore it.
  const script = 'starts=$1 concurrency=$2; shift 2; seq "$starts" | xargs -P "$concurrency" -n 1 "$@" >/dev/null';
  const started = performance.now();
  await execa('sh', ['-c', script, 'floor', String(starts), String(concurrency), bare.file, ...bare.args], {
    cancelSignal: signal,
    env: environmentFor(bare, start),
    extendEnv: false,
  });
  return performance.now() - started;
};

/** The command that times the same floor by hand, for the bench's output. */
export const floorCommand = (bare: AgentCommand, starts: number, concurrency: number, start: FloorStart = 'agents'): string => {
  const unset = (bare.unsetEnvironment ?? []).map((name) => `-u ${name} `).join('');
  const environment = start === 'agents' ? `env ${unset}NODE_OPTIONS= ` : '';
  const words = [bare.file, ...bare.args].map((word) => (word === '' ? '""' : word)).join(' ');
  return `time (seq ${starts} | ${environment}xargs -P ${concurrency} -n 1 ${words} >/dev/null)`;
};
