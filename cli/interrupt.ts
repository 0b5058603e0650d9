import { exitCodes, say } from './exit-codes.js';

/** Abort on the first SIGINT or SIGTERM (running agents are killed, what finished is kept); quit at once on the second. */
export const abortOnSignals = (): AbortSignal => {
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (abort.signal.aborted) process.exit(exitCodes.interrupted);
    say(`${signal}: stopping, killing running agents and writing the report of the cells that finished (again to quit at once)`);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return abort.signal;
};
