import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../reports/report.js';
import { isLinux, taggedProcesses } from './host-features.js';
import { stderrShows } from './stderr-line.js';

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
    // Each filter once: ::1 is a server in both IPv6 modes, so three cells.
    const result = await sockmatrix([
      '--runtime',
      'node',
      '--transport',
      'tcp',
      '--server',
      '::1,127.0.0.1',
      '--client',
      '127.0.0.1',
      '--out',
      out,
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('127.0.0.1');
    const latest = realpathSync(join(out, 'latest'));
    const report = readReport(join(latest, 'report.json'));
    expect(report.schema).toBe('sockmatrix/report@1.3');
    expect(report.run.complete).toBe(true);
    expect(report.cells.map((cell) => cell.id)).toEqual([
      'tcp 127.0.0.1 -> 127.0.0.1',
      'tcp [::1] dual -> 127.0.0.1',
      'tcp [::1] v6only -> 127.0.0.1',
    ]);
    expect(report.environment.node).toBe(process.version);
    const markdown = readFileSync(join(latest, 'report.md'), 'utf8');
    expect(markdown).toContain('<details>');
    expect(readdirSync(out).filter((name) => name !== 'latest')).toEqual([report.run.id]);
  });

  it('prints the report on stdout with --json', async () => {
    const result = await sockmatrix([
      '--json',
      '--runtime',
      'node',
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
    // A flag the parser refuses (each refusal's message is a unit test of parseRun), and a filter refused after parsing.
    [['--bogus'], "unknown option '--bogus'"],
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
    const result = await sockmatrix([
      '--runtime',
      'node',
      '--transport',
      'tcp',
      '--server',
      '127.0.0.1',
      '--client',
      '127.0.0.1',
      '--out',
      out,
    ]);
    // Refused before the first cell: no cell ran, nothing was thrown away.
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`cannot write reports under --out ${out} (`);
    expect(result.stderr).toContain(
      'a file stands where a folder should be: move it, or choose another place with --out <dir>. No cell ran.',
    );
    expect(result.stderr).not.toMatch(/cells? done/);
  });

  // The timeout is past the 30 s exchange limit: an ignored SIGINT fails on the exit status, not on the timeout.
  it.skipIf(!isLinux)(
    'on Ctrl-C stops, leaves no agent behind, and writes what finished with complete: false (Linux: reads /proc, and holds a cell open with a UDP echo Linux sends from 127.0.0.1)',
    { timeout: 90_000 },
    async () => {
      const out = freshOut();
      const tag = randomUUID();
      // Three cells, two at once. The client of 0.0.0.0 -> 127.0.0.2 never gets its echo (Linux answers from
      // 127.0.0.1), so with a 30 s exchange limit the run is still going, agents alive, when the first cell's
      // progress line brings the SIGINT, however loaded the machine.
      const run = execa(
        process.execPath,
        [
          cli,
          ...['--runtime', 'node', '--transport', 'udp', '--server', '0.0.0.0', '--client', '127.0.0.1,127.0.0.2'],
          ...['--exchange-timeout', '30000', '--concurrency', '2', '--out', out],
        ],
        { reject: false, env: { NO_COLOR: '1', GITHUB_ACTIONS: '', SOCKMATRIX_TEST_TAG: tag } },
      );
      await stderrShows(run, /cells done/);
      run.kill('SIGINT');
      const result = await run;
      expect(result.exitCode, result.stderr).toBe(130);
      const report = readReport(join(out, 'latest', 'report.json'));
      expect(report.run.complete).toBe(false);
      expect(report.run.plannedCells).toBe(3);
      expect(report.cells.length).toBeGreaterThan(0);
      expect(report.cells.map((cell) => cell.id)).not.toContain('udp udp4 0.0.0.0 -> udp4 127.0.0.2');
      expect(taggedProcesses(tag)).toEqual([]);
    },
  );
});

describe('repeatability', () => {
  // Two runs of 30 cells: 8 s with two CPU hogs beside the suite, 21 s with another suite running too; a limit of its own.
  it('two runs of the racy TCP cells at concurrency 8 give identical outcomes', { timeout: 120_000 }, async () => {
    // The cells whose outcome could depend on timing: localhost, bound by name and dialed with and without happy
    // eyeballs; dual-stack and v6only wildcards; 0.0.0.0. Eight at once, so ports and agents start side by side.
    const racyCells = [
      '--runtime',
      'node',
      '--transport',
      'tcp',
      '--server',
      'localhost,::,0.0.0.0',
      '--client',
      'localhost,127.0.0.1,::1',
    ];
    const outcomesOf = async (): Promise<string[]> => {
      const result = await sockmatrix(['--json', ...racyCells, '--concurrency', '8', '--out', freshOut()]);
      expect(result.exitCode, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout) as Report;
      return report.cells.map(({ id, outcome }) =>
        outcome.status === 'failed' ? `${id}: ${outcome.phase} ${outcome.code}` : `${id}: ${outcome.status}`,
      );
    };
    const first = await outcomesOf();
    // Servers localhost and :: in both modes, and 0.0.0.0; clients 127.0.0.1, ::1, and localhost six ways.
    expect(first).toHaveLength(5 * 8);
    expect(await outcomesOf()).toEqual(first);
  });
});
