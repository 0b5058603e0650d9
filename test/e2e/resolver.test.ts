import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { localhostLines } from '../../harness/hosts-file.js';
import { hostsSources } from '../../harness/local-resolver.js';
import { checkLocalResolverSupport } from '../../harness/mount-namespace.js';
import { checkNamespaceSupport } from '../../harness/namespace-runner.js';
import { isLoopbackAddress } from '../../matrix/loopback.js';
import type { ProfileSet } from '../../reports/profile-set.js';
import type { Report } from '../../reports/report.js';
import { pythonMissing } from './agents.js';
import { hostHasIpv6, taggedProcesses } from './host-features.js';
import { stderrShows } from './stderr-line.js';
import { bindMount, runInTestNamespace } from './test-namespace.js';

// Where a name lookup goes: the system resolver (which may ask DNS), or the hosts file alone, in the
// profiles' namespaces always and on the host with --resolver hosts-file. Real namespaces, a DNS server
// of the test's own that counts what it is asked, real agents.

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const witness = fileURLToPath(new URL('../fixtures/dns-witness.mjs', import.meta.url));
const namespaces = await checkNamespaceSupport();
const mountNamespaces = await checkLocalResolverSupport();
const skipped = (support: { ok: true } | { ok: false; reason: string }): string => (support.ok ? '' : ` (skipped: ${support.reason})`);
const freshFolder = (): string => mkdtempSync(join(tmpdir(), 'sockmatrix-resolver-'));
const env = { NO_COLOR: '1', GITHUB_ACTIONS: '' };
const sockmatrix = (args: string[], extraEnv: Record<string, string> = {}) =>
  execa(process.execPath, [cli, ...args], { reject: false, env: { ...env, ...extraEnv } });

// The cells a lookup of localhost for IPv6 decides: Node's family=6 client and Python's AF_INET6 one.
const runtimes = pythonMissing === null ? 'node,python' : 'node';
const localhostCells = ['--transport', 'tcp', '--server', '127.0.0.1', '--client', 'localhost', '--server-runtime', 'node'];
const cellArgs = [...localhostCells, '--client-runtime', runtimes];
const noSuchName: [cellId: string, outcome: string][] = [
  ['tcp 127.0.0.1 -> localhost family=6', 'client-resolve ENOTFOUND'],
  ...(pythonMissing === null
    ? ([['tcp 127.0.0.1 -> AF_INET6 localhost (python)', 'client-resolve EAI_NONAME']] as [string, string][])
    : []),
];

const outcomes = (report: Report | undefined): Record<string, string> =>
  Object.fromEntries(
    (report?.cells ?? []).map((cell) => {
      const { outcome } = cell;
      return [cell.id, outcome.status === 'failed' ? `${outcome.phase} ${outcome.code}` : outcome.status];
    }),
  );

const nsswitch = existsSync('/etc/nsswitch.conf') ? hostsSources(readFileSync('/etc/nsswitch.conf', 'utf8')) : null;
const sources = nsswitch ?? [];
// The control needs glibc itself to ask the DNS server of resolv.conf for localhost: a dns source with no
// systemd-resolved before it, and no nscd in between (mdns modules answer only .local names).
const dnsAt = sources.indexOf('dns');
const asksResolvConf = dnsAt >= 0 && !sources.slice(0, dnsAt).includes('resolve') && !existsSync('/var/run/nscd/socket');
// And to hear only the witness's answer: no source that makes up an answer for localhost (myhostname, resolve).
const answersAsDns = asksResolvConf && !sources.includes('myhostname') && !sources.includes('resolve');
const hostSources = `nsswitch.conf hosts: is ${nsswitch?.join(' ') ?? 'missing'}`;

describe.skipIf(!namespaces.ok || !mountNamespaces.ok)(
  `a namespace whose only DNS server is a witness of the test's own${skipped(namespaces.ok ? mountNamespaces : namespaces)}`,
  () => {
    /** One run of sockmatrix inside a fresh namespace: hosts file without ::1, resolv.conf naming the witness. */
    const runWatched = async (extra: string[]): Promise<{ queries: string[]; report: Report }> => {
      const folder = freshFolder();
      writeFileSync(join(folder, 'hosts'), '127.0.0.1 localhost\n');
      writeFileSync(join(folder, 'resolv.conf'), 'nameserver 127.0.0.1\noptions attempts:1\n');
      const result = await runInTestNamespace(
        [bindMount(join(folder, 'hosts'), '/etc/hosts'), bindMount(join(folder, 'resolv.conf'), '/etc/resolv.conf')],
        [process.execPath, witness, process.execPath, cli, '--json', ...cellArgs, ...extra, '--out', join(folder, 'runs')],
        env,
      );
      expect(result.exitCode, result.stderr).toBe(0);
      const seen = JSON.parse(result.stdout) as { queries: string[]; exitCode: number; stdout: string };
      expect(seen.exitCode, result.stderr).toBe(0);
      return { queries: seen.queries, report: JSON.parse(seen.stdout) as Report };
    };

    let system: { queries: string[]; report: Report } | undefined;
    let hostsFile: { queries: string[]; report: Report } | undefined;
    beforeAll(async () => {
      [system, hostsFile] = await Promise.all([runWatched([]), runWatched(['--resolver', 'hosts-file'])]);
    });

    it('with --resolver hosts-file, asks the DNS server nothing at all', () => {
      expect(hostsFile?.queries).toEqual([]);
      expect(hostsFile?.report.environment.resolver).toEqual({ mode: 'hosts-file', nsswitchHosts: ['files'] });
      expect(hostsFile?.report.run.options.resolver).toBe('hosts-file');
    });

    it.each(noSuchName)('with --resolver hosts-file, %s is %s, as the hosts file has no ::1', (cellId, outcome) => {
      expect(outcomes(hostsFile?.report)[cellId]).toBe(outcome);
    });

    it.skipIf(!asksResolvConf)(
      `by default, asks it for localhost as the user's own programs do, and says so${asksResolvConf ? '' : ` (skipped: ${hostSources}, with no dns glibc asks itself, or nscd runs)`}`,
      () => {
        expect(system?.queries).toContain('localhost AAAA');
        expect(system?.report.environment.resolver).toEqual({ mode: 'system', nsswitchHosts: nsswitch });
      },
    );

    it.skipIf(!answersAsDns)(
      `gets the answers a DNS server that has no such name gives${answersAsDns ? '' : ` (skipped: ${hostSources}, whose sources may answer localhost themselves)`}`,
      () => {
        expect(outcomes(hostsFile?.report)).toEqual(outcomes(system?.report));
      },
    );
  },
);

describe.skipIf(!namespaces.ok)(`profiles resolve from their own hosts file${skipped(namespaces)}`, () => {
  let set: ProfileSet | undefined;
  beforeAll(async () => {
    const result = await sockmatrix(['--json', '--profile', 'no-ipv6', ...cellArgs, '--out', freshFolder()]);
    expect(result.exitCode, result.stderr).toBe(0);
    set = JSON.parse(result.stdout) as ProfileSet;
  });

  it.each(noSuchName)('no-ipv6: %s is %s, as on a real host without ::1 localhost (not EAI_AGAIN)', (cellId, outcome) => {
    expect(outcomes(set?.reports[0])[cellId]).toBe(outcome);
  });

  it('and the report says their names resolved from the hosts file alone', () => {
    expect(set?.reports[0]?.environment.resolver).toEqual({ mode: 'hosts-file', nsswitchHosts: ['files'] });
  });
});

// A profile that copies this host's loopback and hosts file must behave as this host does: the namespace
// changes what the profile changes and nothing else. That holds where the host itself answers from its
// hosts file, then from a DNS server that has no localhost (not systemd-resolved's stub, which makes one up).
const hostsText = existsSync('/etc/hosts') ? readFileSync('/etc/hosts', 'utf8') : '';
const hostLocalhost = localhostLines(hostsText);
const resolvConf = existsSync('/etc/resolv.conf') ? readFileSync('/etc/resolv.conf', 'utf8') : '';
const stubResolver = /^\s*nameserver\s+127\.0\.0\.5[34]\b/m.test(resolvConf);
const bindv6only = existsSync('/proc/sys/net/ipv6/bindv6only') ? Number(readFileSync('/proc/sys/net/ipv6/bindv6only', 'utf8')) : 0;
const mirrorable =
  answersAsDns &&
  !stubResolver &&
  hostLocalhost.length > 0 &&
  hostLocalhost.every((line) => isLoopbackAddress(line.split(' ')[0] ?? '')) &&
  (bindv6only === 0 || bindv6only === 1);
const whyNot = mirrorable
  ? ''
  : ' (skipped: this host does not resolve localhost from /etc/hosts then a plain DNS server, or its hosts file maps localhost off loopback)';

describe.skipIf(!namespaces.ok || !mirrorable)(`a profile made like this host${skipped(namespaces) || whyNot}`, () => {
  it('has the same outcomes as the host in the cells a localhost lookup decides', async () => {
    const folder = freshFolder();
    const shape = { ipv6: hostHasIpv6, bindv6only, ipv4Loopback: '127.0.0.1/8', hostsFile: hostLocalhost };
    writeFileSync(join(folder, 'profiles.json'), JSON.stringify({ profiles: [{ name: 'like-this-host', shape }] }));
    const result = await sockmatrix([
      '--json',
      ...['--profiles-file', join(folder, 'profiles.json'), '--profile', 'host,like-this-host'],
      ...cellArgs,
      ...['--out', join(folder, 'runs')],
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    const [host, like] = (JSON.parse(result.stdout) as ProfileSet).reports;
    expect(Object.keys(outcomes(host)).length).toBeGreaterThan(0);
    expect(outcomes(like)).toEqual(outcomes(host));
  });
});

describe.skipIf(!mountNamespaces.ok)(`--resolver hosts-file on this host${skipped(mountNamespaces)}`, () => {
  // The timeout is past the 30 s exchange limit below: a signal that never reached the run fails on its exit status.
  it('passes Ctrl-C to the run in its namespace, which stops, reaps its agents and writes what finished', { timeout: 90_000 }, async () => {
    const out = freshFolder();
    const tag = randomUUID();
    // udp4 0.0.0.0 -> udp4 127.0.0.2 never gets its echo on Linux (cli.test.ts): with a 30 s limit it is
    // still running, agents alive, when the first cell's progress line brings the SIGINT.
    const run = execa(
      process.execPath,
      [
        cli,
        ...[
          '--resolver',
          'hosts-file',
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
      { reject: false, env: { ...env, SOCKMATRIX_TEST_TAG: tag } },
    );
    await stderrShows(run, /sockmatrix: \d+\/\d+ cells done/);
    run.kill('SIGINT');
    const result = await run;
    expect(result.exitCode, result.stderr).toBe(130);
    const report = JSON.parse(readFileSync(join(out, 'latest', 'report.json'), 'utf8')) as Report;
    expect(report.run.complete).toBe(false);
    expect(report.environment.resolver?.mode).toBe('hosts-file');
    expect(taggedProcesses(tag)).toEqual([]);
  });
});

describe('--resolver hosts-file where it cannot be done', () => {
  it('exits 2 and says why and what to do, when no mount namespace can be made', async () => {
    // A PATH with node and nothing else: no unshare, as on a system without it.
    const bin = freshFolder();
    symlinkSync(process.execPath, join(bin, 'node'));
    const result = await sockmatrix(['--resolver', 'hosts-file', ...localhostCells, '--client-runtime', 'node', '--out', freshFolder()], {
      PATH: bin,
    });
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/--resolver hosts-file cannot keep name lookups on this machine here: .+\. Leave --resolver out/);
    // Where the mount namespace can be made with unshare on the PATH, it is unshare that was missing.
    if (mountNamespaces.ok) expect(result.stderr).toMatch(/\(unshare: .*ENOENT/);
    expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });

  it('says why off Linux', async () => {
    expect(await checkLocalResolverSupport('darwin')).toEqual({
      ok: false,
      reason: 'mount namespaces are a Linux feature, and this is darwin',
    });
  });
});
