import type { Profile } from '../../matrix/profiles.js';
import { forwardedArguments } from '../flag-table.js';
import { expectationsMode, type RunOptions } from '../run-options.js';

// The command line of the sockmatrix run made inside a profile's namespace: the same cells, limits
// and check as the outer run (the flags that flags.ts forwards), its report on stdout as JSON.

/** The label a profile's report carries: the profile's name, after the run's own label when there is one. */
export const profileLabel = (runLabel: string | null, profile: Profile): string =>
  runLabel === null ? profile.name : `${runLabel}-${profile.name}`;

/** The arguments for the inner run of one profile: its own output, label and expectation file, then the forwarded flags. */
export const innerArguments = (options: RunOptions, profile: Profile, expectationsPath: string, outDir: string): string[] => {
  const mode = expectationsMode(options);
  return [
    '--json',
    '--no-color',
    '--out',
    outDir,
    '--label',
    profileLabel(options.label, profile),
    ...(mode === 'check' ? ['--check', '--expectations', expectationsPath] : []),
    ...(mode === 'update' ? ['--update-expectations', '--expectations', expectationsPath] : []),
    ...forwardedArguments(options),
  ];
};
