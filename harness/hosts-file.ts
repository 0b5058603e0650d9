import { isLoopbackAddress } from '../matrix/loopback.js';

// The hosts file's say on localhost, cut down to what a public ticket may show: the localhost
// names and their addresses, never another hostname (it would name the machine) or a LAN address.

/** The names that mean this machine's loopback on some system's stock hosts file. */
const localhostNames = new Set([
  'localhost',
  'localhost.localdomain',
  'localhost4',
  'localhost4.localdomain4',
  'localhost6',
  'localhost6.localdomain6',
  'ip6-localhost',
  'ip6-loopback',
]);

// Addresses that are the same on every machine, so showing them identifies nothing; old macOS
// shipped `fe80::1%lo0 localhost`, which sent some clients to a link-local address.
const wellKnownAddresses = new Set(['0.0.0.0', '::', 'fe80::1%lo0']);

/** What stands in for an address that is not loopback: the finding is that it is there, not which one. */
export const redactedAddress = '<non-loopback>';

/** Whether a hosts-file name is one of the localhost names (hostnames are case-insensitive). */
export const isLocalhostName = (name: string): boolean => localhostNames.has(name.toLowerCase());

/** The lines of a hosts file that name localhost, each reduced to its address and its localhost names. */
export const localhostLines = (text: string): string[] =>
  text.split(/\r?\n/).flatMap((rawLine) => {
    const [address, ...names] = (rawLine.split('#', 1)[0] ?? '').trim().split(/\s+/);
    const kept = names.filter(isLocalhostName);
    if (address === undefined || address === '' || kept.length === 0) return [];
    const shown = isLoopbackAddress(address) || wellKnownAddresses.has(address.toLowerCase()) ? address : redactedAddress;
    return [`${shown} ${kept.join(' ')}`];
  });

/** Where the hosts file lives on a platform: %SystemRoot%\System32\drivers\etc\hosts on Windows, /etc/hosts elsewhere. */
export const hostsFilePath = (platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string => {
  if (platform !== 'win32') return '/etc/hosts';
  // process.env is case-insensitive on Windows, a plain object is not: accept either spelling.
  const systemRoot = env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows';
  return `${systemRoot.replace(/\\+$/, '')}\\System32\\drivers\\etc\\hosts`;
};
