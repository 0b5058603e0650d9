import { constants } from 'node:os';
import { readResolver } from '../../harness/local-resolver.js';
import { checkLocalResolverSupport, localResolverMark, startWithLocalResolver } from '../../harness/mount-namespace.js';
import { say } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';
import { cliScript } from './cli-script.js';

// --resolver hosts-file: names resolve from the hosts file alone, so no lookup asks a DNS server. Where
// they do not already, this very run is made again inside a private mount namespace where they do.

/** The exit status a child's end stands for: its code, or 128 + the signal's number. */
const statusOf = (code: number | null, signal: NodeJS.Signals | null): number =>
  code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0));

/**
 * With --resolver hosts-file: null when names already resolve from the hosts file alone here (the run goes
 * on in this process), else the exit status of the same run made inside a namespace where they do.
 * Throws UsageError where that cannot be done, saying why and what to do instead.
 */
export const runWithLocalResolver = async (argv: readonly string[]): Promise<number | null> => {
  const resolver = await readResolver();
  if (resolver.mode === 'hosts-file') return null;
  if (process.env[localResolverMark] !== undefined) {
    throw new Error(`sockmatrix bug: inside its mount namespace, nsswitch.conf still says hosts: ${resolver.nsswitchHosts?.join(' ')}`);
  }
  const support = await checkLocalResolverSupport();
  if (!support.ok) {
    throw new UsageError(
      `--resolver hosts-file cannot keep name lookups on this machine here: ${support.reason}. Leave --resolver out to resolve names as your own programs do (a name the hosts file lacks may then be asked of your DNS server), or run where a private mount namespace can be made.`,
    );
  }
  say(
    `--resolver hosts-file: running in a private mount namespace whose nsswitch.conf says 'hosts: files' (was: ${resolver.nsswitchHosts?.join(' ') ?? 'none'})`,
  );
  const child = startWithLocalResolver([process.execPath, ...process.execArgv, cliScript, ...argv], process.env);
  // The run inside has its own process group: each signal reaches it once, from here, and it handles
  // it as any run does (the first stops it and writes the report, a second quits at once).
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', (error) => reject(new UsageError(`--resolver hosts-file: could not start unshare (${error.message}).`)));
      child.once('exit', (code, signal) => resolve(statusOf(code, signal)));
    });
  } finally {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
  }
};
