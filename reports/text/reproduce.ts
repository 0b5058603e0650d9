import type { Report } from '../report.js';

// The command that makes a report again: sockmatrix with the filters and settings the run recorded.

/** A word for a POSIX shell: as it is when plain, else single-quoted. */
const shellWord = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

/** The command line that runs the same cells the same way: `npx sockmatrix --runtime python --transport tcp ...`. */
export const reproduceCommand = (report: Report): string => {
  const { options, profile } = report.run;
  const args: string[] = [];
  const list = (flag: string, values: readonly string[] | undefined): void => {
    if (values !== undefined && values.length > 0) args.push(flag, values.join(','));
  };
  list('--transport', options.transports);
  list('--runtime', options.runtimes);
  list('--server-runtime', options.serverRuntimes);
  list('--client-runtime', options.clientRuntimes);
  list('--server', options.servers);
  list('--client', options.clients);
  if ((options.repeat ?? 1) > 1) args.push('--repeat', String(options.repeat));
  if (options.resolver !== undefined && options.resolver !== 'system') args.push('--resolver', options.resolver);
  if (profile !== undefined && profile.name !== 'host') args.push('--profile', profile.name);
  return ['npx', 'sockmatrix', ...args].map(shellWord).join(' ');
};
