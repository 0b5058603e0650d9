import { basename, dirname, join } from 'node:path';
import type { SetupNameParts } from '../../reports/setup-fingerprint.js';

// Expectation files named for the setup they hold, so a machine whose hosts file or Node major changes outcomes
// can have its own file, while expectations/<platform>.json stays the file every other machine of the platform uses.

/** The folder of the expectation files a run finds by itself, relative to the working directory. */
export const expectationsFolder = 'expectations';

/**
 * The files a run on this setup looks for, most specific first: Node major and localhost, localhost alone
 * (a hosts file changes more cells than a Node major does), Node major alone, then the platform's own file:
 * `linux.node20.localhost-v4.json`, `linux.localhost-v4.json`, `linux.node20.json`, `linux.json`.
 */
export const expectationCandidates = (platform: string, parts: SetupNameParts): string[] =>
  [[parts.node, parts.localhost], [parts.localhost], [parts.node], []].map((keys) =>
    join(expectationsFolder, `${[platform, ...keys].join('.')}.json`),
  );

/** Whether a name is one a setup's file names are made of (`node20`, `localhost-v6v4`): no profile may be called so. */
export const isSetupNamePart = (name: string): boolean => /^(node(\d+|unknown)|localhost-(v4|v6|v4v6|v6v4|none))$/.test(name);

/** The file a shaped profile is checked against: `expectations/linux.v6only.json` (its namespace brings its own setup). */
export const profileExpectationsFile = (platform: string, profileName: string): string =>
  join(expectationsFolder, `${platform}.${profileName}.json`);

/** Which expectation file a run uses: the first that exists, with every name it looked for. */
export interface ExpectationsChoice {
  /** The first candidate that exists, or null when none does. */
  found: string | null;
  /** Every name looked for, most specific first; the last is the one a new file gets. */
  lookedFor: string[];
}

/** The first candidate that exists. */
export const chooseExpectations = (candidates: readonly string[], exists: (path: string) => boolean): ExpectationsChoice => ({
  found: candidates.find(exists) ?? null,
  lookedFor: [...candidates],
});

/** The order looked in, in one line: `linux.node20.localhost-v4.json → ... → linux.json in expectations/`. */
export const lookupOrder = (candidates: readonly string[]): string => {
  if (candidates.length === 1) return candidates[0] ?? '';
  const folders = new Set(candidates.map((candidate) => dirname(candidate)));
  const [folder] = folders;
  // One folder (always, for names made here): said once, after the names.
  if (folders.size === 1 && folder !== undefined) return `${candidates.map((candidate) => basename(candidate)).join(' → ')} in ${folder}/`;
  return candidates.join(' → ');
};
