import type { Profile } from '../../matrix/profiles.js';
import type { RunOptions } from '../run-flags.js';

// The command line of the sockmatrix run made inside a profile's namespace: the same cells, limits
// and check as the outer run, its report on stdout as JSON.

/** The label a profile's report carries: the profile's name, after the run's own label when there is one. */
export const profileLabel = (runLabel: string | null, profile: Profile): string =>
  runLabel === null ? profile.name : `${runLabel}-${profile.name}`;

/** The arguments for the inner run of one profile. */
export const innerArguments = (options: RunOptions, profile: Profile, expectationsPath: string, outDir: string): string[] => {
  const list = (flag: string, values: readonly string[]): string[] => (values.length === 0 ? [] : [flag, values.join(',')]);
  const { mode } = options.expectations;
  return [
    '--json',
    '--no-color',
    '--out',
    outDir,
    ...list('--transport', options.filter.transports),
    ...list('--server', options.filter.servers),
    ...list('--client', options.filter.clients),
    '--concurrency',
    String(options.concurrency),
    `--startup-timeout=${options.timeouts.startupMs}`,
    `--connect-timeout=${options.timeouts.connectMs}`,
    `--exchange-timeout=${options.timeouts.exchangeMs}`,
    '--repeat',
    String(options.repeat),
    '--label',
    profileLabel(options.label, profile),
    ...(mode === 'check' ? ['--check', '--expectations', expectationsPath] : []),
    ...(mode === 'update' ? ['--update-expectations', '--expectations', expectationsPath] : []),
  ];
};
