import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AgentCommand } from '../../harness/agent-launch.js';
import type { AgentExit } from '../../harness/agent-process.js';
import { ForkServer } from '../../harness/fork-server.js';
import { agentsOf, prepareRuntimes } from '../../harness/runtimes/index.js';
import { pythonAgentsFolder, pythonFlags } from '../../harness/runtimes/python.js';
import type { ClientEndpoint, PairCell, ServerEndpoint } from '../../matrix/dimensions.js';
import { builtInAgents, pairCell, preparedRuntimes, pythonMissing } from './agents.js';
import { crashedClient, forked, forkedEndsAsFresh, forkServerCases, runFixture } from './fork-server-cases.js';
import { isLinux } from './host-features.js';

// Python agents forked by the fork server are the same agents as those started fresh: the same outcomes, and to the
// harness the same processes, with exit codes, signals and stderr. The fixture agent (fixtures/agents/python/)
// shows what a process can see of how it was started, fresh and forked, side by side. What every fork server must
// do alike is in fork-server-cases.ts.

const skipped = pythonMissing ?? (isLinux ? null : 'the fixture reads /proc, and the outcomes compared are Linux facts');
const python = preparedRuntimes.ready.get('python')?.bare.file ?? 'python3';
const fixtureFolder = fileURLToPath(new URL('../fixtures/agents/python/', import.meta.url)).replace(/\/$/, '');
const forkServerScript = join(pythonAgentsFolder, 'fork_server.py');

/** The fixture agent, fresh: as the built-in agents start without a fork server. */
const freshFixture: AgentCommand = { file: python, args: [...pythonFlags, join(fixtureFolder, 'forked_agent.py')] };

/** A fork server of the fixture agent, on both sides; `command` replaces its own, to make one that cannot start. */
const fixtureForkServer = (warnings: string[] = [], command?: AgentCommand): ForkServer => {
  const agent = { module: 'forked_main', argv0: join(fixtureFolder, 'forked_agent.py'), fresh: freshFixture };
  return new ForkServer({
    name: 'the test fork server',
    command: command ?? { file: python, args: [...pythonFlags, forkServerScript] },
    folders: [pythonAgentsFolder, fixtureFolder],
    agents: { server: agent, client: agent },
    warn: (message) => warnings.push(message),
  });
};

const fresh = agentsOf(await prepareRuntimes(['python'], { python: null, forkServer: false }));

describe.skipIf(skipped !== null)(`the Python fork server${skipped === null ? '' : ` (skipped: ${skipped})`}`, () => {
  it('is how the built-in Python agents start, and --no-fork-server (forkServer: false) starts them fresh', () => {
    expect(builtInAgents('client', 'python')).toMatchObject({ launch: 'fork-server', side: 'client' });
    expect(fresh('client', 'python')).toMatchObject({ file: python, args: expect.arrayContaining(['-I', '-S']) });
  });

  it('starts an agent that sees itself started as a fresh one does: argv, flags, signal handlers, and its stdio alone open', async () => {
    const instructions = { introspect: true };
    const [fromFresh, fromFork] = await Promise.all([
      runFixture(freshFixture, instructions),
      runFixture(forked(fixtureForkServer()), instructions),
    ]);
    const seen = (run: typeof fromFresh) => {
      const { pid, ppid, fds, ...rest } = run.first as Record<string, unknown>;
      return { ...rest, fds: Object.keys(fds as object).sort() };
    };
    expect(seen(fromFork)).toEqual(seen(fromFresh));
    expect(seen(fromFork)).toMatchObject({
      argv: ['forked_agent.py', JSON.stringify(instructions)],
      signals: { SIGINT: 'default_int_handler', SIGPIPE: 'SIG_IGN', SIGCHLD: 'SIG_DFL' },
      wakeupFd: -1,
      flags: [1, 1, 1],
    });
    // Nothing of the fork server's (its pipes, its wake-up pipe) is left open: the same descriptors as a fresh
    // agent's (0, 1, 2, and whatever the harness itself inherited without close-on-exec), each of the same kind.
    // Both kinds of stdio are Unix stream sockets: libuv makes a spawned child's "pipes" with socketpair.
    expect((fromFork.first as { fds: object }).fds).toEqual((fromFresh.first as { fds: object }).fds);
    expect((fromFork.first as { fds: object }).fds).toMatchObject({ 0: 'socket', 1: 'socket', 2: 'socket' });
    expect((fromFork.first as { ppid: number }).ppid).not.toBe(process.pid);
    expect((fromFresh.first as { ppid: number }).ppid).toBe(process.pid);
    expect([fromFork.exit.exitCode, fromFork.exit.signal]).toEqual([0, null]);
  });

  it("reports a forked agent's exit code, its stderr, an uncaught exception and a death by SIGINT as a fresh one's", async () => {
    const forkServer = fixtureForkServer();
    const ends = [
      { end: 'exit', code: 3, stderr: 'about to exit 3\n' },
      { end: 'exit', code: 'a message as the exit code' },
      { end: 'raise' },
      { end: 'interrupt' },
    ];
    const how = (exit: AgentExit) => ({
      exitCode: exit.exitCode,
      signal: exit.signal,
      spawnError: exit.spawnError,
      // The traceback's frames name the launcher when fresh; its last line is the agent's.
      stderr: exit.stderr.split('\n').at(-1),
    });
    const [exitThree, message, raised, interrupted] = await forkedEndsAsFresh(freshFixture, forkServer, ends, how);
    expect(how(exitThree?.exit as AgentExit)).toEqual({ exitCode: 3, signal: null, spawnError: null, stderr: 'about to exit 3' });
    expect(how(message?.exit as AgentExit)).toMatchObject({ exitCode: 1, stderr: 'a message as the exit code' });
    expect(raised?.exit.stderr).toMatch(/^Traceback[\s\S]*forked_main\.py[\s\S]*RuntimeError: the fixture agent was told to raise$/);
    expect(raised?.exit.exitCode).toBe(1);
    expect(interrupted?.exit).toMatchObject({ exitCode: null, signal: 'SIGINT' });
    expect(interrupted?.exit.stderr).toMatch(/KeyboardInterrupt$/);
  });

  it("gives a real agent's crash as a fresh one's: the traceback on stderr, exit code 1", async () => {
    const [fromFresh, fromFork] = await Promise.all([
      crashedClient(fresh('client', 'python')),
      crashedClient(builtInAgents('client', 'python')),
    ]);
    expect(fromFork).toMatchObject({ exitCode: 1, signal: null, spawnError: null, protocolErrors: [] });
    expect(fromFork.stderr).toMatch(/^Traceback[\s\S]*client_main\.py[\s\S]*KeyError: 'client'$/);
    expect(fromFork.stderr.split('\n').at(-1)).toBe(fromFresh.stderr.split('\n').at(-1));
  });

  const server = (address: string, family: 4 | 6, ipv6Only: boolean | null = null): ServerEndpoint => ({
    runtime: 'python',
    address,
    family,
    ipv6Only,
  });
  const client = (address: string, family: 4 | 6 | null): ClientEndpoint => ({
    runtime: 'python',
    address,
    family,
    lookup: family === null && address === 'localhost' ? 'in-order' : null,
  });
  const cells: PairCell[] = [
    pairCell('tcp', server('127.0.0.1', 4), client('127.0.0.1', 4)), // connected
    pairCell('tcp', server('::1', 6, true), client('127.0.0.1', 4)), // refused
    pairCell('tcp', server('127.0.0.1', 4), client('localhost', null)), // create_connection over the name
    pairCell('tcp', server('127.0.0.1', 4), client('::1', 6)), // refused over IPv6
    pairCell('tcp', server('127.0.0.1', 6), client('127.0.0.1', 4)), // a bind error
    pairCell('udp', server('127.0.0.1', 4), client('127.0.0.1', 4)), // connected
    pairCell('udp', server('0.0.0.0', 4), client('127.0.0.2', 4)), // a reply from another address: dropped
    pairCell('udp', server('::1', 6), client('127.0.0.1', 4)), // refused
  ];
  forkServerCases({
    runtime: 'python',
    fixtureForkServer,
    failingCommand: { file: python, args: [...pythonFlags, '-c', 'import sys; sys.stderr.write("no fork here\\n"); sys.exit(3)'] },
    fresh,
    cells,
  });
});
