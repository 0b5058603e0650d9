import type { Environment } from '../../harness/environment-types.js';
import type { ResolverRecord } from '../../harness/local-resolver.js';
import type { Report } from '../report.js';

// Short names and one-line descriptions of the machine a report was made on, for diff and merge.

/** `6.18` from `6.18.44-generic`, `10.0` from `10.0.22631`, `20.20` from `v20.20.2`: the part that tells versions apart. */
const majorMinor = (version: string): string => {
  const match = /^v?(\d+)(?:\.(\d+))?/.exec(version);
  if (match === null) return version.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 16) || 'unknown';
  return match[2] === undefined ? (match[1] ?? '') : `${match[1]}.${match[2]}`;
};

/** A name made from the fingerprint: `linux-6.18-node20.20`, `-py3.11` where Python ran, `-noipv6` or `-bindv6only` when those set it apart. */
export const fingerprintName = (environment: Environment): string => {
  const parts = [environment.os.platform, majorMinor(environment.os.release), `node${majorMinor(environment.node)}`];
  const python = environment.runtimes?.python;
  if (python !== undefined) parts.push(`py${majorMinor(python)}`);
  if (!environment.ipv6Available) parts.push('noipv6');
  if (environment.linux?.bindv6only === 1) parts.push('bindv6only');
  return parts.join('-');
};

/** What a report's column or side is called: its `--label` when it has one, else its fingerprint name. */
export const reportName = (report: Report): string => report.run.label ?? fingerprintName(report.environment);

/** Names made unique in order: a repeated name gets `-2`, `-3`, ... (skipping any suffix another name already has). */
export const uniqueNames = (names: readonly string[]): string[] => {
  const taken = new Set<string>();
  return names.map((name) => {
    let unique = name;
    for (let suffix = 2; taken.has(unique) || (unique !== name && names.includes(unique)); suffix += 1) unique = `${name}-${suffix}`;
    taken.add(unique);
    return unique;
  });
};

/** The runtimes and their versions: `Node v20.20.2, Python 3.11.7`; a report from before 1.1 names only Node. */
export const runtimesLine = (
  environment: Environment,
  version: (text: string) => string = (text) => text,
  name: (text: string) => string = (text) => text,
): string => {
  const versions = environment.runtimes ?? { node: environment.node };
  const names = Object.keys(versions).length === 0 ? { node: environment.node } : versions;
  return Object.entries(names)
    .map(([runtime, said]) => `${name(runtimeTitle(runtime))} ${version(said)}`)
    .join(', ');
};

/** A runtime's name for people: `Node.js` is said `Node`, as everywhere in the reports; an unknown one as it is. */
const runtimeTitle = (runtime: string): string => (runtime === 'node' ? 'Node' : runtime === 'python' ? 'Python' : runtime);

/** How names resolved, in words that say whether a lookup could have left the machine; null before report@1.2. */
export const resolverText = (resolver: ResolverRecord | undefined, code: (text: string) => string = (text) => text): string | null => {
  if (resolver === undefined) return null;
  const sources = resolver.nsswitchHosts === null ? '' : ` (nsswitch.conf ${code(`hosts: ${resolver.nsswitchHosts.join(' ')}`)})`;
  return resolver.mode === 'hosts-file'
    ? `the hosts file alone${sources}: no lookup asked a DNS server`
    : `the system resolver, as your own programs use it${sources}: a name the hosts file lacks may have been asked of a DNS server`;
};

/** What orders a name's addresses, in words: glibc's gai.conf, its directives or its default; null off glibc or before report@1.3. */
export const gaiConfText = (gaiConf: Environment['gaiConf'], code: (text: string) => string = (text) => text): string | null => {
  if (gaiConf === undefined || gaiConf === null) return null;
  if (gaiConf.directives.length === 0) return `glibc's default (RFC 6724: ::1 before IPv4), ${code(gaiConf.path)} has no directive`;
  return `${code(gaiConf.path)}: ${gaiConf.directives.map(code).join('; ')}`;
};

/** The environment in one line: `linux 6.18.44 x64, Node v20.20.2, IPv6 yes, bindv6only 0, localhost 127.0.0.1, ::1`. */
export const environmentLine = (environment: Environment): string => {
  const { os, linux, localhost } = environment;
  const parts = [`${os.platform} ${os.release} ${os.arch}`, runtimesLine(environment), `IPv6 ${environment.ipv6Available ? 'yes' : 'no'}`];
  // The sysctl exists only on Linux; elsewhere saying nothing is more honest than a guess.
  if (linux !== null) parts.push(`bindv6only ${linux.bindv6only ?? 'unreadable'}`);
  const order = localhost.addresses.map((address) => address.address).join(', ');
  parts.push(`localhost ${localhost.error === null ? order || 'no addresses' : `error ${localhost.error.split(':')[0]}`}`);
  return parts.join(', ');
};
