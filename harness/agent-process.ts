import type { AgentEvents, AgentHandle } from './agent-handle.js';
import type { AgentLaunch } from './agent-launch.js';
import { splitLines } from './line-splitter.js';
import type { LineParser } from './parse-message.js';
import { settlesWithin } from './settles-within.js';
import { spawnAgent } from './spawn-agent.js';

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
  /** Write one line on its stdin (a notice an agent may act on, or ignore); nothing once it has ended. */
  tell(line: string): void;
  /** Kill it as hung. */
  killAsHung(): void;
  /** Close its stdin, give it graceMs to exit, then kill it as hung; resolves once it is reaped. */
  finish(graceMs: number): Promise<AgentExit>;
  /** Resolves once the process is reaped. */
  readonly exited: Promise<AgentExit>;
}

const stderrTailLength = 2_000;
const keptLineLength = 200;

// Where the bench's floor and the tests have always found it.
export { agentEnvironment } from './spawn-agent.js';

const keptLine = (line: string): string => (line.length > keptLineLength ? `${line.slice(0, keptLineLength)}...` : line);

/** The agent's process: spawned from its command, or forked by its runtime's fork server, which spawns it itself where it cannot fork. */
const launch = (command: AgentLaunch, instructions: string, events: AgentEvents): AgentHandle =>
  command.launch === 'fork-server'
    ? command.forkServer.launch(command.side, instructions, events)
    : spawnAgent(command, instructions, events);

/** Start an agent with its command, the cell's instructions as one more argument; each line it writes is read with parseLine. */
export const startAgent = <Message>(
  command: AgentLaunch,
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

  let timedOut = false;
  let stderrTail = '';
  let resolveExit: (exit: AgentExit) => void = () => {};
  const exited = new Promise<AgentExit>((resolve) => {
    resolveExit = resolve;
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

  const lines = splitLines(takeLine);
  const events: AgentEvents = {
    stdout: (chunk) => {
      lines.push(chunk);
      for (const wake of waiters) wake();
    },
    stderr: (chunk) => {
      stderrTail = (stderrTail + chunk).slice(-stderrTailLength);
    },
    ended: (end) => {
      if (ended) return;
      clearTimeout(hardLimit);
      cancelSignal.removeEventListener('abort', onCancel);
      const unended = lines.takeRest().trim();
      if (unended !== '') {
        protocolErrors.push({ line: keptLine(unended), reason: 'the last line does not end with a newline' });
        messagesBeforeViolation ??= messages.length;
      }
      ended = true;
      for (const wake of waiters) wake();
      // Its last newline is not part of what it said.
      const stderr = stderrTail.replace(/\r?\n$/, '');
      const how = 'spawnError' in end ? { exitCode: null, signal: null, spawnError: end.spawnError } : { ...end, spawnError: null };
      resolveExit({ ...how, killedAsHung: killedAsHung || timedOut, protocolErrors, stderr });
    },
  };

  const agent = launch(command, JSON.stringify(instructions), events);
  const hardLimit = setTimeout(() => {
    timedOut = true;
    agent.kill();
  }, hardLimitMs);
  const onCancel = (): void => {
    agent.kill();
  };
  if (cancelSignal.aborted) onCancel();
  else cancelSignal.addEventListener('abort', onCancel, { once: true });

  const killAsHung = (): void => {
    if (ended) return;
    killedAsHung = true;
    agent.kill();
  };

  const end = (): void => {
    agent.end();
  };

  const tell = (line: string): void => {
    if (!ended) agent.write(`${line}\n`);
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
    tell,
    killAsHung,
    finish,
    exited,
  };
};
