import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { buildForkAddon } from '../../scripts/fork-addon-build.js';
import { isLinux } from './host-features.js';

// The Node fork server's addon as `npm run build` makes it: compiled with the C compiler where there is one, and
// where there is none (or not Linux), one line that says so and no addon, so that Node agents start fresh.

const source = fileURLToPath(new URL('../../harness/runtimes/node/fork-addon.c', import.meta.url));
const compiler = process.env.CC || 'cc';
const hasCompiler = isLinux && (await execa(compiler, ['--version'], { reject: false })).exitCode === 0;
const folder = (): string => mkdtempSync(join(tmpdir(), 'sockmatrix-addon-'));

describe('the Node fork server addon build', () => {
  it.skipIf(!hasCompiler)(
    `compiles an addon that Node loads, with the fork server's calls${hasCompiler ? '' : ' (skipped: no C compiler on Linux)'}`,
    async () => {
      const output = join(folder(), 'fork-addon.node');
      expect(buildForkAddon(source, output, compiler)).toBeNull();
      const loaded = await execa(process.execPath, ['-e', 'console.log(Object.keys(require(process.argv[1])).sort().join(" "))', output]);
      expect(loaded.stdout).toBe('endWith exit fork next pid start');
    },
  );

  it('says why, and leaves no addon (not even an earlier one), where the compiler cannot be run', () => {
    const output = join(folder(), 'fork-addon.node');
    writeFileSync(output, 'an earlier build');
    expect(buildForkAddon(source, output, '/nonexistent/cc')).toMatch(
      /^\/nonexistent\/cc could not be run \(spawnSync \/nonexistent\/cc ENOENT\); set CC to a C compiler$/,
    );
    expect(existsSync(output)).toBe(false);
  });

  it.skipIf(!hasCompiler)('says why where the compiler fails, with its last line', () => {
    const broken = join(folder(), 'broken.c');
    writeFileSync(broken, 'this is not C\n');
    const output = join(folder(), 'fork-addon.node');
    expect(buildForkAddon(broken, output, compiler)).toMatch(new RegExp(`^${compiler} failed on .*broken\\.c: .+`));
    expect(existsSync(output)).toBe(false);
  });

  it('builds nothing off Linux, saying the fork server is Linux-only', () => {
    const output = join(folder(), 'fork-addon.node');
    expect(buildForkAddon(source, output, compiler, 'darwin')).toBe('the Node fork server runs on Linux only, and this is darwin');
    expect(existsSync(output)).toBe(false);
  });
});
