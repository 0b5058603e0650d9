import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AgentCommand } from '../../harness/agent-launch.js';
import type { AgentExit } from '../../harness/agent-process.js';
import { ForkServer } from '../../harness/fork-server.js';
import { agentsOf, prepareRuntimes } from '../../harness/runtimes/index.js';
import { nodeAgentUnsets, nodeForkServerCommand, nodeForks } from '../../harness/runtimes/node.js';
import type { ClientEndpoint, PairCell, ServerEndpoint } from '../../matrix/dimensions.js';
import { builtInAgents, pairCell } from './agents.js';
import { crashedClient, forked, forkedEndsAsFresh, forkServerCases, runFixture } from './fork-server-cases.js';

// Node agents forked by the Node fork server are the same agents as those started fresh: the same outcomes, and to
// the harness the same processes, with exit codes, signals and stderr. The fixture agent (fixtures/agents/node/)
// shows what a process can see of how it was started, fresh and forked, side by side. What every fork server must
// do alike is in fork-server-cases.ts.

const skipped = nodeForks() ? null : 'the Node fork server runs on Linux, where the build compiled its addon (a C compiler)';
const fixture = fileURLToPath(new URL('../fixtures/agents/node/forked-agent.cjs', import.meta.url));

/** The fixture agent, fresh: as the built-in agents start without a fork server. */
const freshFixture: AgentCommand = { file: process.execPath, args: [fixture], unsetEnvironment: nodeAgentUnsets };

/** A fork server of the fixture agent, on both sides; `command` replaces its own, to make one that cannot start. */
const fixtureForkServer = (warnings: string[] = [], command?: AgentCommand): ForkServer => {
  const agent = { module: fixture, argv0: fixture, fresh: freshFixture };
  return new ForkServer({
    name: 'the test fork server',
    command: command ?? nodeForkServerCommand,
    folders: [],
    agents: { server: agent, client: agent },
    warn: (message) => warnings.push(message),
  });
};

const fresh = agentsOf(await prepareRuntimes(['node'], { python: null, forkServer: false }));

describe.skipIf(skipped !== null)(`the Node fork server${skipped === null ? '' : ` (skipped: ${skipped})`}`, () => {
  it('is how the built-in Node agents start, and --no-fork-server (forkServer: false) starts them fresh', () => {
    expect(builtInAgents('client', 'node')).toMatchObject({ launch: 'fork-server', side: 'client' });
    expect(builtInAgents('server', 'node')).toMatchObject({ launch: 'fork-server', side: 'server' });
    expect(fresh('client', 'node')).toMatchObject({ file: process.execPath, args: [expect.stringMatching(/client-agent\.cjs$/)] });
  });

  it('starts an agent that sees itself started as a fresh one does: argv, flags, pid, signals, environment, descriptors', async () => {
    const instructions = { introspect: true };
    const [fromFresh, fromFork] = await Promise.all([
      runFixture(freshFixture, instructions),
      runFixture(forked(fixtureForkServer()), instructions),
    ]);
    // What differs, by design (PROTOCOL.md, "Node fork server"): the parent, the threads fork does not copy, and
    // the number libuv's spare descriptor got, opened earlier (the kinds of descriptor are compared, below).
    const seen = (run: typeof fromFresh) => {
      const { pid, realPid, ppid, threads, fds, ...rest } = run.first ?? {};
      return { ...rest, fds: Object.values(fds as Record<string, string>).sort() };
    };
    expect(seen(fromFork)).toEqual(seen(fromFresh));
    expect(seen(fromFork)).toMatchObject({
      argv: ['forked-agent.cjs', JSON.stringify(instructions)],
      execArgv: [],
      env: { NODE_OPTIONS: '', NODE_EXTRA_CA_CERTS: null },
      ignored: expect.arrayContaining(['SIGPIPE']),
      blocked: [],
    });
    // Its pid is its own, as process.pid tells it.
    expect(fromFork.first?.pid).toBe(fromFork.first?.realPid);
    expect(fromFork.first?.ppid).not.toBe(process.pid);
    expect(fromFresh.first?.ppid).toBe(process.pid);
    expect(fromFork.first?.threads).toBe(1);
    // Its stdio are Unix stream sockets, as a spawned agent's are (libuv makes a child's pipes with socketpair), and
    // nothing of the fork server's (its pipes, its wake-up pipe, the rehearsal's sockets) is left open.
    expect(fromFork.first?.fds).toMatchObject({ 0: 'socket', 1: 'socket', 2: 'socket' });
    const numbered = (run: typeof fromFresh) =>
      Object.entries(run.first?.fds as Record<string, string>).filter(([, kind]) => kind !== '/dev/null');
    expect(numbered(fromFork)).toEqual(numbered(fromFresh));
    expect([fromFork.exit.exitCode, fromFork.exit.signal]).toEqual([0, null]);
  });

  it("reports a forked agent's exit code, its stderr, the loop's end, an uncaught exception and a death by SIGINT as a fresh one's", async () => {
    const forkServer = fixtureForkServer();
    const ends = [
      { end: 'exit', code: 3, stderr: 'about to exit 3\n' },
      { end: 'natural', code: 4 },
      { end: 'throw' },
      { end: 'interrupt' },
    ];
    const how = (exit: AgentExit) => ({
      exitCode: exit.exitCode,
      signal: exit.signal,
      spawnError: exit.spawnError,
      // The source line Node quotes above an uncaught exception is missing when forked; its last line is the same.
      stderr: exit.stderr.split('\n').at(-1),
    });
    const [exitThree, natural, thrown, interrupted] = await forkedEndsAsFresh(freshFixture, forkServer, ends, how);
    expect(how(exitThree?.exit as AgentExit)).toEqual({ exitCode: 3, signal: null, spawnError: null, stderr: 'about to exit 3' });
    expect(natural?.exit).toMatchObject({ exitCode: 4, signal: null });
    expect(thrown?.exit.stderr).toMatch(
      /^RangeError: the fixture agent was told to throw\n {4}at [\s\S]*forked-agent\.cjs[\s\S]*\n\nNode\.js v\d+/,
    );
    expect(thrown?.exit.exitCode).toBe(1);
    expect(interrupted?.exit).toMatchObject({ exitCode: null, signal: 'SIGINT' });
  });

  it("gives a real agent's crash as a fresh one's: the error on stderr, exit code 1", async () => {
    const [fromFresh, fromFork] = await Promise.all([
      crashedClient(fresh('client', 'node')),
      crashedClient(builtInAgents('client', 'node')),
    ]);
    expect(fromFork).toMatchObject({ exitCode: 1, signal: null, spawnError: null, protocolErrors: [] });
    expect(fromFork.stderr).toMatch(/^TypeError: Cannot read properties of undefined[\s\S]*client-agent\.cjs/);
    expect(fromFresh.stderr).toContain(fromFork.stderr.split('\n')[0]);
    expect(fromFork.stderr.split('\n').at(-1)).toBe(fromFresh.stderr.split('\n').at(-1));
  });

  const server = (address: string, family: 4 | 6 | null, ipv6Only: boolean | null = null): ServerEndpoint => ({
    runtime: 'node',
    address,
    family,
    ipv6Only,
  });
  const client = (address: string, family: 4 | 6 | null): ClientEndpoint => ({ runtime: 'node', address, family, lookup: null });
  const cells: PairCell[] = [
    pairCell('tcp', server('127.0.0.1', 4), client('127.0.0.1', 4)), // connected
    pairCell('tcp', server('::1', 6, true), client('127.0.0.1', 4)), // refused
    pairCell('tcp', server('127.0.0.1', 4), client('localhost', null)), // a lookup, in the child's own resolver
    pairCell('tcp', server('localhost', null), client('127.0.0.1', 4)), // a server's lookup
    pairCell('tcp', server('::', 6, false), client('127.0.0.1', 4)), // dual-stack
    pairCell('udp', server('127.0.0.1', 4), client('127.0.0.1', 4)), // connected
    pairCell('udp', server('0.0.0.0', 4), client('127.0.0.2', 4)), // a reply from another address: dropped
    pairCell('udp', server('::1', 6), client('127.0.0.1', 4)), // refused
  ];
  forkServerCases({
    runtime: 'node',
    fixtureForkServer,
    failingCommand: { file: process.execPath, args: ['-e', 'process.stderr.write("no fork here\\n"); process.exit(3)'] },
    fresh,
    cells,
  });
});
