import net from 'node:net';
import type { ServerEndpoint } from '../../matrix/dimensions.js';
import { canReadListeningSockets, listeningSocketsOfGroup } from './listening-sockets.js';
import type { ProgramProcess } from './program-process.js';

// When a user's server is ready for clients: once its process group listens on the port it was given and that socket
// takes a connection; or, with --ready, once a line of its output matches. Polled, never spun: a program takes its time.

const pollMs = 100;

/** Why a program never got ready: it exited, the time ran out, or the run was interrupted. */
export type NotReady = { reason: 'exited' | 'timeout' | 'aborted'; waitedFor: string };

/** Where to knock on a socket listening on `address`: a wildcard is reached on its family's loopback. */
const dialAddress = (address: string): string => (address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address);

/** Whether a TCP connection to host:port completes; it is closed at once. */
export const takesConnection = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (connected: boolean): void => {
      socket.destroy();
      resolve(connected);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

/** What the wait is for, in words for a message. */
export const readinessWords = (port: number, ready: RegExp | null): string =>
  ready !== null
    ? `a line of its output matching /${ready.source}/`
    : canReadListeningSockets()
      ? `a socket of its process group listening on port ${port}, then a connection to it`
      : `a connection to port ${port} on the address it was given`;

/** Whether it is ready now: the ready line printed, or its socket on the port taking a connection. */
const readyNow = async (program: ProgramProcess, endpoint: ServerEndpoint, port: number, ready: RegExp | null): Promise<boolean> => {
  if (ready !== null) return program.printed(ready);
  const listening = await listeningSocketsOfGroup(program.group, port);
  // Where the system cannot say, the address it was told is knocked on (a name as the system resolves it).
  if (listening === null) return takesConnection(dialAddress(endpoint.address), port);
  const [first] = listening;
  return first !== undefined && takesConnection(dialAddress(first.address), port);
};

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Wait until the program is ready; null when it is, else why not. */
export const waitUntilReady = async (
  program: ProgramProcess,
  endpoint: ServerEndpoint,
  port: number,
  { ready, timeoutMs, signal }: { ready: RegExp | null; timeoutMs: number; signal: AbortSignal },
): Promise<NotReady | null> => {
  const waitedFor = readinessWords(port, ready);
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (signal.aborted) return { reason: 'aborted', waitedFor };
    if (program.exit !== null) return { reason: 'exited', waitedFor };
    if (await readyNow(program, endpoint, port, ready)) return null;
    if (performance.now() >= deadline) return { reason: 'timeout', waitedFor };
    await delay(pollMs);
  }
};
