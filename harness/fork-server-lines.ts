import { constants } from 'node:os';

// The lines between the harness and a fork server (runtimes/python/fork_server.py, runtimes/node/fork-server.ts): its
// requests on the fork server's stdin, its reports on its stdout, and the hello line that opens each socket it
// connects for an agent.

/** What a fork server reports, one line each. */
export type ForkReport =
  | { kind: 'ready' }
  | { kind: 'forked'; id: number; pid: number }
  | { kind: 'exited'; id: number; exitCode: number }
  | { kind: 'killed'; id: number; signal: string }
  | { kind: 'not-forked'; id: number; error: string };

/** Which of an agent's streams a connection carries. */
export type ForkedStream = 'stdin' | 'stdout' | 'stderr';

const streams: readonly unknown[] = ['stdin', 'stdout', 'stderr'] satisfies ForkedStream[];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

const parsed = (line: string): Record<string, unknown> | null => {
  try {
    const value: unknown = JSON.parse(line);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
};

/** A signal's name as Node names it (`SIGKILL` for 9); one this platform does not name, as its number. */
export const signalName = (signal: number): string =>
  Object.entries(constants.signals).find(([, number]) => number === signal)?.[0] ?? `signal ${signal}`;

/** One report line, or null for a line that is none. */
export const parseForkReport = (line: string): ForkReport | null => {
  const report = parsed(line);
  if (report === null) return null;
  if (report.ready === true) return { kind: 'ready' };
  const { id } = report;
  if (!isCount(id)) return null;
  if (isCount(report.pid)) return { kind: 'forked', id, pid: report.pid };
  if (isCount(report.exit)) return { kind: 'exited', id, exitCode: report.exit };
  if (isCount(report.signal)) return { kind: 'killed', id, signal: signalName(report.signal) };
  if (typeof report.error === 'string') return { kind: 'not-forked', id, error: report.error };
  return null;
};

/** The hello line that opens a connection from a fork server, or null for one that is none. */
export const parseHello = (line: string): { agent: number; stream: ForkedStream } | null => {
  const hello = parsed(line);
  if (hello === null || !isCount(hello.agent) || !streams.includes(hello.stream)) return null;
  return { agent: hello.agent, stream: hello.stream as ForkedStream };
};

/** A request to fork one agent: the agent's module (Python's to import, Node's file to run), its argv[0], and its instructions' JSON text. */
export const requestLine = (id: number, module: string, argv0: string, instructions: string): string =>
  `${JSON.stringify({ id, module, argv0, instructions })}\n`;
