import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

// sockmatrix in another project, installed the README's two ways (it is not on the npm registry): a tarball from
// `npm pack`, and the Git repository, whose `prepare` script builds it. Then `npx sockmatrix` as a user runs it.
// npm may ask the registry for the metadata of sockmatrix's dependencies (--prefer-offline: their tarballs come
// from the cache `npm ci` filled); it reaches nothing else.

const repo = fileURLToPath(new URL('../..', import.meta.url));
const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
const twoCells = ['--runtime', 'node', '--transport', 'tcp', '--server', '127.0.0.1', '--client', '127.0.0.1,127.0.0.2', '--no-color'];
// Measured on the 2-core machine: the tarball test 6 s, the Git one 16 s (npm installs sockmatrix's dev dependencies
// from its cache and runs tsc); npm may also wait on the registry for metadata.
const installTimeoutMs = 300_000;
const npmQuietly = ['--prefer-offline', '--no-audit', '--no-fund'];
// A project of the user's: nothing of this repository around it.
const freshProject = (): string => {
  const project = realpathSync(mkdtempSync(join(tmpdir(), 'sockmatrix-user-')));
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'sockmatrix-user', version: '1.0.0', private: true })}\n`);
  return project;
};
const npx = (project: string, args: string[]) =>
  // --offline: the local install or nothing, never a package of that name fetched from the registry.
  execa('npx', ['--offline', 'sockmatrix', ...args], { cwd: project, reject: false, env: { NO_COLOR: '1' } });

describe('sockmatrix installed into another project', () => {
  it(
    'from the tarball of npm pack: npx sockmatrix prints its version, runs two cells, records a first expectation file and checks against it',
    async () => {
      const packs = realpathSync(mkdtempSync(join(tmpdir(), 'sockmatrix-pack-')));
      // --ignore-scripts: pack the dist/ that `npm test` has just built, rather than rebuild it under the other tests' feet.
      const pack = await execa('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packs], { cwd: repo });
      const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
      if (packed === undefined) throw new Error(`npm pack said nothing: ${pack.stderr}`);
      const files = packed.files.map((file) => file.path);
      expect(files).toContain('dist/cli/main.js');
      expect(files).toContain('dist/harness/runtimes/python/client_agent.py');
      // What the agents start with: a Python agent's launcher imports its code and the JSON beside it; Node's agents run as one file each.
      expect(files).toContain('dist/harness/runtimes/python/client_main.py');
      expect(files).toContain('dist/harness/runtimes/python/json_lines.py');
      expect(files).toContain('dist/harness/runtimes/node/client-agent.cjs');
      // Nor the compiled Python the test runs left in dist/ (each interpreter keeps its own where it may write).
      expect(
        files.filter(
          (file) => file.endsWith('.ts') || file.startsWith('test/') || file.startsWith('expectations/') || file.includes('__pycache__'),
        ),
      ).toEqual([]);

      const project = freshProject();
      const install = await execa('npm', ['install', '--save-dev', ...npmQuietly, join(packs, packed.filename)], {
        cwd: project,
        reject: false,
      });
      expect(install.exitCode, install.stderr).toBe(0);
      const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
      expect(manifest.devDependencies?.sockmatrix).toMatch(/^file:.*\.tgz$/);

      const printed = await npx(project, ['--version']);
      expect(printed.exitCode, printed.stderr).toBe(0);
      expect(printed.stdout.trim()).toBe(version);

      // The CI workflow's first run in a project without expectations: record them in the run folder.
      const record = await npx(project, [...twoCells, '--check', '--expectations-missing', 'record']);
      expect(record.exitCode, record.stderr).toBe(0);
      expect(record.stdout).toContain('tcp: 2 cells, 1 connected, 1 failed, 0 harness errors');
      const [runId] = readdirSync(join(project, 'sockmatrix-runs')).filter((name) => name !== 'latest');
      const recorded = join(project, 'sockmatrix-runs', runId ?? '', 'expectations', `${process.platform}.json`);
      expect(existsSync(recorded), record.stderr).toBe(true);

      // Committed where the message says, the next check uses it.
      mkdirSync(join(project, 'expectations'));
      renameSync(recorded, join(project, 'expectations', `${process.platform}.json`));
      const check = await npx(project, [...twoCells, '--check']);
      expect(check.exitCode, check.stderr).toBe(0);
      expect(check.stderr).toContain(`check against expectations/${process.platform}.json (${process.platform}): passed, 2 matched`);
    },
    installTimeoutMs,
  );

  it.skipIf(!existsSync(join(repo, '.git')))(
    'from its Git repository (what `npm install github:<owner>/sockmatrix` does): npm runs the prepare build, then npx sockmatrix runs',
    async () => {
      const project = freshProject();
      // The committed HEAD of this checkout, as GitHub would serve a commit: uncommitted changes are not in it.
      const install = await execa('npm', ['install', '--save-dev', ...npmQuietly, `git+file://${repo}`], { cwd: project, reject: false });
      expect(install.exitCode, install.stderr).toBe(0);
      // Not in the repository (dist/ is ignored): only the prepare script can have made it.
      expect(existsSync(join(project, 'node_modules', 'sockmatrix', 'dist', 'cli', 'main.js'))).toBe(true);
      expect(existsSync(join(project, 'node_modules', 'sockmatrix', 'test'))).toBe(false);

      const printed = await npx(project, ['--version']);
      expect(printed.exitCode, printed.stderr).toBe(0);
      expect(printed.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
      const run = await npx(project, twoCells);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stdout).toContain('tcp: 2 cells, 1 connected, 1 failed, 0 harness errors');
    },
    installTimeoutMs,
  );
});
