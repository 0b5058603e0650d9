import { execa, type ResultPromise } from 'execa';
import type { AgentCommand } from './runtimes/runtime.js';

// One running agent: its JSON lines as they arrive, and a way to wait, end and reap it.

/** How an agent's process ended. */
export interface AgentExit {
  exitCode: number | null;
  signal: string | null;
  /** The harness killed it for not answering in time. */
  killedAsHung: boolean;
  /** It could not be started at all. */
  spawnError: string | null;
  /** Lines on stdout that were not protocol messages. */
  protocolErrors: string[];
  /** The tail of its stderr. */
  stderr: string;
}

/** A running agent process speaking line-delimited JSON on stdout. */
export interface AgentProcess<Message> {
  /** Every message so far, in order. */
  readonly messages: readonly Message[];
  /** The first message (from the start) that matches; null when the agent exits or is killed first. */
  waitFor(matches: (message: Message) => boolean, timeoutMs: number): Promise<Message | null>;
  /** Close its stdin: the agent's cue to finish and exit. */
  end(): void;
  /** Kill it as hung. */
  killAsHung(): void;
  /** Resolves once the process is reaped. */
  readonly exited: Promise<AgentExit>;
}

const stderrTailLength = 2_000;

/** How every agent process is spawned; the benchmark's floor spawns its bare processes the same way. */
export const agentSpawnOptions = {
  stdin: 'pipe',
  stdout: 'pipe',
  stderr: 'pipe',
  buffer: { stdout: false, stderr: true },
  reject: false,
  // Agents start as plain node: a user's NODE_OPTIONS (a loader, a debugger) would cost every cell.
  env: { NODE_OPTIONS: '' },
  killSignal: 'SIGKILL',
  cleanup: true,
  windowsHide: true,
} as const;

/** Start an agent with its command, the cell's instructions as one more argument. */
export const startAgent = <Message>(
  command: AgentCommand,
  instructions: unknown,
  { cancelSignal, hardLimitMs }: { cancelSignal: AbortSignal; hardLimitMs: number },
): AgentProcess<Message> => {
  const messages: Message[] = [];
  const protocolErrors: string[] = [];
  const waiters = new Set<() => void>();
  let killedAsHung = false;
  let ended = false;

  const subprocess: ResultPromise = execa(command.file, [...command.args, JSON.stringify(instructions)], {
    ...agentSpawnOptions,
    timeout: hardLimitMs,
    cancelSignal,
  });

  let pending = '';
  subprocess.stdout?.setEncoding('utf8');
  subprocess.stdout?.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line !== '') {
        try {
          messages.push(JSON.parse(line) as Message);
        } catch {
          protocolErrors.push(line.slice(0, 200));
        }
      }
      newline = pending.indexOf('\n');
    }
    for (const wake of waiters) wake();
  });
  // A closed pipe (the agent already gone) is not the harness's error to throw.
  subprocess.stdin?.on('error', () => {});

  const exited: Promise<AgentExit> = subprocess.then((result) => {
    ended = true;
    for (const wake of waiters) wake();
    const stderr = typeof result.stderr === 'string' ? result.stderr : '';
    const spawnFailed = result.failed && result.exitCode === undefined && result.signal === undefined && !result.isCanceled;
    return {
      exitCode: result.exitCode ?? null,
      signal: result.signal ?? null,
      killedAsHung: killedAsHung || result.timedOut,
      spawnError: spawnFailed ? (result.originalMessage ?? result.message ?? 'unknown') : null,
      protocolErrors,
      stderr: stderr.slice(-stderrTailLength),
    };
  });

  const killAsHung = (): void => {
    if (ended) return;
    killedAsHung = true;
    subprocess.kill('SIGKILL');
  };

  const waitFor = (matches: (message: Message) => boolean, timeoutMs: number): Promise<Message | null> =>
    new Promise((resolve) => {
      const check = (): boolean => {
        const found = messages.find(matches);
        if (found !== undefined || ended) {
          clearTimeout(timer);
          waiters.delete(onWake);
          resolve(found ?? null);
          return true;
        }
        return false;
      };
      const onWake = (): void => {
        check();
      };
      const timer = setTimeout(() => {
        waiters.delete(onWake);
        killAsHung();
        resolve(null);
      }, timeoutMs);
      if (!check()) waiters.add(onWake);
    });

  return {
    messages,
    waitFor,
    end: () => subprocess.stdin?.end(),
    killAsHung,
    exited,
  };
};
