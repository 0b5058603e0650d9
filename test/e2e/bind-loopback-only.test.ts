import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkNamespaceSupport } from '../../harness/namespace-runner.js';
import { isAllowedBind } from '../../matrix/loopback.js';
import type { ProfileSet } from '../../reports/profile-set.js';
import type { Report } from '../../reports/report.js';
import { pythonMissing } from './agents.js';
import { bindMount, runInTestNamespace } from './test-namespace.js';

// A hosts file that maps localhost off loopback, in a real namespace: the servers told `localhost` must
// refuse the address it resolves to (ENOTLOOPBACK at server-bind), never bind it, even where it is local.

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const support = await checkNamespaceSupport();
const reason = support.ok ? '' : ` (skipped: ${support.reason})`;
// TEST-NET-1 (RFC 5737): the namespace has no route to it anyway, and no interface holds it.
const elsewhere = '192.0.2.99';

const outcomeOf = (report: Report | undefined, cellId: string): string => {
  const cell = report?.cells.find((candidate) => candidate.id === cellId);
  if (!cell) return `missing ${cellId}`;
  const { outcome } = cell;
  return outcome.status === 'failed' ? `${outcome.phase} ${outcome.code}` : outcome.status;
};

describe.skipIf(!support.ok)(`a profile whose hosts file says ${elsewhere} localhost${reason}`, () => {
  let report: Report | undefined;

  beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sockmatrix-elsewhere-'));
    const profilesFile = join(folder, 'profiles.json');
    const shape = { ipv6: true, bindv6only: 0, ipv4Loopback: '127.0.0.1/8', hostsFile: [`${elsewhere} localhost`] };
    writeFileSync(profilesFile, JSON.stringify({ profiles: [{ name: 'localhost-elsewhere', shape }] }));
    const runtimes = pythonMissing === null ? 'node,python' : 'node';
    const result = await execa(
      process.execPath,
      [
        cli,
        ...['--json', '--profiles-file', profilesFile, '--profile', 'localhost-elsewhere'],
        ...['--server', 'localhost', '--client', '127.0.0.1', '--server-runtime', runtimes, '--client-runtime', 'node'],
        ...['--out', join(folder, 'runs')],
      ],
      { reject: false, env: { NO_COLOR: '1', GITHUB_ACTIONS: '' } },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    report = (JSON.parse(result.stdout) as ProfileSet).reports[0];
  });

  it.each([
    // Node's TCP listen binds the first address dns.lookup gives; dgram's bind looks up for the socket's family.
    ['tcp localhost dual -> 127.0.0.1', 'server-bind ENOTLOOPBACK'],
    ['tcp localhost v6only -> 127.0.0.1', 'server-bind ENOTLOOPBACK'],
    ['udp udp4 localhost -> udp4 127.0.0.1', 'server-bind ENOTLOOPBACK'],
  ])('%s is %s', (cellId, expected) => {
    expect(outcomeOf(report, cellId)).toBe(expected);
  });

  it.skipIf(pythonMissing !== null)(
    `the Python server's bind resolves as getaddrinfo for its family, and refuses too${pythonMissing === null ? '' : ` (skipped: ${pythonMissing})`}`,
    () => {
      expect(outcomeOf(report, 'tcp AF_INET localhost (python) -> 127.0.0.1')).toBe('server-bind ENOTLOOPBACK');
      expect(outcomeOf(report, 'udp AF_INET localhost (python) -> udp4 127.0.0.1')).toBe('server-bind ENOTLOOPBACK');
    },
  );
});

/** Every address off loopback a server of the report said it bound; the report must hold cells for this to mean anything. */
const boundOffLoopback = (report: Report | undefined): string[] => {
  expect(report?.cells.length).toBeGreaterThan(0);
  return (report?.cells ?? []).flatMap((cell) => {
    const { outcome } = cell;
    if (outcome.status === 'harness-error') return [];
    const bound =
      cell.kind === 'coexist'
        ? [cell.outcome.observations.first?.bound.address, cell.outcome.observations.second?.bound.address]
        : [cell.outcome.observations.server?.bound?.address];
    return bound.filter((address): address is string => address !== undefined && !isAllowedBind(address));
  });
};

// No profile puts another address on lo: this namespace, built by the test, does, so a server that binds what
// localhost resolves to would succeed here. The namespace has only lo, so nothing leaves it either way.
describe.skipIf(!support.ok)(`a namespace where ${elsewhere} is local and the hosts file maps localhost to it${reason}`, () => {
  let report: Report | undefined;

  beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sockmatrix-elsewhere-'));
    const hostsFile = join(folder, 'hosts');
    writeFileSync(hostsFile, `${elsewhere} localhost\n`);
    const runtimes = pythonMissing === null ? 'node,python' : 'node';
    const result = await runInTestNamespace(
      [`ip addr add ${elsewhere}/32 dev lo`, bindMount(hostsFile, '/etc/hosts')],
      [
        process.execPath,
        cli,
        ...['--json', '--transport', 'tcp', '--server', 'localhost', '--client', '127.0.0.1'],
        ...['--server-runtime', runtimes, '--client-runtime', 'node', '--out', join(folder, 'runs')],
      ],
      { NO_COLOR: '1', GITHUB_ACTIONS: '' },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    report = JSON.parse(result.stdout) as Report;
  });

  it(`no server binds ${elsewhere}: each refuses it with ENOTLOOPBACK at server-bind`, () => {
    expect(boundOffLoopback(report)).toEqual([]);
    expect(outcomeOf(report, 'tcp localhost dual -> 127.0.0.1')).toBe('server-bind ENOTLOOPBACK');
    if (pythonMissing === null) expect(outcomeOf(report, 'tcp AF_INET localhost (python) -> 127.0.0.1')).toBe('server-bind ENOTLOOPBACK');
  });
});
