import { builtInProfiles, type LoopbackShape, type Profile } from '../../matrix/profiles.js';
import { definitionsFileCap, InputTooLarge, readInputFileSync } from '../../reports/input-file.js';
import { describeJsonError } from '../../reports/json-error.js';
import { safeLine } from '../../reports/text/control-characters.js';
import { UsageError } from '../usage-error.js';
import { isSetupNamePart } from './expectation-names.js';

// --profile and --profiles-file, parsed once into Profile values.

const profileName = /^[a-z0-9][a-z0-9._-]{0,39}$/;

const fail = (file: string, what: string): never => {
  throw new UsageError(`${file}: ${what}. See "Profiles" in the README for the format.`);
};

/** Parse one shape from a profiles file, naming the file and profile in any error. */
const parseShape = (file: string, name: string, value: unknown): LoopbackShape => {
  if (typeof value !== 'object' || value === null) return fail(file, `profile '${name}' needs a "shape" object`);
  const shape = value as Record<string, unknown>;
  if (typeof shape.ipv6 !== 'boolean') fail(file, `profile '${name}': "ipv6" must be true or false`);
  if (shape.bindv6only !== 0 && shape.bindv6only !== 1) fail(file, `profile '${name}': "bindv6only" must be 0 or 1`);
  if (shape.ipv4Loopback !== '127.0.0.1/8' && shape.ipv4Loopback !== '127.0.0.1/32') {
    fail(file, `profile '${name}': "ipv4Loopback" must be "127.0.0.1/8" or "127.0.0.1/32"`);
  }
  const hosts = shape.hostsFile;
  if (!Array.isArray(hosts) || !hosts.every((line) => typeof line === 'string' && !line.includes('\n'))) {
    fail(file, `profile '${name}': "hostsFile" must be a list of lines`);
  }
  const gaiConf = shape.gaiConf ?? [];
  if (!Array.isArray(gaiConf) || !gaiConf.every((line) => typeof line === 'string' && !line.includes('\n'))) {
    fail(file, `profile '${name}': "gaiConf" must be a list of lines, e.g. ["precedence ::ffff:0:0/96 100"], or left out`);
  }
  return { ...shape, gaiConf } as unknown as LoopbackShape;
};

/** Read the profiles a user defines in a JSON file: { "profiles": [{ name, imitates, fidelity, shape }] }. */
export const readProfilesFile = (file: string): Profile[] => {
  let parsed: unknown;
  let text = '';
  try {
    text = readInputFileSync(file, definitionsFileCap);
    parsed = JSON.parse(text);
  } catch (error) {
    if (error instanceof InputTooLarge) return fail(file, `${error.of('a profiles file')} (a profile takes a few hundred bytes)`);
    const code = (error as NodeJS.ErrnoException).code;
    return fail(file, code ? `cannot be read (${code})` : `is not valid JSON (${describeJsonError(text, error)})`);
  }
  const list = (parsed as { profiles?: unknown } | null)?.profiles;
  if (!Array.isArray(list)) return fail(file, 'needs a "profiles" list');
  const seen = new Set<string>();
  return list.map((entry: unknown, index) => {
    const profile = (entry ?? {}) as Record<string, unknown>;
    const name = profile.name;
    if (typeof name !== 'string' || !profileName.test(name)) {
      return fail(file, `profile ${index + 1} needs a "name" of lower-case letters, digits, '.', '_' or '-'`);
    }
    // `all` is what --profile says for every profile; a profile of that name could never be asked for alone.
    if (name === 'all')
      return fail(file, `profile ${index + 1} is named 'all', which --profile takes to mean every profile: choose another name`);
    // Its expectation file would be taken for one named for a setup (expectations/linux.node20.json).
    if (isSetupNamePart(name)) {
      return fail(
        file,
        `profile '${name}' has a name that expectation files use for a setup (node<major>, localhost-<families>): choose another name`,
      );
    }
    if (seen.has(name)) return fail(file, `profile '${name}' is defined twice`);
    seen.add(name);
    // Both go into every report, terminal and step summary: one line each, without control characters.
    return {
      name,
      imitates: typeof profile.imitates === 'string' ? safeLine(profile.imitates) : 'a user-defined set-up',
      fidelity: typeof profile.fidelity === 'string' ? safeLine(profile.fidelity) : 'as the user defined it',
      shape: parseShape(file, name, profile.shape),
    };
  });
};

// How many known names an unknown --profile lists: a profiles file may define thousands.
const namesListed = 20;

/** The profiles a run asks for: names from --profile (or `all`), out of the built-in and the user's; linear in both. */
export const chooseProfiles = (requested: readonly string[], userProfiles: readonly Profile[]): Profile[] => {
  const byName = new Map<string, Profile>(builtInProfiles.map((profile) => [profile.name, profile]));
  // A user's profile with a built-in name replaces it in its place (a Map keeps a key where it was first set).
  for (const profile of userProfiles) byName.set(profile.name, profile);
  if (requested.length === 0) return [...byName.values()].filter((profile) => profile.name === 'host');
  if (requested.includes('all')) return [...byName.values()];
  return requested.map((name) => {
    const profile = byName.get(name);
    if (profile) return profile;
    const names = [...byName.keys()];
    const more = names.length > namesListed ? ` and ${names.length - namesListed} more` : '';
    throw new UsageError(`--profile: no profile '${name}'. Known: ${names.slice(0, namesListed).join(', ')}${more}, or all.`);
  });
};
