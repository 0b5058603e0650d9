import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkNamespaceSupport } from '../../harness/namespace-runner.js';
import { isLinux } from './host-features.js';

// What goes into a report leaves the machine (a ticket, a CI artifact, a step summary): real runs that meet this
// machine's paths and an address off loopback, and every file they write, checked for both.

const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const cli = join(root, 'dist', 'cli', 'main.js');
const support = await checkNamespaceSupport();

/** Every file under a folder, with its text. */
const filesUnder = (folder: string): { path: string; text: string }[] =>
  readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));

/** Which of the texts holds the secret: the paths of the ones that do. */
const holding = (texts: readonly { path: string; text: string }[], secret: string): string[] =>
  texts.filter(({ text }) => text.includes(secret)).map(({ path }) => path);

describe.skipIf(!isLinux)('a crashing agent and an expectation file in the home folder (a fake Python on Linux)', () => {
  const work = mkdtempSync(join(tmpdir(), 'sockmatrix-redact-'));
  const home = join(work, 'home');
  const out = join(work, 'out');
  const summary = join(work, 'step-summary.md');
  const expectations = join(home, 'expectations', 'linux.json');
  // A Python that answers sockmatrix's probe, and whose agents crash with a traceback naming the agent's absolute
  // path in the checkout, a file in the home folder and an address off loopback.
  const python = join(work, 'python3');
  const filter = ['--runtime', 'python', '--transport', 'tcp', '--server', '127.0.0.1', '--client', '127.0.0.1'];
  let result: { exitCode?: number; stdout: string; stderr: string } = { stdout: '', stderr: '' };

  beforeAll(async () => {
    mkdirSync(join(home, 'expectations'), { recursive: true });
    writeFileSync(
      python,
      [
        '#!/bin/sh',
        'case "$*" in *"import sys"*) echo "$0"; echo 3.11.7; exit 0;; esac',
        'echo "Traceback (most recent call last):" >&2',
        'echo "  File \\"$3\\", line 1, in <module>" >&2',
        'echo "  File \\"$HOME/.local/lib/python3.11/site.py\\", line 2" >&2',
        'echo "OSError: [Errno 99] Cannot assign requested address: (\'192.0.2.99\', 40123)" >&2',
        'exit 1',
        '',
      ].join('\n'),
    );
    chmodSync(python, 0o755);
    const env = { NO_COLOR: '1', HOME: home, GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '' };
    const list = await execa(process.execPath, [cli, ...filter, '--python', python, '--list'], { cwd: root, env });
    // Each cell expected to connect, so each deviates: an annotation per cell, and failures in the JUnit file.
    const cells = Object.fromEntries(list.stdout.split('\n').map((cellId) => [cellId, { status: 'connected' }]));
    writeFileSync(expectations, JSON.stringify({ schema: 'sockmatrix/expectations@1', platform: 'linux', runtimes: ['python'], cells }));
    const args = [...filter, '--python', python, '--check', '--expectations', expectations, '--out', out];
    result = await execa(process.execPath, [cli, ...args], {
      cwd: root,
      reject: false,
      env: { ...env, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
  });

  // Every report this run sent anywhere: the run folder's files, the step summary, and stdout (the table and annotations).
  const reports = () => [
    ...filesUnder(out),
    { path: summary, text: readFileSync(summary, 'utf8') },
    { path: 'stdout', text: result.stdout },
  ];

  it('ran the cells, each a harness error with the agent’s traceback', () => {
    expect(result.exitCode, result.stderr).not.toBe(2);
    expect(result.exitCode, result.stderr).not.toBe(3);
    const [report] = filesUnder(out).filter(({ path }) => path.endsWith('report.json'));
    expect(report?.text).toContain('"reason": "agent-crashed"');
    expect(result.stdout).toContain('::error title=sockmatrix deviated');
  });

  it.each([
    ['the checkout (the working directory)', root],
    ['the home folder', home],
    ['the address off loopback', '192.0.2.99'],
  ])('names nowhere %s', (_name, secret) => {
    expect(holding(reports(), secret)).toEqual([]);
  });

  it.each([
    ['report.json', 'File \\"dist/harness/runtimes/python/server_agent.py\\"'],
    ['report.json', '<home>/.local/lib/python3.11/site.py'],
    ['report.json', "('<non-loopback>', 40123)"],
    ['report.json', '"expectations": "<home>/expectations/linux.json"'],
    ['report.md', '<home>/expectations/linux.json'],
    ['report.junit.xml', 'value="&lt;home&gt;/expectations/linux.json"'],
  ])('%s says %s instead', (file, text) => {
    const written = filesUnder(out).find(({ path }) => path.endsWith(`/${file}`));
    expect(written?.text).toContain(text);
  });
});

describe.skipIf(!support.ok)(
  `a profile whose hosts file sends localhost off loopback${support.ok ? '' : ` (skipped: ${support.reason})`}`,
  () => {
    const work = mkdtempSync(join(tmpdir(), 'sockmatrix-redact-'));
    const out = join(work, 'out');
    const leaky = '192.0.2.99';
    let result: { exitCode?: number; stdout: string; stderr: string } = { stdout: '', stderr: '' };

    beforeAll(async () => {
      const profiles = join(work, 'profiles.json');
      const shape = { ipv6: true, bindv6only: 0, ipv4Loopback: '127.0.0.1/8', hostsFile: [`${leaky} localhost`] };
      writeFileSync(profiles, JSON.stringify({ profiles: [{ name: 'leaky', imitates: 'a hosts file gone wrong', shape }] }));
      const args = ['--profiles-file', profiles, '--profile', 'leaky', '--runtime', 'node', '--transport', 'tcp'];
      result = await execa(process.execPath, [cli, ...args, '--server', 'localhost,127.0.0.1', '--client', 'localhost', '--out', out], {
        reject: false,
        env: { NO_COLOR: '1', GITHUB_ACTIONS: '' },
      });
    });

    it('resolved localhost to the address off loopback, and says so without it', () => {
      expect(result.exitCode, result.stderr).toBe(0);
      const [report] = filesUnder(out).filter(({ path }) => path.endsWith('profiles/leaky/report.json'));
      expect(JSON.parse(report?.text ?? '{}').environment.localhost.addresses).toEqual([{ address: '<non-loopback>', family: 4 }]);
      expect(report?.text).toContain('<non-loopback>');
    });

    it('names the address in no file of the run folder, nor on stdout', () => {
      expect(holding([...filesUnder(out), { path: 'stdout', text: result.stdout }], leaky)).toEqual([]);
    });
  },
);
