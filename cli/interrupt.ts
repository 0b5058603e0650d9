import { exitCodes, say } from './exit-codes.js';

// How a run stops early: on a signal from a person (Ctrl-C) or a supervisor (SIGTERM), and, for a
// profile's inner run, when the outer run that reads its report is gone.

/** Set by an outer run in its inner runs' environment: `stdin` means "your parent holds your stdin: leave when it ends". */
export const parentLifelineVariable = 'SOCKMATRIX_PARENT_LIFELINE';

// An inner run's report is for its parent's pipe: with the parent gone there is nobody to write it for.
const exitWhenStdinEnds = (): void => {
  const leave = (): never => process.exit(exitCodes.interrupted);
  process.stdin.on('end', leave);
  process.stdin.on('error', leave);
  process.stdin.resume();
  // Watching must not keep a finished run alive.
  process.stdin.unref();
};

/**
 * Abort on the first SIGINT or SIGTERM: no cell starts any more, running agents are killed, and the report
 * of what finished is written. A second one only says that the report is on its way; a third quits at once.
 */
export const abortOnSignals = (env: NodeJS.ProcessEnv = process.env): AbortSignal => {
  const abort = new AbortController();
  let received = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    received += 1;
    if (received === 1) {
      say(`${signal}: stopping, killing running agents and writing the report of the cells that finished`);
      abort.abort();
    } else if (received === 2) {
      say(`${signal}: still writing the report of the cells that finished (once more to quit at once, without it)`);
    } else {
      process.exit(exitCodes.interrupted);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  if (env[parentLifelineVariable] === 'stdin') exitWhenStdinEnds();
  return abort.signal;
};
