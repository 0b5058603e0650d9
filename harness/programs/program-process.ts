import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FilledCommand } from '../../matrix/program-command.js';
import type { ProgramObservation } from '../outcome.js';
import { settlesWithin } from '../settles-within.js';
import { canReadListeningSockets } from './listening-sockets.js';
import { groupMembers } from './process-group.js';

// One run of a user's program: started in a process group of its own under the keeper (keeper.ts), its output kept
// as a tail and read line by line, and stopped by killing the whole group, then reaped.

const compiled = import.meta.url.endsWith('.js');
const keeperScript = fileURLToPath(
  compiled ? new URL('./keeper.js', import.meta.url) : new URL('../../dist/harness/programs/keeper.js', import.meta.url),
);

// How much output is kept: enough for the last lines of a traceback.
const tailLength = 4_000;
/** How long a program may take to go after SIGTERM before its group is killed outright. */
export const programStopGraceMs = 2_000;

/** How a program ended: its exit status, or the signal, as the keeper reports it (128 + the signal's number). */
export type ProgramExit = { code: number | null; signal: string | null };

/** A user's program while it runs. */
export interface ProgramProcess {
  /** The process group: the keeper's pid. */
  readonly group: number;
  /** The command as run, for the evidence. */
  readonly command: string[];
  /** How it ended, once it has; null while it runs. */
  readonly exit: ProgramExit | null;
  /** Resolves once its keeper is reaped. */
  readonly exited: Promise<ProgramExit>;
  /** The tail of its output so far, stdout and stderr as they came. */
  output(): string;
  /** Whether a line of its output so far matches. */
  printed(pattern: RegExp): boolean;
  /** Stop it: SIGTERM to its group, SIGKILL after the grace, reaped; every process of the group gone. */
  stop(): Promise<void>;
}

const signalNames = Object.fromEntries(Object.entries(constants.signals).map(([name, number]) => [number, name]));

/** The keeper's status as the program's: 128 + n is signal n, as a shell says it. */
const programExit = (code: number | null, signal: NodeJS.Signals | null): ProgramExit => {
  if (signal !== null) return { code: null, signal };
  if (code !== null && code > 128 && signalNames[code - 128] !== undefined) return { code: null, signal: signalNames[code - 128] ?? null };
  return { code, signal: null };
};

const sendToGroup = (group: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(-group, signal);
  } catch {
    // The group is gone already.
  }
};

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Start a user's program under its keeper, in a process group of its own. */
export const startProgram = (command: FilledCommand): ProgramProcess => {
  const keeper: ChildProcess = spawn(process.execPath, [keeperScript, JSON.stringify(command)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
    // A user's NODE_OPTIONS is for the user's program, not for the keeper.
    env: { ...process.env, NODE_OPTIONS: '' },
    windowsHide: true,
  });
  const group = keeper.pid ?? 0;
  let tail = '';
  const lines: string[] = [];
  const pending = { stdout: '', stderr: '' };
  const take = (stream: 'stdout' | 'stderr') => (chunk: string) => {
    tail = (tail + chunk).slice(-tailLength);
    pending[stream] += chunk;
    const parts = pending[stream].split('\n');
    pending[stream] = (parts.pop() ?? '').slice(-tailLength);
    // Only the latest lines are matched against a ready pattern: it is printed once, at start-up.
    lines.push(...parts.map((line) => line.replace(/\r$/, '')));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  keeper.stdout?.setEncoding('utf8');
  keeper.stderr?.setEncoding('utf8');
  keeper.stdout?.on('data', take('stdout'));
  keeper.stderr?.on('data', take('stderr'));
  keeper.stdin?.on('error', () => {});
  let exit: ProgramExit | null = null;
  const exited = new Promise<ProgramExit>((resolve) => {
    keeper.on('error', (error) => {
      exit = { code: 127, signal: null };
      tail += `\nsockmatrix: cannot start the keeper: ${error.message}`;
      resolve(exit);
    });
    keeper.on('close', (code, signal) => {
      exit = programExit(code, signal);
      resolve(exit);
    });
  });

  const stop = async (): Promise<void> => {
    if (group === 0) return;
    sendToGroup(group, 'SIGTERM');
    const gone = await settlesWithin(exited, programStopGraceMs);
    if (!gone) sendToGroup(group, 'SIGKILL');
    await exited;
    // A child that outlived the program (a dev server's worker) is in the group still: killed, and waited for.
    if (!canReadListeningSockets()) return sendToGroup(group, 'SIGKILL');
    for (let round = 0; round < 50; round += 1) {
      if ((await groupMembers(group)).length === 0) return;
      sendToGroup(group, 'SIGKILL');
      await delay(20);
    }
  };

  return {
    group,
    command: [command.file, ...command.args],
    get exit() {
      return exit;
    },
    exited,
    output: () => tail,
    printed: (pattern) => lines.some((line) => pattern.test(line)) || pattern.test(pending.stdout) || pattern.test(pending.stderr),
    stop,
  };
};

/** The evidence of a program for a report: its command, how it ended (if it did), and its output's last lines. */
export const programObservation = (program: ProgramProcess, keptOutput = 1_000): ProgramObservation => ({
  command: program.command,
  exit: program.exit,
  output: program.output().slice(-keptOutput),
});
