import type { ClientEndpoint } from '../../matrix/dimensions.js';
import { fillCommand } from '../../matrix/program-command.js';
import type { ProgramObservation } from '../outcome.js';
import { type ProgramExit, programObservation, startProgram } from './program-process.js';

// A user's client program for one cell: told the target and the port, given the client's whole time limit, judged by
// its exit status (0 is connected), and stopped with its whole process group whatever it did.

/** How a client program ran. */
export interface ClientProgramRun {
  /** How it ended; null when sockmatrix stopped it at the limit (or the run was interrupted). */
  exit: ProgramExit | null;
  /** It was still running at the limit. */
  timedOut: boolean;
  observation: ProgramObservation;
}

/** The program's end, or null at the limit or an interrupt, whichever comes first; no timer or listener is left behind. */
const endWithin = (exited: Promise<ProgramExit>, ms: number, signal: AbortSignal): Promise<ProgramExit | null> =>
  new Promise((resolve) => {
    const settle = (exit: ProgramExit | null): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(exit);
    };
    const onAbort = (): void => settle(null);
    const timer = setTimeout(onAbort, ms);
    signal.addEventListener('abort', onAbort, { once: true });
    void exited.then(settle);
  });

/** Run a user's client against `port`, within `limitMs`. */
export const runClientProgram = async (
  endpoint: ClientEndpoint,
  port: number,
  { limitMs, signal }: { limitMs: number; signal: AbortSignal },
): Promise<ClientProgramRun> => {
  const spec = endpoint.program;
  if (spec === undefined) throw new Error(`sockmatrix bug: the client ${endpoint.address} of ${endpoint.runtime} is not a program`);
  const program = startProgram(fillCommand(spec, { address: endpoint.address, port, family: endpoint.family }));
  const exit = await endWithin(program.exited, limitMs, signal);
  const observation = programObservation(program);
  await program.stop();
  return { exit, timedOut: exit === null && !signal.aborted, observation: exit === null ? { ...observation, exit: null } : observation };
};
