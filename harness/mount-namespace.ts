import { type ChildProcess, spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { execa } from 'execa';
import { isGlibc, localResolverLines, nsswitchPath } from './local-resolver.js';
import type { NamespaceSupport } from './namespace-runner.js';

// --resolver hosts-file on the host: the host's own network (the real loopback), in a private mount
// namespace whose nsswitch.conf leaves glibc the hosts file alone. Nothing of the host changes: the
// bind mount is seen only inside, and vanishes with the last process in it.

/** Set in the environment of a run started inside that namespace, so it never tries to start another. */
export const localResolverMark = 'SOCKMATRIX_LOCAL_RESOLVER';

// Root makes the mount namespace directly; anyone else needs an unprivileged user namespace mapped to root.
const unshareFlags = (): string[] => [
  ...(process.getuid?.() === 0 ? [] : ['--user', '--map-root-user']),
  '--mount',
  '--propagation',
  'private',
];

const setupScript = (): string => ['set -e', 'PATH="$PATH:/usr/sbin:/sbin"', ...localResolverLines()].join('\n');

/** Whether a private mount namespace with the hosts file alone can be made here, and if not, why not in one line. */
export const checkLocalResolverSupport = async (platform: NodeJS.Platform = process.platform): Promise<NamespaceSupport> => {
  if (platform !== 'linux') return { ok: false, reason: `mount namespaces are a Linux feature, and this is ${platform}` };
  if (!isGlibc()) {
    return { ok: false, reason: 'this Node does not run on glibc, and only glibc reads nsswitch.conf (musl, as on Alpine, does not)' };
  }
  if (
    !(await access(nsswitchPath).then(
      () => true,
      () => false,
    ))
  ) {
    return { ok: false, reason: `${nsswitchPath} is missing here, so there is no 'hosts:' line to set to files` };
  }
  // The set-up once for real, and its result read back: a mount that did not take is a refusal, not a leak.
  const verify = `grep -q -x 'hosts: files' ${nsswitchPath} && [ ! -e /var/run/nscd/socket ]`;
  const probe = await execa('unshare', [...unshareFlags(), 'sh', '-c', `${setupScript()}\n${verify}`], { reject: false, timeout: 10_000 });
  if (probe.exitCode === 0) return { ok: true };
  const why = (probe.stderr || probe.originalMessage || probe.message || `exit status ${probe.exitCode}`).split('\n')[0];
  return {
    ok: false,
    reason: `cannot make a private mount namespace here (unshare: ${why}); run as root, or enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1)`,
  };
};

/**
 * Start `command` inside a new private mount namespace with the hosts file alone, with this process's
 * stdin, stdout and stderr. It runs in its own process group, so the caller decides which signals reach it.
 */
export const startWithLocalResolver = (command: readonly string[], env: NodeJS.ProcessEnv): ChildProcess =>
  spawn('unshare', [...unshareFlags(), 'sh', '-c', `${setupScript()}\nexec "$@"`, 'sockmatrix-resolver', ...command], {
    env: { ...env, [localResolverMark]: '1' },
    stdio: 'inherit',
    detached: true,
  });
