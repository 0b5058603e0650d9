import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Part of `npm run build`: the Node fork server's addon (harness/runtimes/node/fork-addon.c), compiled with the C
// compiler into dist/ beside the fork server. Where it cannot be (not Linux, no compiler), the build says so in one
// line and goes on: Node agents then start fresh, slower, with the same outcomes.

const source = fileURLToPath(new URL('../../harness/runtimes/node/fork-addon.c', import.meta.url));
const addon = fileURLToPath(new URL('../harness/runtimes/node/fork-addon.node', import.meta.url));
const compiler = process.env.CC || 'cc';

/** Why the addon was not built, or null once it is. */
const build = (): string | null => {
  if (process.platform !== 'linux') return `the Node fork server runs on Linux only, and this is ${process.platform}`;
  const compiled = spawnSync(compiler, ['-std=c11', '-O2', '-Wall', '-Wextra', '-shared', '-fPIC', '-o', addon, source], {
    encoding: 'utf8',
  });
  if (compiled.error !== undefined) return `${compiler} could not be run (${compiled.error.message}); set CC to a C compiler`;
  if (compiled.status !== 0) return `${compiler} failed: ${compiled.stderr.trim().split('\n').at(-1) ?? `exit code ${compiled.status}`}`;
  return null;
};

const notBuilt = build();
if (notBuilt !== null) {
  rmSync(addon, { force: true });
  console.log(`sockmatrix build: the Node fork server is not built, ${notBuilt}: Node agents will start fresh, slower`);
}
