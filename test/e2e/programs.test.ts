import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkNamespaceSupport } from '../../harness/namespace-runner.js';
import type { ProfileSet } from '../../reports/profile-set.js';
import type { PairReportCell, Report } from '../../reports/report.js';
import { preparedRuntimes } from './agents.js';
import { hostHasIpv6, isLinux, taggedProcesses } from './host-features.js';

// Your own programs in the matrix, for real: third-party servers (Python's http.server, Vite from node_modules) and
// clients started by the run, dialed by real agents over loopback, where they listen read from the system.

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const vite = fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url));
const python = preparedRuntimes.ready.get('python')?.bare.file ?? null;
const curl = (process.env.PATH ?? '').split(delimiter).some((folder) => existsSync(join(folder, 'curl')));
const freshFolder = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));
const ready = isLinux && hostHasIpv6 && python !== null;
const why = ready ? '' : ' (skipped: needs Linux with IPv6, and Python 3.8 or newer)';

/** A document root for the servers: one page. */
const site = (): string => {
  const folder = freshFolder('sockmatrix-site-');
  writeFileSync(join(folder, 'index.html'), '<h1>sockmatrix</h1>\n');
  return folder;
};

const sockmatrix = (args: string[], tag: string, cwd?: string) =>
  execa(process.execPath, [cli, '--json', '--out', freshFolder('sockmatrix-programs-'), ...args], {
    reject: false,
    ...(cwd === undefined ? {} : { cwd }),
    env: { NO_COLOR: '1', GITHUB_ACTIONS: '', SOCKMATRIX_TEST_TAG: tag },
  });

// Your programs play pairings only: every cell these tests read is a pair.
const cellOf = (report: Report | undefined, id: string): PairReportCell => {
  const cell = report?.cells.find((candidate) => candidate.id === id);
  if (cell === undefined) throw new Error(`no cell ${id} in ${report?.cells.map((candidate) => candidate.id).join(', ')}`);
  if (cell.kind === 'coexist') throw new Error(`${id} is a two-servers cell, not a pairing`);
  return cell;
};
const outcomeOf = (report: Report | undefined, id: string): string => {
  const { outcome } = cellOf(report, id);
  return outcome.status === 'failed' ? `${outcome.phase} ${outcome.code}` : outcome.status;
};

describe.skipIf(!ready)(`Python's http.server as your own server${why}`, () => {
  const tag = randomUUID();
  let report: Report | undefined;
  let stderr = '';

  beforeAll(async () => {
    const www = site();
    const result = await sockmatrix(
      [
        ...['--server-cmd', `${python} -m http.server --bind {address} {port} --directory ${www}`],
        ...['--server', '127.0.0.1,::,localhost', '--client', '127.0.0.1,::1', '--client-runtime', 'node,python'],
      ],
      tag,
      www,
    );
    stderr = result.stderr;
    expect(result.exitCode, result.stderr).toBe(0);
    report = JSON.parse(result.stdout) as Report;
  });

  it.each([
    ['tcp 127.0.0.1 (custom:http.server) -> 127.0.0.1', 'connected'],
    ['tcp 127.0.0.1 (custom:http.server) -> [::1]', 'client-connect ECONNREFUSED'],
    ['tcp 127.0.0.1 (custom:http.server) -> AF_INET6 [::1] (python)', 'client-connect ECONNREFUSED'],
    // http.server's DualStackServer clears IPV6_V6ONLY: on :: it takes IPv4 clients too.
    ['tcp [::] (custom:http.server) -> 127.0.0.1', 'connected'],
    ['tcp [::] (custom:http.server) -> [::1]', 'connected'],
    ['tcp [::] (custom:http.server) -> AF_INET 127.0.0.1 (python)', 'connected'],
  ])('%s is %s', (id, expected) => {
    expect(outcomeOf(report, id)).toBe(expected);
  });

  it('records where it really listened, read from the system, and its command as the runtime’s version', () => {
    const wildcard = cellOf(report, 'tcp [::] (custom:http.server) -> [::1]').outcome.observations.server;
    expect(wildcard?.bound).toMatchObject({ address: '::', family: 6 });
    expect(wildcard?.program?.listening).toEqual([wildcard?.bound]);
    expect(wildcard?.program?.command).toEqual(expect.arrayContaining(['--bind', '::', String(wildcard?.bound?.port)]));
    // Told localhost, it binds the first address the resolver gives: as the system shows, whatever that is here.
    const named = cellOf(report, 'tcp localhost (custom:http.server) -> 127.0.0.1').outcome.observations.server;
    expect(named?.bound?.address).toBe(report?.environment.localhost.addresses[0]?.address);
    expect(report?.environment.runtimes?.['custom:http.server']).toMatch(/ -m http\.server --bind \{address\} \{port\} --directory /);
  });

  it('explains a failure from where it listened, and names the fix in its own command', () => {
    const { explanation } = cellOf(report, 'tcp 127.0.0.1 (custom:http.server) -> [::1]');
    expect(explanation?.rule).toBe('other-family');
    expect(explanation?.why).toMatch(
      /^Your server custom:http\.server listens on IPv4 127\.0\.0\.1 only \(as the system shows\), and the client dialed IPv6 ::1/,
    );
    expect(explanation?.change[0]).toMatch(/start it on :: \(.* -m http\.server --bind :: PORT --directory .*\)/);
  });

  it('leaves none of its processes running', () => {
    expect(stderr).toMatch(/ran 18 of 18 cells/);
    expect(taggedProcesses(tag)).toEqual([]);
  });
});

describe.skipIf(!ready)(`a server of your own that does not get ready${why}`, () => {
  it('that exits: a failed bind with its exit status and its last words, explained', async () => {
    const result = await sockmatrix(
      [
        ...['--server-cmd', `${python} -c "import sys; sys.exit('cannot serve ' + sys.argv[1])" {address} {port}`, '--name', 'quitter'],
        ...['--server', '::1', '--client-runtime', 'node', '--client', '::1'],
      ],
      randomUUID(),
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const cell = cellOf(JSON.parse(result.stdout) as Report, 'tcp [::1] (custom:quitter) -> [::1]');
    expect(cell.outcome).toMatchObject({ status: 'failed', phase: 'server-bind', code: 'EXIT1' });
    expect(cell.explanation?.rule).toBe('program-exited');
    expect(cell.explanation?.why).toMatch(
      /^Your server custom:quitter exited with status 1 before it listened on ::1; its output ends: cannot serve ::1\.$/,
    );
  });

  it('that listens elsewhere than its port: where it listens, from the system, and what it was waited for', async () => {
    const result = await sockmatrix(
      [
        ...['--shell', '--server-cmd', `exec ${python} -m http.server --bind {address} 0 # {port}`, '--name', 'elsewhere'],
        ...['--startup-timeout', '4000', '--server', '127.0.0.1', '--client-runtime', 'node', '--client', '127.0.0.1'],
      ],
      randomUUID(),
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const cell = cellOf(JSON.parse(result.stdout) as Report, 'tcp 127.0.0.1 (custom:elsewhere) -> 127.0.0.1');
    expect(cell.outcome).toMatchObject({ status: 'failed', phase: 'server-bind', code: 'ENOTREADY' });
    expect(cell.outcome.status === 'failed' ? cell.outcome.message : '').toMatch(
      /was not ready within 4000 ms: sockmatrix waited for a socket of its process group listening on port \d+, then a connection to it; it listens on 127\.0\.0\.1:\d+ \(not on port \d+\)/,
    );
    expect(cell.explanation?.rule).toBe('program-not-ready');
  });
});

describe.skipIf(!ready || !existsSync(vite))(`Vite from node_modules as your own server, --probe http and --ready${why}`, () => {
  it('answers HTTP on ::1, where the system shows it listening, and nowhere else', async () => {
    const www = site();
    const result = await sockmatrix(
      [
        ...[
          '--server-cmd',
          `${process.execPath} ${vite} --host {address} --port {port} --strictPort`,
          '--probe',
          'http',
          '--ready',
          'Local:',
        ],
        ...['--server', '::1', '--client-runtime', 'node', '--client', '127.0.0.1,::1'],
      ],
      randomUUID(),
      www,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    const reached = cellOf(report, 'tcp [::1] (custom:vite) -> [::1]');
    expect(reached.outcome.status).toBe('connected');
    expect(reached.outcome.observations.client?.httpStatus).toBe(200);
    expect(reached.outcome.observations.server?.bound).toMatchObject({ address: '::1', family: 6 });
    expect(outcomeOf(report, 'tcp [::1] (custom:vite) -> 127.0.0.1')).toBe('client-connect ECONNREFUSED');
  });
});

describe.skipIf(!ready)(`your own client${why}`, () => {
  it('connects where its exit status is 0, and fails with what its output names', async () => {
    const dialer = `${python} -c "import socket, sys; socket.create_connection((sys.argv[1], int(sys.argv[2])), 5)" {address} {port}`;
    const result = await sockmatrix(
      ['--client-cmd', dialer, '--name', 'dialer', '--server-runtime', 'node', '--server', '127.0.0.1'],
      randomUUID(),
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(outcomeOf(report, 'tcp 127.0.0.1 -> 127.0.0.1 (custom:dialer)')).toBe('connected');
    const refused = cellOf(report, 'tcp 127.0.0.1 -> [::1] (custom:dialer)');
    expect(`${refused.outcome.status === 'failed' ? refused.outcome.code : ''} ${refused.explanation?.rule}`).toBe(
      'ECONNREFUSED other-family',
    );
    expect(refused.outcome.observations.client?.program?.output).toMatch(/ConnectionRefusedError: \[Errno 111\]/);
  });

  it.skipIf(!curl)('is answered HTTP by the agents with --probe http (curl)', async () => {
    const result = await sockmatrix(
      [
        '--client-cmd',
        'curl -sS http://{host}:{port}/',
        '--probe',
        'http',
        '--server-runtime',
        'python',
        '--server',
        '::1',
        '--client',
        '::1',
      ],
      randomUUID(),
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const cell = cellOf(JSON.parse(result.stdout) as Report, 'tcp AF_INET6 [::1] (python) -> [::1] (custom:curl)');
    expect(cell.outcome.status).toBe('connected');
    expect(cell.outcome.observations.server).toMatchObject({ received: true, replied: true, payloadMatched: false });
  });
});

describe.skipIf(!ready)(`a run killed outright${why}`, () => {
  it('leaves no program of yours running: its keeper kills the whole group when the run goes', async () => {
    const tag = randomUUID();
    // It listens on a port of its own choosing, so it is never ready: the run waits on it for a minute.
    const run = execa(
      process.execPath,
      [
        cli,
        '--out',
        freshFolder('sockmatrix-killed-'),
        '--shell',
        '--server-cmd',
        `exec ${python} -m http.server --bind {address} 0 # {port}`,
      ].concat(['--startup-timeout', '60000', '--server', '127.0.0.1', '--client-runtime', 'node', '--client', '127.0.0.1']),
      { reject: false, env: { NO_COLOR: '1', SOCKMATRIX_TEST_TAG: tag } },
    );
    const programRuns = (): boolean =>
      taggedProcesses(tag).some((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('http.server');
        } catch {
          return false;
        }
      });
    const until = async (done: () => boolean, what: string): Promise<void> => {
      // Far above the moment a process takes to start or to notice its stdin closing; far below the run's minute.
      for (const deadline = Date.now() + 20_000; !done(); ) {
        if (Date.now() > deadline) throw new Error(`${what}; still running: ${taggedProcesses(tag).join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await until(programRuns, 'the program never started');
    run.kill('SIGKILL');
    await run;
    await until(() => taggedProcesses(tag).length === 0, 'the program outlived the run');
  });
});

const namespaces = isLinux ? await checkNamespaceSupport() : { ok: false as const, reason: 'not Linux' };

describe.skipIf(!ready || !namespaces.ok)(`your own server inside a profile${why}`, () => {
  it('told localhost where localhost is ::1 first (linux), listens on ::1 only, as the system inside shows', async () => {
    const result = await sockmatrix(
      [
        ...['--profile', 'linux', '--server-cmd', `${python} -m http.server --bind {address} {port}`],
        ...['--server', 'localhost', '--client-runtime', 'node', '--client', '127.0.0.1,::1'],
      ],
      randomUUID(),
      site(),
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const report = (JSON.parse(result.stdout) as ProfileSet).reports[0];
    const refused = cellOf(report, 'tcp localhost (custom:http.server) -> 127.0.0.1');
    expect(refused.outcome.observations.server?.bound).toMatchObject({ address: '::1', family: 6 });
    expect(refused.explanation?.why).toMatch(
      /^Your server custom:http\.server, told localhost, listens on IPv6 ::1 only \(as the system shows\)/,
    );
    expect(outcomeOf(report, 'tcp localhost (custom:http.server) -> [::1]')).toBe('connected');
  });
});
