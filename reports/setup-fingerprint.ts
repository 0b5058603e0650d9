import type { Environment } from '../harness/environment-types.js';

// The setup a set of outcomes was recorded on, as an expectation file keeps it: the facts that decide how
// loopback pairings behave, each in words. A --check that fails on a machine set up differently says which
// facts differ before it lists cells, so "localhost resolves to ::1 here" is read before 40 deviations.

/** Each fact by a stable key, its value in words: `{ "localhost": "127.0.0.1, ::1", "ipv6": "available" }`. */
export type SetupFingerprint = Readonly<Record<string, string>>;

/** One fact that differs between where expectations were recorded and here. */
export interface SetupDifference {
  /** The fact's key in the expectation file, e.g. `localhost`. */
  fact: string;
  /** Its value where the file was recorded, or null where that file did not record it. */
  recorded: string | null;
  /** Its value here, or null where this run could not tell. */
  here: string | null;
}

// The facts in the order they decide outcomes, each with what a message calls it. Runtime versions follow them.
const facts: readonly (readonly [key: string, label: string])[] = [
  ['localhost', 'localhost resolved to'],
  ['hosts-file', "the hosts file's localhost lines were"],
  ['resolver', 'names were resolved by'],
  ['gai.conf', "glibc's gai.conf (the order of a name's addresses) was"],
  ['ipv6', 'IPv6 on loopback was'],
  ['loopback', 'the loopback addresses were'],
  ['net.ipv6.bindv6only', 'net.ipv6.bindv6only was'],
  ['net.ipv6.conf.all.disable_ipv6', 'net.ipv6.conf.all.disable_ipv6 was'],
  ['net.ipv6.conf.lo.disable_ipv6', 'net.ipv6.conf.lo.disable_ipv6 was'],
  ['os', 'the OS was'],
];

const sysctl = (value: number | null): string => (value === null ? 'unreadable' : String(value));

const localhostText = ({ addresses, error }: Environment['localhost']): string =>
  error !== null ? `nothing (${error})` : addresses.length === 0 ? 'nothing' : addresses.map(({ address }) => address).join(', ');

const resolverText = (resolver: Environment['resolver']): string | undefined => {
  if (resolver === undefined) return undefined;
  if (resolver.mode === 'hosts-file') return 'the hosts file alone';
  return resolver.nsswitchHosts === null ? 'the system resolver' : `the system resolver (hosts: ${resolver.nsswitchHosts.join(' ')})`;
};

// Absent (a report from before 1.3) or null (not glibc): no fact. No directive: glibc's built-in RFC 6724 table.
const gaiConfText = (gaiConf: Environment['gaiConf']): string | undefined => {
  if (gaiConf === undefined || gaiConf === null) return undefined;
  return gaiConf.directives.length === 0 ? "glibc's default (RFC 6724: ::1 before IPv4)" : gaiConf.directives.join(' | ');
};

/** The fingerprint of a run's environment; a fact the environment does not have is left out. */
export const setupFingerprint = (environment: Environment): SetupFingerprint => {
  const entries: [string, string | undefined][] = [
    ['localhost', localhostText(environment.localhost)],
    [
      'hosts-file',
      environment.hostsFile === null
        ? 'none'
        : environment.hostsFile.localhostLines.length === 0
          ? 'none'
          : environment.hostsFile.localhostLines.join(' | '),
    ],
    ['resolver', resolverText(environment.resolver)],
    ['gai.conf', gaiConfText(environment.gaiConf)],
    ['ipv6', environment.ipv6Available ? 'available' : 'not available'],
    ['loopback', environment.loopbackInterfaces.map(({ name, addresses }) => [name, ...addresses].join(' ')).join(' | ') || 'none'],
    ['net.ipv6.bindv6only', environment.linux === null ? undefined : sysctl(environment.linux.bindv6only)],
    ['net.ipv6.conf.all.disable_ipv6', environment.linux === null ? undefined : sysctl(environment.linux.disableIpv6All)],
    ['net.ipv6.conf.lo.disable_ipv6', environment.linux === null ? undefined : sysctl(environment.linux.disableIpv6Lo)],
    ['os', `${environment.os.platform} ${environment.os.release} (${environment.os.arch})`],
    ...Object.entries(environment.runtimes ?? { node: environment.node }),
  ];
  return Object.fromEntries(entries.filter((entry): entry is [string, string] => entry[1] !== undefined));
};

/**
 * The facts that differ, in the order they decide outcomes. A fact the file did not record differs in nothing
 * (a file from before fingerprints has none), nor does a runtime this run did not use.
 */
export const setupDifferences = (recorded: SetupFingerprint | null, here: SetupFingerprint): SetupDifference[] => {
  if (recorded === null) return [];
  const setupKeys = facts.map(([key]) => key);
  const runtimeKeys = Object.keys(recorded).filter((key) => !setupKeys.includes(key) && Object.hasOwn(here, key));
  return [...setupKeys, ...runtimeKeys].flatMap((fact): SetupDifference[] => {
    const before = Object.hasOwn(recorded, fact) ? (recorded[fact] ?? null) : null;
    const now = Object.hasOwn(here, fact) ? (here[fact] ?? null) : null;
    if (before === null || before === now) return [];
    return [{ fact, recorded: before, here: now }];
  });
};

const labelOf = (fact: string): string => facts.find(([key]) => key === fact)?.[1] ?? `${fact} was`;

/** A difference in words: `localhost resolved to 127.0.0.1 there; here ::1, 127.0.0.1`. */
export const differenceText = ({ fact, recorded, here }: SetupDifference): string =>
  `${labelOf(fact)} ${recorded ?? 'not recorded'} there; here ${here ?? 'unknown'}`;

/** The line before the list of differences, naming the file. */
export const differencesHeading = (file: string): string =>
  `this machine is set up differently from where ${file} was recorded, which may explain the cells below:`;

/**
 * The facts of a setup that expectation files may be named by, as name parts: the Node major (`node20`) and
 * the families `localhost` resolves to, in the resolver's order (`localhost-v4`, `localhost-v6v4`, `localhost-none`).
 * Both change outcomes on one platform: the hosts file decides every `localhost` cell, and a Node major
 * changes defaults such as happy eyeballs. The other facts (IPv6 off, bindv6only) are a profile's business.
 */
export interface SetupNameParts {
  node: string;
  localhost: string;
}

/** The name parts of a run's environment: `{ node: 'node20', localhost: 'localhost-v4' }`. */
export const setupNameParts = (environment: Pick<Environment, 'node' | 'localhost'>): SetupNameParts => {
  const major = /^v?(\d+)/.exec(environment.node)?.[1] ?? 'unknown';
  const families = [...new Set(environment.localhost.addresses.map(({ family }) => `v${family}`))];
  return { node: `node${major}`, localhost: `localhost-${families.length === 0 ? 'none' : families.join('')}` };
};

/**
 * The name parts of the setup an expectation file recorded, read back from its fingerprint's words (`node`:
 * `v20.20.2`, `localhost`: `127.0.0.1, ::1`); a part the file did not record is left out.
 */
export const setupNamePartsOfFingerprint = (fingerprint: SetupFingerprint): Partial<SetupNameParts> => {
  const parts: Partial<SetupNameParts> = {};
  const major = /^v?(\d+)\./.exec(fingerprint.node ?? '')?.[1];
  if (major !== undefined) parts.node = `node${major}`;
  const localhost = fingerprint.localhost;
  if (localhost !== undefined) {
    const addresses = localhost.startsWith('nothing') ? [] : localhost.split(', ');
    const families = [...new Set(addresses.map((address) => (address.includes(':') ? 'v6' : 'v4')))];
    parts.localhost = `localhost-${families.length === 0 ? 'none' : families.join('')}`;
  }
  return parts;
};
