import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { checkNamespaceSupport } from '../../harness/namespace-runner.js';
import { nodeForks } from '../../harness/runtimes/node.js';
import type { Report } from '../../reports/report.js';
import { pythonMissing } from './agents.js';
import { isLinux, taggedProcesses } from './host-features.js';
import { stderrShows } from './stderr-line.js';

// How a run ends when it is cut short: killed outright (SIGKILL, nothing of it runs on), or interrupted
// twice. Real runs, real agents, real signals; Linux, where /proc shows which processes are left.

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const support = isLinux ? await checkNamespaceSupport() : { ok: false as const, reason: 'not Linux' };
const freshFolder = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));

// Linux answers a wildcard server's UDP echo from 127.0.0.1, so a client that dialled 127.0.0.2 never gets
// it and waits out its exchange limit: 30 s here, far past any wait below, so that cell is surely still
// running when the run is cut short, however loaded the machine.
const heldCells = (runtime: 'node' | 'python'): string[] => [
  ...['--runtime', runtime, '--transport', 'udp', '--server', '0.0.0.0', '--client', '127.0.0.1,127.0.0.2'],
  ...['--exchange-timeout', '30000', '--concurrency', '2'],
];

// Far below the 30 s a client left behind would live, far above the moment an agent takes to notice.
const goneWithinMs = 10_000;

const commandLine = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
};

/** Poll until `done` holds; fail with `what` and the last state seen once `withinMs` has passed. */
const waitUntil = async <State>(state: () => State, done: (value: State) => boolean, withinMs: number, what: string): Promise<State> => {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = state();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} within ${withinMs} ms; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/** The tagged processes still alive, with their command lines. */
const survivors = (tag: string): string[] => taggedProcesses(tag).map((pid) => `${pid} ${commandLine(pid)}`);

/** The inodes of a process's sockets. */
const socketInodes = (pid: number): Set<string> => {
  try {
    return new Set(
      readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
        try {
          return [/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? ''];
        } catch {
          return [];
        }
      }),
    );
  } catch {
    return new Set();
  }
};

/** Whether a process has a UDP socket connected to 127.0.0.2 (in /proc/<pid>/net/udp, 0200007F): it sends its token right after. */
const connectedTo127002 = (pid: number): boolean => {
  const inodes = socketInodes(pid);
  try {
    return readFileSync(`/proc/${pid}/net/udp`, 'utf8')
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .some((fields) => fields[2]?.startsWith('0200007F:') && inodes.has(fields[9] ?? ''));
  } catch {
    return false;
  }
};

/**
 * Wait until the held cell's client agent has sent its token to 127.0.0.2: from then on it waits out its
 * exchange limit whatever happens to its server (killed any earlier, it would fail at once on the ICMP refusal).
 */
const heldClientWaiting = (tag: string): Promise<number[]> =>
  waitUntil(
    () => taggedProcesses(tag),
    // A forked client has its fork server's command line.
    (pids) => pids.some((pid) => /client[-_]agent|fork[-_]server/.test(commandLine(pid)) && connectedTo127002(pid)),
    // A second or two; the bound only turns a broken run into a failure instead of a hang.
    30_000,
    'the held client agent did not connect its socket',
  );

// A run that hangs is killed after 45 s (it may not heed SIGTERM): it fails on its status, and leaves nothing behind.
const startRun = (args: string[], env: Record<string, string>) =>
  execa(process.execPath, [cli, ...args], {
    reject: false,
    env: { NO_COLOR: '1', GITHUB_ACTIONS: '', ...env },
    timeout: 45_000,
    killSignal: 'SIGKILL',
  });

const oneTcpCell = ['--transport', 'tcp', '--server', '127.0.0.1', '--client', '127.0.0.1'];

/** Whether a fork server (Python's or Node's) is among the tagged processes. */
const forkServerRuns = (tag: string): boolean => survivors(tag).some((line) => /fork_server\.py|fork-server\.js/.test(line));

describe.skipIf(!isLinux)('a run killed with SIGKILL (Linux: reads /proc)', () => {
  const leavesNoAgent =
    (runtime: 'node' | 'python', more: string[] = []) =>
    async () => {
      const tag = randomUUID();
      const run = startRun([...heldCells(runtime), ...more, '--out', freshFolder('sockmatrix-killed-')], { SOCKMATRIX_TEST_TAG: tag });
      await heldClientWaiting(tag);
      // Agents are forked by their runtime's fork server (Node's where the build made its addon), unless told
      // otherwise; it too must go.
      expect(forkServerRuns(tag)).toBe((runtime === 'python' || nodeForks()) && !more.includes('--no-fork-server'));
      run.kill('SIGKILL');
      await run;
      await waitUntil(
        () => survivors(tag),
        (alive) => alive.length === 0,
        goneWithinMs,
        'agents outlived the killed run',
      );
    };

  it('leaves no node agent nor fork server running, not even a client waiting out its exchange limit', leavesNoAgent('node'));

  it('with --no-fork-server leaves no node agent running, each started fresh', leavesNoAgent('node', ['--no-fork-server']));

  it.skipIf(pythonMissing !== null)(
    `leaves no python agent nor fork server running, not even a client waiting out its exchange limit${pythonMissing === null ? '' : ` (skipped: ${pythonMissing})`}`,
    leavesNoAgent('python'),
  );

  it.skipIf(pythonMissing !== null)(
    `with --no-fork-server leaves no python agent running, each started fresh${pythonMissing === null ? '' : ` (skipped: ${pythonMissing})`}`,
    leavesNoAgent('python', ['--no-fork-server']),
  );

  it.skipIf(!support.ok)(
    `with --profile leaves no inner run or agent running, and the next run removes its temporary folders${support.ok ? '' : ` (skipped: ${support.reason})`}`,
    async () => {
      const tag = randomUUID();
      // The runs' own temporary folder, so what is left there is theirs and no other test's.
      const scratch = freshFolder('sockmatrix-scratch-');
      const env = { SOCKMATRIX_TEST_TAG: tag, TMPDIR: scratch };
      const run = startRun(['--profile', 'linux', ...heldCells('node'), '--out', freshFolder('sockmatrix-killed-')], env);
      await heldClientWaiting(tag);
      // The inner run's Node fork server has its socket's folder too, named for the inner run, which may yet remove it
      // as it goes: the run's own folders are the ones a dead run cannot remove.
      const runFolders = (names: string[]): string[] => names.filter((name) => !name.startsWith('sockmatrix-fork-'));
      const leftBehind = readdirSync(scratch).sort();
      expect(runFolders(leftBehind)).toEqual([
        expect.stringMatching(new RegExp(`^sockmatrix-inner-${run.pid}-`)),
        expect.stringMatching(new RegExp(`^sockmatrix-profile-${run.pid}-`)),
      ]);
      expect(leftBehind.length - runFolders(leftBehind).length).toBe(nodeForks() ? 1 : 0);
      run.kill('SIGKILL');
      await run;
      await waitUntil(
        () => survivors(tag),
        (alive) => alive.length === 0,
        goneWithinMs,
        'the inner run or its agents outlived the killed run',
      );
      // A dead run cannot clean up: its folders are still there. A live process's folder looks the same.
      const afterKill = readdirSync(scratch).sort();
      expect(runFolders(afterKill)).toEqual(runFolders(leftBehind));
      const live = `sockmatrix-inner-${process.pid}-Alive1`;
      mkdirSync(join(scratch, live));

      const next = await startRun(
        [
          '--runtime',
          'node',
          '--transport',
          'tcp',
          '--server',
          '127.0.0.1',
          '--client',
          '127.0.0.1',
          '--out',
          freshFolder('sockmatrix-next-'),
        ],
        env,
      );
      expect(next.exitCode, next.stderr).toBe(0);
      expect(next.stderr).toContain(`removed ${afterKill.length} temporary folders left by sockmatrix runs that were killed`);
      expect(readdirSync(scratch)).toEqual([live]);
    },
  );
});

describe.skipIf(!isLinux)('a run interrupted once (Linux: reads /proc)', () => {
  const stopsItsForkServer = (runtime: 'node' | 'python') => async () => {
    const tag = randomUUID();
    const run = startRun([...heldCells(runtime), '--out', freshFolder('sockmatrix-interrupted-')], { SOCKMATRIX_TEST_TAG: tag });
    await heldClientWaiting(tag);
    expect(forkServerRuns(tag)).toBe(true);
    run.kill('SIGINT');
    const result = await run;
    expect(result.exitCode, result.stderr).toBe(130);
    expect(result.stderr).not.toContain('fork server');
    await waitUntil(
      () => survivors(tag),
      (alive) => alive.length === 0,
      goneWithinMs,
      'agents or the fork server outlived the interrupted run',
    );
  };

  it.skipIf(pythonMissing !== null)(
    `kills its python agents and stops its fork server, leaving nothing running${pythonMissing === null ? '' : ` (skipped: ${pythonMissing})`}`,
    stopsItsForkServer('python'),
  );

  it.skipIf(!nodeForks())(
    `kills its node agents and stops its fork server, leaving nothing running${nodeForks() ? '' : ' (skipped: no Node fork server built here)'}`,
    stopsItsForkServer('node'),
  );
});

describe.skipIf(!isLinux)('a run interrupted twice (Linux: holds a cell open with a UDP echo Linux sends from 127.0.0.1)', () => {
  it('still writes the report of what finished, with complete: false', async () => {
    const out = freshFolder('sockmatrix-twice-');
    const run = startRun([...heldCells('node'), '--out', out], {});
    await stderrShows(run, /cells done/);
    run.kill('SIGINT');
    // The second comes once the first has been taken: two signals sent at once may arrive as one.
    await stderrShows(run, /SIGINT: stopping/);
    run.kill('SIGINT');
    const result = await run;
    expect(result.exitCode, result.stderr).toBe(130);
    const report = JSON.parse(readFileSync(join(out, 'latest', 'report.json'), 'utf8')) as Report;
    expect(report.run.complete).toBe(false);
    expect(report.cells.map((cell) => cell.id)).not.toContain('udp udp4 0.0.0.0 -> udp4 127.0.0.2');
  });
});

describe.skipIf(!isLinux)('a run interrupted while a user runtime is checked (Linux: reads /proc)', () => {
  it('stops the conformance check and writes an empty report with complete: false, instead of checking on', async () => {
    const work = freshFolder('sockmatrix-checked-');
    const hung = fileURLToPath(new URL('../fixtures/agents/hung-agent.mjs', import.meta.url));
    const runtimesFile = join(work, 'runtimes.json');
    const hungRuntime = {
      name: 'hung',
      like: 'node',
      server: [process.execPath, hung],
      client: [process.execPath, hung],
      version: [process.execPath, '--version'],
    };
    writeFileSync(runtimesFile, JSON.stringify({ runtimes: [hungRuntime] }));
    const tag = randomUUID();
    // Its agents never answer: every scenario waits out its limit, a minute and more in all.
    const run = startRun(
      [
        ...['--runtimes-file', runtimesFile, '--server-runtime', 'hung', '--client-runtime', 'node', ...oneTcpCell],
        '--out',
        join(work, 'runs'),
      ],
      { SOCKMATRIX_TEST_TAG: tag },
    );
    await waitUntil(
      () => taggedProcesses(tag).map(commandLine),
      (lines) => lines.some((line) => line.includes('hung-agent')),
      30_000,
      'the conformance check did not start the hung agent',
    );
    run.kill('SIGINT');
    const result = await run;
    expect(result.timedOut, result.stderr).toBe(false);
    expect(result.exitCode, result.stderr).toBe(130);
    expect(result.stderr).not.toContain('conformance check');
    const report = JSON.parse(readFileSync(join(work, 'runs', 'latest', 'report.json'), 'utf8')) as Report;
    expect([report.run.complete, report.cells.length]).toEqual([false, 0]);
  });
});
