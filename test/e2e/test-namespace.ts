import { execa, type ResultPromise } from 'execa';
import { shellQuote } from '../../harness/namespace-script.js';

// Namespaces a test builds itself, for set-ups no profile makes (an extra address on lo, a DNS server of
// the test's own): `unshare` with a setup script, then the command. Only that namespace is changed.

/** Run `command` in a new network and mount namespace after the setup lines; root makes them directly, others map to root. */
export const runInTestNamespace = (
  setup: readonly string[],
  command: readonly string[],
  env: Record<string, string> = {},
): ResultPromise<{ reject: false; env: Record<string, string> }> => {
  const asUser = process.getuid?.() === 0 ? [] : ['--user', '--map-root-user'];
  const script = ['set -e', 'PATH="$PATH:/usr/sbin:/sbin"', 'ip link set lo up', ...setup, 'exec "$@"'].join('\n');
  return execa('unshare', [...asUser, '--net', '--mount', '--propagation', 'private', 'sh', '-c', script, 'test-namespace', ...command], {
    reject: false,
    env,
  });
};

/** A bind mount of `file` over `target`, seen only inside the namespace. */
export const bindMount = (file: string, target: string): string => `mount --bind ${shellQuote(file)} ${shellQuote(target)}`;
