import type { ServerEndpoint } from '../../matrix/dimensions.js';
import { fillCommand } from '../../matrix/program-command.js';
import type { ServerObservation, SocketAddress } from '../outcome.js';
import { releasePort, reservePort } from '../ports.js';
import { listeningSocketsOfGroup, v6onlyByInode } from './listening-sockets.js';
import { lastWords, programFailureCode } from './output-code.js';
import type { ListeningSocket } from './proc-net-tcp.js';
import { type ProgramProcess, programObservation, startProgram } from './program-process.js';
import { waitUntilReady } from './readiness.js';

// A user's server started on one endpoint: the program told its address and a port of its own, waited for, and where
// it really listens read from the system. Every client of its row dials this one start; then it is stopped.

/** How the start went: ready, with where it listens; or why not, as a failed bind. */
export type SessionState =
  | { ready: true; bound: SocketAddress | null; ipv6OnlyEffective: boolean | null }
  | { ready: false; code: string; message: string };

/** One start of a user's server, shared by the cells of its row. */
export interface ServerSession {
  port: number;
  state: SessionState;
  /** What the server side observed, now: where it listens, how it ended if it did, its output's tail. */
  observation(): ServerObservation;
  /** Stop the program and give its port back. */
  stop(): Promise<void>;
}

const plain = ({ address, port, family }: SocketAddress): SocketAddress => ({ address, port, family });

const socketText = ({ address, port, family }: SocketAddress): string => (family === 6 ? `[${address}]:${port}` : `${address}:${port}`);

/** Where it listens, in words: `it listens on 127.0.0.1:8000 (not on port 41234)`. */
const listeningWords = (listening: readonly SocketAddress[] | null, port: number): string => {
  if (listening === null) return 'this system cannot say where it listens';
  if (listening.length === 0) return 'it listens on no TCP port';
  const onPort = listening.some((socket) => socket.port === port);
  return `it listens on ${listening.map(socketText).join(', ')}${onPort ? '' : ` (not on port ${port})`}`;
};

const said = (program: ProgramProcess): string => {
  const words = lastWords(program.output());
  return words === '' ? 'it printed nothing' : `its output ends: ${words}`;
};

/** Start a user's server on an endpoint and wait until it is ready, or until it is clear it will not be. */
export const startServerSession = async (
  endpoint: ServerEndpoint,
  { startupMs, signal }: { startupMs: number; signal: AbortSignal },
): Promise<ServerSession> => {
  const spec = endpoint.program;
  if (spec === undefined) throw new Error(`sockmatrix bug: the server ${endpoint.address} of ${endpoint.runtime} is not a program`);
  const port = await reservePort('tcp');
  const program = startProgram(fillCommand(spec, { address: endpoint.address, port, family: endpoint.family }));
  const ready = spec.ready === null ? null : new RegExp(spec.ready);
  const notReady = await waitUntilReady(program, endpoint, port, { ready, timeoutMs: startupMs, signal });
  const listening: ListeningSocket[] | null = await listeningSocketsOfGroup(program.group);
  const name = endpoint.agent ?? 'the program';

  let state: SessionState;
  if (notReady === null) {
    const bound = listening?.find((socket) => socket.port === port) ?? null;
    const v6only = bound?.family === 6 ? ((await v6onlyByInode()).get(bound.inode) ?? null) : null;
    state = { ready: true, bound: bound === null ? null : plain(bound), ipv6OnlyEffective: v6only };
  } else if (notReady.reason === 'exited') {
    const exit = program.exit ?? { code: null, signal: null };
    const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with status ${exit.code}`;
    state = {
      ready: false,
      code: programFailureCode(program.output(), exit),
      message: `${name} ${how} before it listened on port ${port}; ${said(program)}`,
    };
  } else {
    state = {
      ready: false,
      code: 'ENOTREADY',
      message: `${name} was not ready within ${startupMs} ms: sockmatrix waited for ${notReady.waitedFor}; ${listeningWords(listening, port)}; ${said(program)}`,
    };
  }

  let stopped: Promise<void> | null = null;
  return {
    port,
    state,
    observation: () => ({
      bound: state.ready ? state.bound : null,
      ipv6OnlyEffective: state.ready ? state.ipv6OnlyEffective : null,
      // What reaches a program is its own to know: sockmatrix sees its sockets, not its connections.
      received: false,
      peer: null,
      payloadMatched: null,
      replied: false,
      error: null,
      program: { ...programObservation(program), listening: listening?.map(plain) ?? null },
    }),
    stop: () => {
      stopped ??= program.stop().finally(() => releasePort('tcp', port));
      return stopped;
    },
  };
};
