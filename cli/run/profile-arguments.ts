import { createHash } from 'node:crypto';
import type { Profile } from '../../matrix/profiles.js';
import { forwardedArguments } from '../flag-table.js';
import { labelMaxLength } from '../flags.js';
import type { RunOptions } from '../run-options.js';
import type { ExpectationsUse } from './expectations-use.js';

// The command line of the sockmatrix run made inside a profile's namespace: the same cells, limits
// and check as the outer run (the flags that flags.ts forwards), its report on stdout as JSON.

/**
 * The label a profile's report carries: the profile's name, after the run's own label when there is one.
 * Where the two do not fit a label, the run label is cut and a digest of it keeps two long labels apart:
 * `a-very-long-ci-l-3fa9c1-localhost-v6-first`. A profile's name (40 characters at most) stays whole.
 */
export const profileLabel = (runLabel: string | null, profile: Profile): string => {
  if (runLabel === null) return profile.name;
  const joined = `${runLabel}-${profile.name}`;
  if (joined.length <= labelMaxLength) return joined;
  const digest = createHash('sha256').update(runLabel).digest('hex').slice(0, 6);
  const room = labelMaxLength - profile.name.length - digest.length - 2;
  return `${runLabel.slice(0, room)}-${digest}-${profile.name}`;
};

/**
 * The arguments for the inner run of one profile: its own output, label and expectation file, then the forwarded flags.
 * The outer run has settled the file: a profile without one that may record it updates a new file in the run folder.
 */
export const innerArguments = (
  options: RunOptions,
  profile: Profile,
  expectations: Pick<ExpectationsUse, 'mode' | 'path'>,
  outDir: string,
): string[] => {
  const { mode, path } = expectations;
  return [
    '--json',
    '--no-color',
    '--out',
    outDir,
    '--label',
    profileLabel(options.label, profile),
    ...(mode === 'check' ? ['--check', '--expectations', path] : []),
    ...(mode === 'update' || mode === 'record' ? ['--update-expectations', '--expectations', path] : []),
    ...forwardedArguments(options),
  ];
};
