import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkNamespaceSupport } from '../../harness/namespace-runner.js';
import type { ProfileSet } from '../../reports/profile-set.js';
import type { Report } from '../../reports/report.js';
import { taggedProcesses } from './host-features.js';
import { stderrShows } from './stderr-line.js';

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
    .filter((line) => line.includes('/etc/hosts') || line.includes('/etc/gai.conf'));
  const gaiConf = existsSync('/etc/gai.conf') ? readFileSync('/etc/gai.conf', 'utf8') : null;
  return JSON.stringify({
    sysctls: sysctls.stdout,
    addresses: addresses.stdout,
    hosts: readFileSync('/etc/hosts', 'utf8'),
    gaiConf,
    mounts,
  });
};

/** One profile, run on its own with only the cells its rows check; what those cells do and what its environment shows. */
interface ProfileCase {
  profile: string;
  cells: string[];
  outcomes: [cellId: string, expected: string][];
  /** Paths into the report's environment, with the value measured inside the namespace. */
  environment: [path: string, value: unknown][];
}

const profileTable: ProfileCase[] = [
  {
    profile: 'no-ipv6',
    cells: ['--runtime', 'node', '--transport', 'tcp', '--server', '::1', '--client', 'localhost'],
    outcomes: [['tcp [::1] dual -> localhost family=4', 'server-bind EADDRNOTAVAIL']],
    environment: [
      ['ipv6Available', false],
      ['linux.disableIpv6All', 1],
    ],
  },
  {
    profile: 'v6only',
    cells: ['--runtime', 'node', '--server', '::', '--client', '127.0.0.1'],
    outcomes: [
      // libuv clears IPV6_V6ONLY itself for TCP, so bindv6only=1 does not stop Node's dual-stack TCP server.
      ['tcp [::] dual -> 127.0.0.1', 'connected'],
      // A UDP server on :: that did not ask for IPV6_V6ONLY takes the sysctl's default, and refuses an IPv4 client.
      ['udp udp6 [::] dual -> udp4 127.0.0.1', 'exchange ECONNREFUSED'],
    ],
    environment: [['linux.bindv6only', 1]],
  },
  {
    // Python's agents run inside the namespace too, and show what the system default means for a program that leaves it alone.
    profile: 'v6only',
    cells: ['--runtime', 'python', '--transport', 'tcp', '--server', '::', '--client', '127.0.0.1'],
    outcomes: [
      ['tcp AF_INET6 [::] (python) -> AF_INET 127.0.0.1 (python)', 'client-connect ECONNREFUSED'],
      ['tcp AF_INET6 [::] dual (python) -> AF_INET 127.0.0.1 (python)', 'connected'],
      ['tcp create_server [::] dualstack (python) -> AF_INET 127.0.0.1 (python)', 'connected'],
    ],
    environment: [['runtimes.python', expect.stringMatching(/^3\.\d+\.\d+$/)]],
  },
  {
    profile: 'lo-single',
    cells: ['--runtime', 'node', '--transport', 'tcp', '--server', '127.0.0.2,::', '--client', '127.0.0.2'],
    outcomes: [
      ['tcp 127.0.0.2 -> 127.0.0.2', 'server-bind EADDRNOTAVAIL'],
      ['tcp [::] dual -> 127.0.0.2', 'client-connect ENETUNREACH'],
    ],
    environment: [['loopbackInterfaces.0.addresses', expect.arrayContaining(['127.0.0.1/32'])]],
  },
  {
    profile: 'localhost-v6-first',
    cells: ['--runtime', 'node', '--transport', 'tcp', '--server', '::1', '--client', 'localhost'],
    outcomes: [
      ['tcp [::1] dual -> localhost family=6', 'connected'],
      ['tcp [::1] dual -> localhost', 'connected'],
    ],
    environment: [
      ['localhost.addresses.0', { address: '::1', family: 6 }],
      ['hostsFile.localhostLines.0', expect.stringMatching(/^::1 localhost/)],
      // What puts ::1 first is glibc's default sort, not the file's order: the profile's gai.conf has no directive.
      ['gaiConf.directives', []],
    ],
  },
  {
    // Debian's hosts file lists 127.0.0.1 first, and glibc still puts ::1 first: only the first address is tried,
    // so the switch people flip (the result order) decides.
    profile: 'linux',
    cells: ['--runtime', 'node', '--transport', 'tcp', '--server', '127.0.0.1', '--client', 'localhost autoselect=off'],
    outcomes: [
      ['tcp 127.0.0.1 -> localhost autoselect=off', 'client-connect ECONNREFUSED'],
      ['tcp 127.0.0.1 -> localhost autoselect=off order=ipv4first', 'connected'],
      ['tcp 127.0.0.1 -> localhost autoselect=off order=ipv6first', 'client-connect ECONNREFUSED'],
    ],
    environment: [
      ['localhost.addresses', [expect.objectContaining({ address: '::1' }), expect.objectContaining({ address: '127.0.0.1' })]],
      ['hostsFile.localhostLines.0', expect.stringMatching(/^127\.0\.0\.1 localhost/)],
    ],
  },
  {
    // The same hosts file, with gai.conf preferring IPv4: localhost is 127.0.0.1 first, and the plain client reaches it.
    profile: 'ipv4-first',
    cells: ['--runtime', 'node', '--transport', 'tcp', '--server', '127.0.0.1', '--client', 'localhost autoselect=off'],
    outcomes: [
      ['tcp 127.0.0.1 -> localhost autoselect=off', 'connected'],
      ['tcp 127.0.0.1 -> localhost autoselect=off order=ipv4first', 'connected'],
      ['tcp 127.0.0.1 -> localhost autoselect=off order=ipv6first', 'client-connect ECONNREFUSED'],
    ],
    environment: [
      ['localhost.addresses', [expect.objectContaining({ address: '127.0.0.1' }), expect.objectContaining({ address: '::1' })]],
      ['gaiConf.directives', ['precedence ::ffff:0:0/96 100']],
    ],
  },
];

describe.skipIf(!support.ok)(`profiles in real namespaces${reason}`, () => {
  describe.each(profileTable)('$profile, in a run of only the cells it checks', ({ profile, cells, outcomes, environment }) => {
    let report: Report | undefined;
    let hostBefore = '';
    let hostAfter = '';

    beforeAll(async () => {
      hostBefore = await hostState();
      const result = await sockmatrix(['--json', '--profile', profile, ...cells, '--out', freshOut()]);
      hostAfter = await hostState();
      expect(result.exitCode, result.stderr).toBe(0);
      report = profileReport(JSON.parse(result.stdout) as ProfileSet, profile);
    });

    it.each(outcomes)('%s is %s', (cellId, expected) => {
      expect(outcomeOf(report, cellId)).toBe(expected);
    });

    it.each(environment)('records %s as measured inside its namespace', (path, value) => {
      expect(report?.environment).toHaveProperty(path, value);
    });

    it('leaves the host exactly as it was', () => {
      expect(hostAfter).toBe(hostBefore);
    });
  });

  it('writes each profile as a report diff and merge can read, and the comparison in report.md', async () => {
    const out = freshOut();
    const result = await sockmatrix([
      '--profile',
      'host,no-ipv6',
      '--runtime',
      'node',
      '--transport',
      'tcp',
      '--server',
      '::1',
      '--client',
      '::1',
      '--out',
      out,
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('Comparison across profiles');
    const folder = join(out, 'latest');
    const written = JSON.parse(readFileSync(join(folder, 'profile-set.json'), 'utf8')) as ProfileSet;
    expect(written.reports.map((report) => report.run.profile?.name)).toEqual(['host', 'no-ipv6']);
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

  // The timeout is past two profiles' 30 s exchange limits: an ignored SIGINT fails on the exit status, not on the timeout.
  it('on Ctrl-C stops, cleans up its namespaces and agents, and says complete: false', { timeout: 120_000 }, async () => {
    const out = freshOut();
    const tag = randomUUID();
    // The run's own temporary folder, so what it leaves there is its own and no other test's.
    const scratch = mkdtempSync(join(tmpdir(), 'sockmatrix-scratch-'));
    // As in cli.test.ts: 0.0.0.0 -> 127.0.0.2 over UDP never gets its echo on Linux, so with a 30 s exchange
    // limit the linux profile is still running, agents alive, when its first progress line brings the SIGINT.
    const run = execa(
      process.execPath,
      [
        cli,
        ...[
          '--profile',
          'linux,no-ipv6',
          '--runtime',
          'node',
          '--transport',
          'udp',
          '--server',
          '0.0.0.0',
          '--client',
          '127.0.0.1,127.0.0.2',
        ],
        ...['--exchange-timeout', '30000', '--concurrency', '2', '--out', out],
      ],
      { reject: false, env: { NO_COLOR: '1', GITHUB_ACTIONS: '', SOCKMATRIX_TEST_TAG: tag, TMPDIR: scratch } },
    );
    await stderrShows(run, /\[linux\] sockmatrix: \d+\/\d+ cells done/);
    run.kill('SIGINT');
    const result = await run;
    expect(result.exitCode, result.stderr).toBe(130);
    const written = JSON.parse(readFileSync(join(out, 'latest', 'profile-set.json'), 'utf8')) as ProfileSet;
    expect(written.run.complete).toBe(false);
    expect(written.reports.map((report) => [report.run.profile?.name, report.run.complete])).toEqual([['linux', false]]);
    expect(written.reports[0]?.cells.map((cell) => cell.id)).not.toContain('udp udp4 0.0.0.0 -> udp4 127.0.0.2');
    expect(taggedProcesses(tag)).toEqual([]);
    expect(readdirSync(scratch)).toEqual([]);
  });
});

describe('profile flags that cannot run', () => {
  it.each([
    // An unknown profile's message is a unit test of chooseProfiles.
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
      '--runtime',
      'node',
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
        '--runtime',
        'node',
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
