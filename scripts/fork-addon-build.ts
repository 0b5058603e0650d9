import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

// How the Node fork server's addon (harness/runtimes/node/fork-addon.c) is compiled: with the C compiler, no
// headers (fork-addon.c declares what it uses of Node), Linux only, as the fork server. build-node-fork.ts runs it.

/** Compile `source` into the addon `output` with `compiler`; why not, in words for the build's one line, or null once built. */
export const buildForkAddon = (
  source: string,
  output: string,
  compiler: string,
  platform: NodeJS.Platform = process.platform,
): string | null => {
  const notBuilt = (why: string): string => {
    // A stale addon from an earlier build would be taken for this one's.
    rmSync(output, { force: true });
    return why;
  };
  if (platform !== 'linux') return notBuilt(`the Node fork server runs on Linux only, and this is ${platform}`);
  const compiled = spawnSync(compiler, ['-std=c11', '-O2', '-Wall', '-Wextra', '-shared', '-fPIC', '-o', output, source], {
    encoding: 'utf8',
  });
  if (compiled.error !== undefined) return notBuilt(`${compiler} could not be run (${compiled.error.message}); set CC to a C compiler`);
  if (compiled.status !== 0) {
    const lastLine = compiled.stderr.trim().split('\n').at(-1) || `exit code ${compiled.status}`;
    return notBuilt(`${compiler} failed on ${source}: ${lastLine}`);
  }
  return null;
};
