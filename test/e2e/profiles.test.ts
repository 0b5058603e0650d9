import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkNamespaceSupport } from '../../harness/namespace-runner.js';
import type { ProfileSet } from '../../reports/profile-set.js';
import type { Report } from '../../reports/report.js';
import { taggedProcesses } from './host-features.js';

// Simulated platforms for real: each profile in its own network namespace, made by the run itself.

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const support = await checkNamespaceSupport();
const reason = support.ok ? '' : ` (skipped: ${support.reason})`;
const freshOut = (): string => mkdtempSync(join(tmpdir(), 'sockmatrix-profiles-'));
const sockmatrix = (args: string[], env: Record<string, string> = {}) =>
  execa(process.execPath, [cli, ...args], { reject: false, env: { NO_COLOR: '1', GITHUB_ACTIONS: '', ...env } });

const outcomeOf = (report: Report | undefined, cellId: string): string => {
  const cell = report?.cells.find((candidate) => candidate.id === cellId);
  if (!cell) return `missing ${cellId}`;
  const { outcome } = cell;
  return outcome.status === 'failed' ? `${outcome.phase} ${outcome.code}` : outcome.status;
};
const profileReport = (set: ProfileSet, name: string): Report | undefined =>
  set.reports.find((report) => report.run.profile?.name === name);

/** What of the host a profile run could change: sysctls, loopback addresses, the hosts file, mounts on it. */
const hostState = async (): Promise<string> => {
  const sysctls = await execa('sysctl', ['-n', 'net.ipv6.bindv6only', 'net.ipv6.conf.all.disable_ipv6', 'net.ipv6.conf.lo.disable_ipv6']);
  const addresses = await execa('ip', ['-o', 'addr', 'show', 'dev', 'lo']);
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((line) => line.includes('/etc/hosts'));
  return JSON.stringify({ sysctls: sysctls.stdout, addresses: addresses.stdout, hosts: readFileSync('/etc/hosts', 'utf8'), mounts });
};

describe.skipIf(!support.ok)(`profiles in real namespaces${reason}`, () => {
  let set: ProfileSet;
  let before: string;

  beforeAll(async () => {
    before = await hostState();
    const result = await sockmatrix([
      '--json',
      '--profile',
      'no-ipv6,v6only,lo-single,localhost-v6-first',
      '--transport',
      'tcp',
      '--server',
      '::1,127.0.0.2,::',
      '--client',
      '127.0.0.1,127.0.0.2,localhost',
      '--out',
      freshOut(),
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    set = JSON.parse(result.stdout) as ProfileSet;
  });

  it.each([
    ['no-ipv6', 'tcp [::1] dual -> localhost family=4', 'server-bind EADDRNOTAVAIL'],
    ['lo-single', 'tcp 127.0.0.2 -> 127.0.0.2', 'server-bind EADDRNOTAVAIL'],
    ['lo-single', 'tcp [::] dual -> 127.0.0.2', 'client-connect ENETUNREACH'],
    // libuv clears IPV6_V6ONLY itself for TCP, so bindv6only=1 does not stop Node's dual-stack TCP server.
    ['v6only', 'tcp [::] dual -> 127.0.0.1', 'connected'],
    ['localhost-v6-first', 'tcp [::1] dual -> localhost family=6', 'connected'],
    ['localhost-v6-first', 'tcp [::1] dual -> localhost', 'connected'],
  ])('under %s, %s is %s', (profile, cellId, expected) => {
    expect(outcomeOf(profileReport(set, profile), cellId)).toBe(expected);
  });

  it('records each profile with the environment measured inside its namespace', () => {
    expect(set.reports.map((report) => report.run.profile?.name)).toEqual(['no-ipv6', 'v6only', 'lo-single', 'localhost-v6-first']);
    expect(profileReport(set, 'no-ipv6')?.environment).toMatchObject({ ipv6Available: false, linux: { disableIpv6All: 1 } });
    expect(profileReport(set, 'v6only')?.environment.linux?.bindv6only).toBe(1);
    expect(profileReport(set, 'lo-single')?.environment.loopbackInterfaces[0]?.addresses).toContain('127.0.0.1/32');
    expect(profileReport(set, 'localhost-v6-first')?.environment.localhost.addresses[0]).toEqual({ address: '::1', family: 6 });
    expect(profileReport(set, 'localhost-v6-first')?.environment.hostsFile?.localhostLines[0]).toMatch(/^::1 localhost/);
  });

  it('leaves the host exactly as it was', async () => {
    expect(await hostState()).toBe(before);
  });

  it('under v6only, a UDP server on :: that did not ask for IPV6_V6ONLY refuses an IPv4 client', async () => {
    const result = await sockmatrix([
      '--json',
      '--profile',
      'v6only',
      '--transport',
      'udp',
      '--server',
      '::',
      '--client',
      '127.0.0.1',
      '--out',
      freshOut(),
    ]);
    const udpSet = JSON.parse(result.stdout) as ProfileSet;
    expect(outcomeOf(udpSet.reports[0], 'udp udp6 [::] dual -> udp4 127.0.0.1')).toBe('exchange ECONNREFUSED');
  });

  it('writes each profile as a report diff and merge can read, and the comparison in report.md', async () => {
    const out = freshOut();
    const result = await sockmatrix(['--profile', 'host,no-ipv6', '--transport', 'tcp', '--server', '::1', '--out', out]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('Comparison across profiles');
    const folder = join(out, 'latest');
    expect(readdirSync(join(folder, 'profiles')).sort()).toEqual(['host', 'no-ipv6']);
    expect(readFileSync(join(folder, 'report.md'), 'utf8')).toContain('## Comparison across profiles');
    const diff = await sockmatrix([
      'diff',
      join(folder, 'profiles', 'host', 'report.json'),
      join(folder, 'profiles', 'no-ipv6', 'report.json'),
    ]);
    expect(diff.exitCode).toBe(1);
    expect(diff.stdout).toContain('tcp [::1] dual -> [::1]');
  });

  it('on Ctrl-C stops, cleans up its namespaces and agents, and says complete: false', async () => {
    const out = freshOut();
    const tag = randomUUID();
    const run = execa(process.execPath, [cli, '--profile', 'linux,no-ipv6', '--concurrency', '2', '--out', out], {
      reject: false,
      env: { NO_COLOR: '1', GITHUB_ACTIONS: '', SOCKMATRIX_TEST_TAG: tag },
    });
    await new Promise<void>((resolve) => {
      run.stderr?.on('data', (chunk: Buffer) => {
        if (/\[linux\] sockmatrix: \d+\/\d+ cells done/.test(chunk.toString())) resolve();
      });
    });
    run.kill('SIGINT');
    const result = await run;
    expect(result.exitCode).toBe(130);
    const written = JSON.parse(readFileSync(join(out, 'latest', 'profile-set.json'), 'utf8')) as ProfileSet;
    expect(written.run.complete).toBe(false);
    expect(written.reports[0]?.run.complete).toBe(false);
    expect(taggedProcesses(tag)).toEqual([]);
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('sockmatrix-inner-') || name.startsWith('sockmatrix-profile-'))).toEqual(
      [],
    );
  });
});

describe('profile flags that cannot run', () => {
  it.each([
    [['--profile', 'macos'], "--profile: no profile 'macos'. Known: host, linux"],
    [['--profiles-file', '/nonexistent/profiles.json'], '/nonexistent/profiles.json: cannot be read (ENOENT)'],
    [['--profile', 'host,v6only', '--check', '--expectations', 'x.json'], 'several profiles each need their own'],
    [['--profile', 'host,v6only', '--format', 'junit'], 'each profile folder holds its own report.junit.xml'],
  ])('%j exits 2 and says why', async (args, message) => {
    const result = await sockmatrix([...args, '--out', freshOut()]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe.skipIf(!support.ok)(`--check per profile${reason}`, () => {
  it('compares each profile with its own shipped expectation file', async () => {
    const result = await sockmatrix([
      '--json',
      '--profile',
      'host,lo-single',
      '--check',
      '--transport',
      'tcp',
      '--server',
      '127.0.0.2',
      '--client',
      '127.0.0.1,127.0.0.2',
      '--out',
      freshOut(),
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    const checked = JSON.parse(result.stdout) as ProfileSet;
    expect(checked.reports.map((report) => report.check?.expectations)).toEqual([
      'expectations/linux.json',
      'expectations/linux.lo-single.json',
    ]);
    expect(result.stderr).toContain('[lo-single] sockmatrix: check against expectations/linux.lo-single.json (linux): passed, 2 matched');
  });
});

describe('profiles where namespaces cannot be made', () => {
  it('skip with a one-line reason each, and the host profile still runs', async () => {
    // A PATH with node and nothing else: no unshare, as on a system without namespace tools.
    const bin = mkdtempSync(join(tmpdir(), 'sockmatrix-bin-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const result = await sockmatrix(
      [
        '--json',
        '--profile',
        'host,no-ipv6,v6only',
        '--transport',
        'tcp',
        '--server',
        '127.0.0.1',
        '--client',
        '127.0.0.1',
        '--out',
        freshOut(),
      ],
      { PATH: bin },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const partial = JSON.parse(result.stdout) as ProfileSet;
    expect(partial.reports.map((report) => report.run.profile?.name)).toEqual(['host']);
    expect(partial.skipped.map((skip) => skip.profile.name)).toEqual(['no-ipv6', 'v6only']);
    expect(result.stderr).toMatch(/profile no-ipv6 skipped: cannot create a network namespace here \(unshare: .*ENOENT/);
    expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });

  it('are skipped with a one-line reason, off Linux', async () => {
    expect(await checkNamespaceSupport('darwin')).toEqual({
      ok: false,
      reason: 'network namespaces are a Linux feature, and this is darwin',
    });
  });
});
