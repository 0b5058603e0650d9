import { spawn } from 'node:child_process';
import type { AgentEvents, AgentHandle } from './agent-handle.js';
import type { AgentCommand } from './agent-launch.js';
import { killOnExit } from './kill-on-exit.js';

// An agent spawned fresh from its command, with node:child_process directly: each cell starts two, and a
// general-purpose wrapper's per-spawn work (option normalising, result promises, signal handlers) was measurable
// (README, "Performance").

/**
 * The harness's environment as agents start with it: plain node, since a user's NODE_OPTIONS (a loader, a debugger)
 * would cost every cell, and without what the command unsets.
 */
export const agentEnvironment = (command: AgentCommand, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv => {
  const environment: NodeJS.ProcessEnv = { ...env, NODE_OPTIONS: '' };
  for (const name of command.unsetEnvironment ?? []) delete environment[name];
  return environment;
};

/** Spawn `command` with the instructions' JSON text as its last argument, its stdio piped. */
export const spawnAgent = (command: AgentCommand, instructions: string, events: AgentEvents): AgentHandle => {
  const subprocess = spawn(command.file, [...command.args, instructions], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: agentEnvironment(command),
    windowsHide: true,
  });
  const forget = killOnExit(() => subprocess.kill('SIGKILL'));
  subprocess.stdout.setEncoding('utf8');
  subprocess.stdout.on('data', events.stdout);
  subprocess.stderr.setEncoding('utf8');
  subprocess.stderr.on('data', events.stderr);
  // A closed pipe (the agent already gone) is not the harness's error to throw.
  subprocess.stdin.on('error', () => {});
  // A process that could not be started never exits: its error is the end of it.
  subprocess.on('error', (error) => {
    if (subprocess.pid !== undefined) return;
    forget();
    events.ended({ spawnError: error.message });
  });
  // close, not exit: every line it wrote has been read by then.
  subprocess.once('close', (exitCode, signal) => {
    if (subprocess.pid === undefined) return;
    forget();
    events.ended({ exitCode, signal });
  });
  return {
    write: (text) => {
      if (subprocess.stdin.writable) subprocess.stdin.write(text);
    },
    end: () => {
      subprocess.stdin.end();
    },
    kill: () => {
      subprocess.kill('SIGKILL');
    },
  };
};
