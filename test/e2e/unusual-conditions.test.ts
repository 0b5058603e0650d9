import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { checkNamespaceSupport } from '../../harness/namespace-runner.js';
import type { ProfileSet } from '../../reports/profile-set.js';
import type { Report } from '../../reports/report.js';
import { handMadeReport } from '../fixtures/hand-made-report.js';
import { isLinux } from './host-features.js';

// The CLI where things are not as usual: an output folder under /proc, a stdout closed by its reader,
// no way to make namespaces, a label as long as allowed. Each ends in a moment, saying why, never with a trace.

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const freshDir = (): string => mkdtempSync(join(tmpdir(), 'sockmatrix-unusual-'));
const env = { NO_COLOR: '1', GITHUB_ACTIONS: '' };
const sockmatrix = (args: string[], extraEnv: Record<string, string> = {}) =>
  // A run that hangs is killed (it may not heed SIGTERM) and fails on its status instead of leaving a process behind.
  execa(process.execPath, [cli, ...args], { reject: false, env: { ...env, ...extraEnv }, timeout: 30_000, killSignal: 'SIGKILL' });
const looksLikeStackTrace = /^\s+at .+:\d+:\d+\)?$/m;
const oneTcpCell = ['--runtime', 'node', '--transport', 'tcp', '--server', '127.0.0.1', '--client', '127.0.0.1'];

describe.skipIf(!isLinux)('a path under /proc, where a parent exists and refuses children (Linux)', () => {
  // Node's recursive mkdir looped for ever there at 100% CPU: the run is then killed after 30 s, and fails here.
  it('as --out ends the run in a moment, saying the run folder could not be written', async () => {
    const result = await sockmatrix([...oneTcpCell, '--out', '/proc/x']);
    expect(result.timedOut, result.stderr).toBe(false);
    expect(result.exitCode, result.stderr).not.toBe(0);
    expect(result.stderr).toMatch(/\/proc\/x.*\(ENOENT\)/);
    expect(result.stderr).not.toMatch(looksLikeStackTrace);
  });

  it('as the expectation file to update ends the run in a moment, naming it', async () => {
    const result = await sockmatrix([...oneTcpCell, '--update-expectations', '--expectations', '/proc/x/y.json', '--out', freshDir()]);
    expect(result.timedOut, result.stderr).toBe(false);
    expect(result.exitCode, result.stderr).not.toBe(0);
    expect(result.stderr).toMatch(/\/proc\/x\/y\.json \(ENOENT\)/);
    expect(result.stderr).not.toMatch(looksLikeStackTrace);
  });
});

/** Run the CLI with its stdout closed before it writes anything, as `| true` or `| head -1` do. */
const withStdoutClosed = (args: string[]): Promise<{ exitCode: number | null; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    // Closed at once: node takes far longer to start than this takes to run.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (exitCode) => resolve({ exitCode, stderr }));
  });

describe('a stdout its reader closed (| true, | head -1)', () => {
  const reports = freshDir();
  const a = join(reports, 'a.json');
  const b = join(reports, 'b.json');
  writeFileSync(a, JSON.stringify(handMadeReport({ 'tcp 127.0.0.1 -> 127.0.0.1': 'ok' })));
  writeFileSync(b, JSON.stringify(handMadeReport({ 'tcp 127.0.0.1 -> 127.0.0.1': 'client-connect ECONNREFUSED' })));

  it.each([
    ['merge --json', ['merge', '--json', a, b], 0],
    ['merge', ['merge', '--all', a, b], 0],
    // diff's status is its verdict, closed pipe or not: `set -o pipefail` still sees that the reports differ.
    ['diff', ['diff', a, b], 1],
  ])('%s ends quietly, with its own status', async (_, args, status) => {
    const result = await withStdoutClosed(args as string[]);
    expect(result.stderr).not.toContain('EPIPE');
    expect(result.stderr).not.toMatch(looksLikeStackTrace);
    expect(result.exitCode, result.stderr).toBe(status);
  });

  it('a run still writes its run folder and ends with its own status', async () => {
    const out = freshDir();
    const result = await withStdoutClosed(['--json', ...oneTcpCell, '--out', out]);
    expect(result.stderr).not.toContain('EPIPE');
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(realpathSync(join(out, 'latest')), 'report.json'), 'utf8')) as Report;
    expect(report.run.complete).toBe(true);
  });
});

describe('profiles where no namespace can be made, and no host profile asked for', () => {
  it('prints each skip, says that nothing could run, and exits 2 without writing a run folder', async () => {
    // A PATH with node and nothing else: no unshare, as on macOS, Windows or an unprivileged container.
    const bin = freshDir();
    symlinkSync(process.execPath, join(bin, 'node'));
    const out = freshDir();
    const result = await sockmatrix(['--json', '--profile', 'no-ipv6,v6only', ...oneTcpCell, '--out', out], { PATH: bin });
    expect(result.stderr).toMatch(/profile no-ipv6 skipped: cannot create a network namespace here/);
    expect(result.stderr).toMatch(/profile v6only skipped: cannot create a network namespace here/);
    expect(result.stderr).toContain('no profile could run here: no-ipv6, v6only were skipped, for the reasons above. --profile host runs');
    expect(result.stderr).not.toContain('could not write');
    expect(result.stderr).not.toMatch(looksLikeStackTrace);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(readdirSync(out)).toEqual([]);
  });
});

const support = isLinux ? await checkNamespaceSupport() : { ok: false as const, reason: 'not Linux' };

describe.skipIf(!support.ok)(`a profile run with a --label as long as allowed${support.ok ? '' : ` (skipped: ${support.reason})`}`, () => {
  it('runs, its profile report labelled within the limit, after the run label and with the profile name', async () => {
    const label = `ci-${'x'.repeat(50)}-node20`;
    const result = await sockmatrix([
      '--json',
      '--profile',
      'host,localhost-v6-first',
      '--label',
      label,
      ...oneTcpCell,
      '--out',
      freshDir(),
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    const set = JSON.parse(result.stdout) as ProfileSet;
    expect(set.run.label).toBe(label);
    const labels = set.reports.map((report) => report.run.label ?? '');
    expect(labels).toEqual([
      expect.stringMatching(/^ci-x+-[0-9a-f]{6}-host$/),
      expect.stringMatching(/^ci-x+-[0-9a-f]{6}-localhost-v6-first$/),
    ]);
    for (const inner of labels) expect(inner.length).toBeLessThanOrEqual(64);
  });
});
