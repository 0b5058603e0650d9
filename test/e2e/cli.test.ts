import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../reports/report.js';
import { isLinux, taggedProcesses } from './host-features.js';

// The CLI as a user runs it: a child process, real agents, real files.

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const freshOut = (): string => mkdtempSync(join(tmpdir(), 'sockmatrix-cli-'));
const sockmatrix = (args: string[], env: Record<string, string> = {}) =>
  // GITHUB_ACTIONS cleared: when this suite itself runs on GitHub Actions, the runs under test must not write to its step summary.
  execa(process.execPath, [cli, ...args], { reject: false, env: { NO_COLOR: '1', GITHUB_ACTIONS: '', ...env } });
const readReport = (path: string): Report => JSON.parse(readFileSync(path, 'utf8')) as Report;
const looksLikeStackTrace = /^\s+at .+\(.+:\d+:\d+\)$/m;

describe('sockmatrix, run as a user would', () => {
  it('runs a filtered matrix, prints the grid and writes both reports', async () => {
    const out = freshOut();
    const result = await sockmatrix(['--transport', 'tcp', '--server', '::1,127.0.0.1', '--out', out]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('127.0.0.1');
    const latest = realpathSync(join(out, 'latest'));
    const report = readReport(join(latest, 'report.json'));
    expect(report.schema).toBe('sockmatrix/report@1');
    expect(report.run.complete).toBe(true);
    expect(report.cells).toHaveLength(3 * 8);
    expect(report.cells.every((cell) => cell.transport === 'tcp')).toBe(true);
    expect(report.environment.node).toBe(process.version);
    const markdown = readFileSync(join(latest, 'report.md'), 'utf8');
    expect(markdown).toContain('<details>');
    expect(readdirSync(out).filter((name) => name !== 'latest')).toEqual([report.run.id]);
  });

  it('prints the report on stdout with --json', async () => {
    const result = await sockmatrix([
      '--json',
      '--transport',
      'udp',
      '--server',
      '127.0.0.1',
      '--client',
      '127.0.0.1',
      '--out',
      freshOut(),
    ]);
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.cells.map((cell) => [cell.id, cell.outcome.status])).toEqual([
      ['udp udp4 127.0.0.1 -> udp4 127.0.0.1', 'connected'],
      ['udp udp4 127.0.0.1 -> udp6 127.0.0.1', 'failed'],
    ]);
  });

  it.each([
    [['--bogus'], "unknown option '--bogus'"],
    [['--concurrency', 'lots'], "--concurrency takes a whole number from 1 to 256, got 'lots'"],
    [['--client', '10.0.0.1'], 'never an address off this machine'],
    [['--server', '127.0.0.9'], 'no cell matches these filters'],
  ])('%j exits 2 with a helpful message and no stack trace', async (args, message) => {
    const result = await sockmatrix(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(looksLikeStackTrace);
    expect(result.stdout).toBe('');
  });

  it('explains an output folder it cannot write', async () => {
    const out = join(freshOut(), 'file');
    await execa('touch', [out]);
    const result = await sockmatrix(['--transport', 'tcp', '--server', '127.0.0.1', '--client', '127.0.0.1', '--out', out]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Choose another with --out');
  });

  it.skipIf(!isLinux)(
    'on Ctrl-C stops, leaves no agent behind, and writes what finished with complete: false (Linux: reads /proc)',
    async () => {
      const out = freshOut();
      const tag = randomUUID();
      const run = execa(process.execPath, [cli, '--concurrency', '2', '--out', out], {
        reject: false,
        env: { NO_COLOR: '1', SOCKMATRIX_TEST_TAG: tag },
      });
      await new Promise<void>((resolve) => {
        run.stderr?.on('data', (chunk: Buffer) => {
          if (/cells done/.test(chunk.toString())) resolve();
        });
      });
      run.kill('SIGINT');
      const result = await run;
      expect(result.exitCode).toBe(130);
      const report = readReport(join(out, 'latest', 'report.json'));
      expect(report.run.complete).toBe(false);
      expect(report.cells.length).toBeGreaterThan(0);
      expect(report.cells.length).toBeLessThan(report.run.plannedCells);
      expect(taggedProcesses(tag)).toEqual([]);
    },
  );
});

describe('repeatability', () => {
  it('two runs of the TCP matrix at concurrency 8 give identical outcomes', async () => {
    const outcomesOf = async (): Promise<string[]> => {
      const result = await sockmatrix(['--json', '--transport', 'tcp', '--concurrency', '8', '--out', freshOut()]);
      expect(result.exitCode).toBe(0);
      const report = JSON.parse(result.stdout) as Report;
      return report.cells.map(({ id, outcome }) =>
        outcome.status === 'failed' ? `${id}: ${outcome.phase} ${outcome.code}` : `${id}: ${outcome.status}`,
      );
    };
    const first = await outcomesOf();
    expect(first).toHaveLength(88);
    expect(await outcomesOf()).toEqual(first);
  });
});
