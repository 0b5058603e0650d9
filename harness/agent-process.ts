import { execa, type ResultPromise } from 'execa';
import type { LineParser } from './parse-message.js';
import type { AgentCommand } from './runtimes/runtime.js';
import { settlesWithin } from './settles-within.js';

// One running agent: its lines parsed into messages as they arrive, and a way to wait, end and reap it.

/** A line on an agent's stdout that is not a protocol message, and why. */
export interface ProtocolViolation {
  /** The line as written, cut to its first 200 characters. */
  line: string;
  /** What is wrong with it, e.g. `bound.port is number 70000, expected an integer from 0 to 65535`. */
  reason: string;
}

/** How an agent's process ended. */
export interface AgentExit {
  exitCode: number | null;
  signal: string | null;
  /** The harness killed it for not answering, or not exiting, in time. */
  killedAsHung: boolean;
  /** It could not be started at all. */
  spawnError: string | null;
  /** Lines on stdout that were not protocol messages, in order. */
  protocolErrors: ProtocolViolation[];
  /** The tail of its stderr. */
  stderr: string;
}

/** A running agent process speaking line-delimited JSON on stdout. */
export interface AgentProcess<Message> {
  /** Every message so far, in order; lines that did not parse are in the exit's `protocolErrors` instead. */
  readonly messages: readonly Message[];
  /** Whether the process has ended. */
  readonly ended: boolean;
  /**
   * The first message that matches; null when the agent writes a line that is not a message before one
   * that matches, exits first, or takes longer than timeoutMs. The caller decides what a timeout costs.
   */
  waitFor(matches: (message: Message) => boolean, timeoutMs: number): Promise<Message | null>;
  /** Close its stdin: the agent's cue to finish and exit. */
  end(): void;
  /** Kill it as hung. */
  killAsHung(): void;
  /** Close its stdin, give it graceMs to exit, then kill it as hung; resolves once it is reaped. */
  finish(graceMs: number): Promise<AgentExit>;
  /** Resolves once the process is reaped. */
  readonly exited: Promise<AgentExit>;
}

const stderrTailLength = 2_000;
const keptLineLength = 200;

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

const keptLine = (line: string): string => (line.length > keptLineLength ? `${line.slice(0, keptLineLength)}...` : line);

/** Start an agent with its command, the cell's instructions as one more argument; each line it writes is read with parseLine. */
export const startAgent = <Message>(
  command: AgentCommand,
  instructions: unknown,
  parseLine: LineParser<Message>,
  { cancelSignal, hardLimitMs }: { cancelSignal: AbortSignal; hardLimitMs: number },
): AgentProcess<Message> => {
  const messages: Message[] = [];
  const protocolErrors: ProtocolViolation[] = [];
  // How many messages had parsed when the first bad line came: nothing after it is waited for.
  let messagesBeforeViolation: number | null = null;
  const waiters = new Set<() => void>();
  let killedAsHung = false;
  let ended = false;

  const subprocess: ResultPromise = execa(command.file, [...command.args, JSON.stringify(instructions)], {
    ...agentSpawnOptions,
    timeout: hardLimitMs,
    cancelSignal,
  });

  const takeLine = (rawLine: string): void => {
    // A trailing \r is tolerated: text-mode stdout ends lines with \r\n on Windows.
    const line = rawLine.trim();
    if (line === '') return;
    const parsed = parseLine(line);
    if (parsed.ok) {
      messages.push(parsed.message);
      return;
    }
    protocolErrors.push({ line: keptLine(line), reason: parsed.reason });
    messagesBeforeViolation ??= messages.length;
  };

  let pending = '';
  subprocess.stdout?.setEncoding('utf8');
  subprocess.stdout?.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      takeLine(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
    for (const wake of waiters) wake();
  });
  // A closed pipe (the agent already gone) is not the harness's error to throw.
  subprocess.stdin?.on('error', () => {});

  const exited: Promise<AgentExit> = subprocess.then((result) => {
    if (pending.trim() !== '') {
      protocolErrors.push({ line: keptLine(pending.trim()), reason: 'the last line does not end with a newline' });
      messagesBeforeViolation ??= messages.length;
      pending = '';
    }
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

  const end = (): void => {
    subprocess.stdin?.end();
  };

  const waitFor = (matches: (message: Message) => boolean, timeoutMs: number): Promise<Message | null> =>
    new Promise((resolve) => {
      const settle = (message: Message | null): void => {
        clearTimeout(timer);
        waiters.delete(onWake);
        resolve(message);
      };
      const check = (): boolean => {
        const index = messages.findIndex(matches);
        const found = index !== -1 && (messagesBeforeViolation === null || index < messagesBeforeViolation) ? messages[index] : undefined;
        if (found !== undefined) settle(found);
        else if (messagesBeforeViolation !== null || ended) settle(null);
        else return false;
        return true;
      };
      const onWake = (): void => {
        check();
      };
      const timer = setTimeout(() => settle(null), timeoutMs);
      if (!check()) waiters.add(onWake);
    });

  const finish = async (graceMs: number): Promise<AgentExit> => {
    end();
    const gone = await settlesWithin(exited, graceMs);
    if (!gone) killAsHung();
    return exited;
  };

  return {
    messages,
    get ended() {
      return ended;
    },
    waitFor,
    end,
    killAsHung,
    finish,
    exited,
  };
};
