import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { isLinux } from './host-features.js';

// A private mount namespace for tests that need a file system to fail for real (full, read-only): the host's
// mounts are never touched, and whatever is mounted inside vanishes with the namespace's processes.

// Root makes a mount namespace as it is; anyone else may, where unprivileged user namespaces are allowed.
const prefixes = [
  ['unshare', '--mount'],
  ['unshare', '--user', '--map-root-user', '--mount'],
];

const canMount = async (prefix: readonly string[]): Promise<boolean> => {
  const [command = 'unshare', ...options] = prefix;
  const folder = mkdtempSync(join(tmpdir(), 'sockmatrix-mount-'));
  const probe = await execa(command, [...options, 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs "$1"', 'sh', folder], { reject: false });
  return probe.exitCode === 0;
};

const findPrefix = async (): Promise<readonly string[] | null> => {
  if (!isLinux) return null;
  for (const prefix of prefixes) if (await canMount(prefix)) return prefix;
  return null;
};

/** How to enter a mount namespace here (`unshare --mount`, ...), or null where a tmpfs cannot be mounted in one. */
export const mountPrefix = await findPrefix();

/** Why the tests that need one are skipped, for their names. */
export const mountSkipReason = mountPrefix === null ? ' (skipped: needs Linux and the right to mount a tmpfs in a mount namespace)' : '';

/** Run a shell script in a fresh mount namespace, with "$1" a new empty folder and `args` after it; resolves to what it printed. */
export const inMountNamespace = async (script: string, args: readonly string[]): Promise<string> => {
  const [command = 'unshare', ...options] = mountPrefix ?? [];
  const folder = mkdtempSync(join(tmpdir(), 'sockmatrix-disk-'));
  const result = await execa(command, [...options, 'sh', '-c', `set -u\n${script}`, 'sh', folder, ...args], { reject: false });
  return `${result.stdout}\n${result.stderr}`;
};
