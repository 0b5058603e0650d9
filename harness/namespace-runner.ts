import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import type { LoopbackShape } from '../matrix/profiles.js';
import { namespaceSetupScript, namespaceToolsProbe } from './namespace-script.js';
import { makeScratchFolder, removeScratchFolder } from './scratch-folders.js';

// Running a command inside a fresh network and mount namespace shaped like another platform.
// The whole harness runs inside, so a cell there costs what it costs on the host.

/** Whether namespaces can be made here, and if not, why not in one line. */
export type NamespaceSupport = { ok: true } | { ok: false; reason: string };

// Root creates namespaces directly; anyone else needs an unprivileged user namespace mapped to root.
const unshareFlags = (): string[] => [
  ...(process.getuid?.() === 0 ? [] : ['--user', '--map-root-user']),
  '--net',
  '--mount',
  '--propagation',
  'private',
];

/** Check once whether this machine lets sockmatrix create network namespaces. */
export const checkNamespaceSupport = async (platform: NodeJS.Platform = process.platform): Promise<NamespaceSupport> => {
  if (platform !== 'linux') return { ok: false, reason: `network namespaces are a Linux feature, and this is ${platform}` };
  const probe = await execa('unshare', [...unshareFlags(), 'sh', '-c', namespaceToolsProbe], { reject: false, timeout: 10_000 });
  if (probe.exitCode === 0) return { ok: true };
  const missingTools = /^missing: (.+)$/m.exec(probe.stderr);
  if (probe.exitCode === 3 && missingTools) {
    return {
      ok: false,
      reason: `the namespace set-up needs ${missingTools[1]?.split(' ').join(', ')}, not found on this machine (Debian: apt-get install iproute2 procps mount)`,
    };
  }
  const why = (probe.stderr || probe.originalMessage || probe.message || 'unknown error').split('\n')[0];
  return {
    ok: false,
    reason: `cannot create a network namespace here (unshare: ${why}); run as root, or enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1)`,
  };
};

/** What a command run in a namespace printed, and how it ended. */
export interface NamespaceRunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run `command` inside a new namespace shaped as `shape`. Its stderr passes through (progress),
 * its stdout is returned. It runs in its own process group, so a terminal's Ctrl-C reaches only
 * sockmatrix, which stops it with one SIGTERM through `signal`. Its stdin is a pipe held open while
 * it runs: it ends when this process does, however it dies, for a command that watches it.
 */
export const runInNamespace = async (
  shape: LoopbackShape,
  command: readonly string[],
  { signal, onStderr, env }: { signal: AbortSignal; onStderr: (chunk: string) => void; env: NodeJS.ProcessEnv },
): Promise<NamespaceRunResult> => {
  const scratch = await makeScratchFolder('profile');
  try {
    const files = { hosts: join(scratch, 'hosts'), gaiConf: join(scratch, 'gai.conf') };
    await writeFile(files.hosts, `${shape.hostsFile.join('\n')}\n`);
    await writeFile(files.gaiConf, shape.gaiConf.map((line) => `${line}\n`).join(''));
    const script = `${namespaceSetupScript(shape, files)}\nexec "$@"`;
    const subprocess = execa('unshare', [...unshareFlags(), 'sh', '-c', script, 'sockmatrix-profile', ...command], {
      reject: false,
      env,
      extendEnv: false,
      stdin: 'pipe',
      detached: true,
      cancelSignal: signal,
      killSignal: 'SIGTERM',
      forceKillAfterDelay: 30_000,
      maxBuffer: 256 * 1024 * 1024,
    });
    subprocess.stderr?.setEncoding('utf8');
    subprocess.stderr?.on('data', onStderr);
    const result = await subprocess;
    return {
      exitCode: result.exitCode ?? null,
      stdout: typeof result.stdout === 'string' ? result.stdout : '',
      stderr: typeof result.stderr === 'string' ? result.stderr : '',
    };
  } finally {
    await removeScratchFolder(scratch);
  }
};
