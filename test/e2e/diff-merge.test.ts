import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { summarizeOutcome } from '../../harness/cell-outcome.js';
import { sameSummary } from '../../matrix/outcome-summary.js';
import type { Report } from '../../reports/report.js';
import { hostHasIpv6, isLinux } from './host-features.js';

// diff and merge on real reports: one run on this host, one of the same cells in a network namespace
// with IPv6 switched off, made here with unshare; then the commands as a user runs them.

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'main.js');
const sockmatrix = (args: string[]) => execa(process.execPath, [cli, ...args], { reject: false, env: { NO_COLOR: '1' } });
const readReport = (path: string): Report => JSON.parse(readFileSync(path, 'utf8')) as Report;
const looksLikeStackTrace = /^\s+at .+\(.+:\d+:\d+\)$/m;
// Eight cells: ::1 in both modes, 127.0.0.1 and 0.0.0.0, each dialed at ::1 and 127.0.0.1. Without IPv6 all
// change but the two IPv4 servers dialed at 127.0.0.1, so a diff has cells to list and cells to leave out.
const filter = ['--runtime', 'node', '--transport', 'tcp', '--server', '::1,127.0.0.1,0.0.0.0', '--client', '::1,127.0.0.1'];
const cellCount = 8;

const canUnshare = isLinux && (await execa('unshare', ['-n', 'true'], { reject: false })).exitCode === 0;
const noIpv6Namespace = [
  'ip link set lo up',
  'sysctl -q -w net.ipv6.conf.all.disable_ipv6=1',
  'sysctl -q -w net.ipv6.conf.lo.disable_ipv6=1',
  'exec "$0" "$@"',
].join(' && ');

describe.skipIf(!canUnshare || !hostHasIpv6)(
  'diff and merge of a host run and a run without IPv6 (needs Linux, `unshare -n` and IPv6 on the host)',
  () => {
    const work = mkdtempSync(join(tmpdir(), 'sockmatrix-diff-'));
    let hostReport = '';
    let noIpv6Report = '';

    beforeAll(async () => {
      const host = await sockmatrix([...filter, '--out', join(work, 'host')]);
      const isolated = await execa(
        'unshare',
        ['-n', 'sh', '-c', noIpv6Namespace, process.execPath, cli, ...filter, '--out', join(work, 'no-ipv6')],
        { reject: false, env: { NO_COLOR: '1' } },
      );
      expect([host.exitCode, isolated.exitCode, isolated.stderr]).toEqual([0, 0, expect.any(String)]);
      hostReport = join(realpathSync(join(work, 'host', 'latest')), 'report.json');
      noIpv6Report = join(realpathSync(join(work, 'no-ipv6', 'latest')), 'report.json');
    });

    it('made the two reports under the conditions it meant to', () => {
      expect(readReport(hostReport).environment.ipv6Available).toBe(true);
      const isolated = readReport(noIpv6Report).environment;
      expect([isolated.ipv6Available, isolated.linux?.disableIpv6All, isolated.linux?.disableIpv6Lo]).toEqual([false, 1, 1]);
    });

    it('lists exactly the cells whose outcome changed, and exits 1', async () => {
      const host = readReport(hostReport);
      const isolated = new Map(readReport(noIpv6Report).cells.map((cell) => [cell.id, summarizeOutcome(cell.outcome)]));
      const changed = host.cells
        .filter((cell) => !sameSummary(summarizeOutcome(cell.outcome), isolated.get(cell.id) ?? null))
        .map((cell) => cell.id);
      expect(changed).toContain('tcp [::1] dual -> [::1]');

      const json = await sockmatrix(['diff', hostReport, noIpv6Report, '--format', 'json']);
      expect(json.exitCode).toBe(1);
      const diff = JSON.parse(json.stdout) as { changed: { cellId: string }[]; onlyInA: unknown[]; onlyInB: unknown[] };
      expect(diff.changed.map((cell) => cell.cellId)).toEqual(changed);
      expect([diff.onlyInA, diff.onlyInB]).toEqual([[], []]);

      const table = await sockmatrix(['diff', join(work, 'host', 'latest'), noIpv6Report]);
      expect(table.exitCode).toBe(1);
      expect(table.stdout).toContain(`${changed.length} of ${cellCount} cells in both reports differ.`);
      expect(table.stdout).toMatch(/IPv6 yes, bindv6only \d, localhost/);
      expect(table.stdout).toMatch(/B {2}linux-[\d.]+-node[\d.]+-noipv6: linux .* IPv6 no,/);
      // Without IPv6 on loopback a server cannot bind ::1: connected on the host, b:NOTAVAIL in the namespace.
      expect(table.stdout).toMatch(/│ tcp \[::1\] dual -> \[::1\] +│ +✓ +│ b:NOTAVAIL │/);
      const rows = table.stdout.split('\n').filter((line) => /^│ tcp /.test(line));
      expect(rows).toHaveLength(changed.length);
    });

    it('says a report is identical to itself, and exits 0', async () => {
      const result = await sockmatrix(['diff', hostReport, hostReport]);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain(`Identical: all ${cellCount} cells have the same outcome in A and B.`);
    });

    it('works through npm run matrix -- diff, exit status included', async () => {
      const result = await execa('npm', ['run', '--silent', 'matrix', '--', 'diff', hostReport, noIpv6Report, '--format', 'markdown'], {
        cwd: root,
        reject: false,
        env: { NO_COLOR: '1' },
      });
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain('| `tcp [::1] dual -> [::1]` | ✓ | b:NOTAVAIL |');
    });

    it('merges three reports (the two and a relabelled copy) into one table with the summary', async () => {
      const copy = readReport(hostReport);
      copy.run.label = 'host-again';
      mkdirSync(join(work, 'copy'));
      writeFileSync(join(work, 'copy', 'report.json'), JSON.stringify(copy));
      const result = await sockmatrix(['merge', join(work, 'host'), join(work, 'no-ipv6'), join(work, 'copy'), '--width', '120']);
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toBe('');
      const changed = (JSON.parse((await sockmatrix(['diff', hostReport, noIpv6Report, '--json'])).stdout) as { changed: unknown[] })
        .changed;
      expect(result.stdout).toContain(
        `Merged 3 reports: the ${changed.length} cells that differ across environments (--all for all ${cellCount}).`,
      );
      expect(result.stdout).toMatch(/│ +│ cell +│ linux-[\d.]+-node[\d.]+ +│ linux-[\d.]+-node[\d.]+-noipv6 +│ host-again +│/);
      expect(result.stdout).toMatch(/│ ≠ │ tcp \[::1\] dual -> \[::1\] +│ +✓ +│ +b:NOTAVAIL +│ +✓ +│/);
      expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(
        `${cellCount - changed.length} cells behave the same everywhere, ${changed.length} differ.`,
      );
      for (const line of result.stdout.split('\n').filter((text) => /^[┌│├└]/.test(text))) expect(line.length).toBeLessThanOrEqual(120);
    });
  },
);

describe('diff and merge, refusing what they cannot read', () => {
  const work = mkdtempSync(join(tmpdir(), 'sockmatrix-refuse-'));
  const good = join(work, 'good.json');
  const truncated = join(work, 'truncated.json');
  const newer = join(work, 'newer.json');
  copyFileSync(fileURLToPath(new URL('../fixtures/sample-report.json', import.meta.url)), good);
  writeFileSync(truncated, readFileSync(good, 'utf8').slice(0, 4000));
  writeFileSync(newer, readFileSync(good, 'utf8').replace('"sockmatrix/report@1"', '"sockmatrix/report@2"'));

  it.each([
    [['diff'], 'diff takes two reports, A and B (report.json files or run folders), got none'],
    [['diff', good], "diff takes two reports, A and B (report.json files or run folders), got 1: '"],
    [['diff', good, good, good], 'got 3'],
    [['diff', good, truncated], `cannot diff: ${truncated} looks truncated`],
    [['diff', newer, good], `cannot diff: ${newer} is a sockmatrix/report@2 report, and this sockmatrix reads sockmatrix/report@1 only`],
    [['diff', good, join(work, 'missing.json')], 'missing.json does not exist'],
    [['diff', good, good, '--format', 'junit'], "diff: --format takes one of table, markdown, json, html, got 'junit'."],
    [['diff', good, good, '--all'], 'diff: --all is an option of merge'],
    [['merge'], 'merge takes reports to merge'],
    [['merge', truncated, newer], 'nothing to merge: no readable report among the arguments.'],
  ])('%j exits 2 with a message and no stack trace', async (args, message) => {
    const result = await sockmatrix(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(looksLikeStackTrace);
  });

  it('merges the readable reports and names the broken one on stderr and under "Not merged"', async () => {
    const copy = readReport(good);
    copy.run.label = 'copy';
    writeFileSync(join(work, 'copy.json'), JSON.stringify(copy));
    const result = await sockmatrix(['merge', good, truncated, join(work, 'copy.json'), newer]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(`sockmatrix: not merged: ${truncated} looks truncated: the JSON stops after 4000 characters`);
    expect(result.stderr).toContain(`sockmatrix: not merged: ${newer} is a sockmatrix/report@2 report`);
    expect(result.stdout).toContain('Merged 2 reports: no cell differs across environments.');
    expect(result.stdout).toContain(`Not merged:\n  ${truncated} looks truncated`);
    expect(result.stdout).toContain('184 cells behave the same everywhere, 0 differ.');
  });

  it('prints each command’s help', async () => {
    for (const command of ['diff', 'merge']) {
      const result = await sockmatrix([command, '--help']);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain(`Usage: sockmatrix ${command}`);
    }
  });
});
