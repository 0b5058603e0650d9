import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { AgentExit } from '../../harness/agent-process.js';
import { startAgent } from '../../harness/agent-process.js';
import { checkAgents } from '../../harness/conformance/check-agents.js';
import { ForkServer, stopForkServers } from '../../harness/fork-server.js';
import { parseClientMessage, parseServerMessage } from '../../harness/parse-message.js';
import type { ClientInstructions, ServerInstructions } from '../../harness/protocol.js';
import { agentsOf, prepareRuntimes } from '../../harness/runtimes/index.js';
import { pythonAgentsFolder, pythonFlags } from '../../harness/runtimes/python.js';
import type { AgentCommand, AgentLaunch } from '../../harness/runtimes/runtime.js';
import { defaultTimeouts } from '../../harness/timeouts.js';
import { cellId } from '../../matrix/cell-id.js';
import type { ClientEndpoint, PairCell, ServerEndpoint, Transport } from '../../matrix/dimensions.js';
import { builtInAgents, preparedRuntimes, pythonMissing, runPair } from './agents.js';
import { isLinux } from './host-features.js';

// Python agents forked by the fork server are the same agents as those started fresh: the same outcomes, and to the
// harness the same processes, with exit codes, signals and stderr. The fixture agent (fixtures/agents/python/)
// shows what a process can see of how it was started, fresh and forked, side by side.

const skipped = pythonMissing ?? (isLinux ? null : 'the fixture reads /proc, and the outcomes compared are Linux facts');
const python = preparedRuntimes.ready.get('python')?.bare.file ?? 'python3';
const fixtureFolder = fileURLToPath(new URL('../fixtures/agents/python/', import.meta.url)).replace(/\/$/, '');
const forkServerScript = join(pythonAgentsFolder, 'fork_server.py');

const options = () => ({ cancelSignal: new AbortController().signal, hardLimitMs: 30_000 });
/** Every line is a message: the fixture's reports are not protocol messages. */
const anyLine = (line: string) => ({ ok: true as const, message: JSON.parse(line) as Record<string, unknown> });

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

const forkServers: ForkServer[] = [];
const forked = (forkServer: ForkServer): AgentLaunch => {
  forkServers.push(forkServer);
  return { launch: 'fork-server', forkServer, side: 'client' };
};
afterAll(async () => {
  await Promise.all([...forkServers.map((forkServer) => forkServer.stop()), stopForkServers()]);
});

/** Run the fixture with these instructions to its end. */
const runFixture = async (launch: AgentLaunch, instructions: Record<string, unknown>) => {
  const agent = startAgent(launch, instructions, anyLine, options());
  const first = await agent.waitFor(() => true, 20_000);
  const exit = await agent.finish(10_000);
  return { first, exit };
};

/** Whether a process runs: a zombie (killed, not yet reaped by whoever adopted it) does not. */
const isRunning = (pid: number): boolean => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
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
    for (const instructions of ends) {
      const [fromFresh, fromFork] = await Promise.all([
        runFixture(freshFixture, instructions),
        runFixture(forked(forkServer), instructions),
      ]);
      expect(how(fromFork.exit), JSON.stringify(instructions)).toEqual(how(fromFresh.exit));
    }
    const [exitThree, message, raised, interrupted] = await Promise.all(ends.map((end) => runFixture(forked(forkServer), end)));
    expect(how(exitThree?.exit as AgentExit)).toEqual({ exitCode: 3, signal: null, spawnError: null, stderr: 'about to exit 3' });
    expect(how(message?.exit as AgentExit)).toMatchObject({ exitCode: 1, stderr: 'a message as the exit code' });
    expect(raised?.exit.stderr).toMatch(/^Traceback[\s\S]*forked_main\.py[\s\S]*RuntimeError: the fixture agent was told to raise$/);
    expect(raised?.exit.exitCode).toBe(1);
    expect(interrupted?.exit).toMatchObject({ exitCode: null, signal: 'SIGINT' });
    expect(interrupted?.exit.stderr).toMatch(/KeyboardInterrupt$/);
  });

  it('kills a forked agent as hung, before its pid is known or after, and holds its stdin open until told', async () => {
    const forkServer = fixtureForkServer();
    const held = startAgent(forked(forkServer), { introspect: true, end: 'wait-for-stdin', code: 4 }, anyLine, options());
    const report = (await held.waitFor(() => true, 20_000)) as { pid: number } | null;
    expect(report?.pid).toBeGreaterThan(0);
    held.killAsHung();
    expect(await held.exited).toMatchObject({ exitCode: null, signal: 'SIGKILL', killedAsHung: true });

    // Killed in the same tick it was asked for: the kill waits for the pid.
    const atOnce = startAgent(forked(forkServer), { end: 'wait-for-stdin' }, anyLine, options());
    atOnce.killAsHung();
    expect(await atOnce.exited).toMatchObject({ signal: 'SIGKILL', killedAsHung: true });

    // Its stdin closing is its end, with the code it then chose.
    const ended = startAgent(forked(forkServer), { end: 'wait-for-stdin', code: 4 }, anyLine, options());
    expect(await ended.finish(10_000)).toMatchObject({ exitCode: 4, signal: null, killedAsHung: false });
  });

  it('kills a real agent as hung: a Python server that never hears its stdin close', async () => {
    const instructions: ServerInstructions = {
      transport: 'tcp',
      server: { runtime: 'python', address: '127.0.0.1', family: 4, ipv6Only: null },
      port: 0,
      token: 'sockmatrix:0000000000000000',
    };
    const server = startAgent(builtInAgents('server', 'python'), instructions, parseServerMessage, options());
    expect(await server.waitFor(() => true, 20_000)).toMatchObject({ event: 'ready' });
    server.killAsHung();
    expect(await server.exited).toMatchObject({ exitCode: null, signal: 'SIGKILL', killedAsHung: true, spawnError: null });
  });

  it("gives a real agent's crash as a fresh one's: the traceback on stderr, exit code 1", async () => {
    // Not instructions the harness would ever build: the client reads a field that is not there.
    const broken = { transport: 'tcp' } as unknown as ClientInstructions;
    const runClient = async (launch: AgentLaunch) => {
      const agent = startAgent(launch, broken, parseClientMessage, options());
      return agent.finish(20_000);
    };
    const [fromFresh, fromFork] = await Promise.all([runClient(fresh('client', 'python')), runClient(builtInAgents('client', 'python'))]);
    expect(fromFork).toMatchObject({ exitCode: 1, signal: null, spawnError: null, protocolErrors: [] });
    expect(fromFork.stderr).toMatch(/^Traceback[\s\S]*client_main\.py[\s\S]*KeyError: 'client'$/);
    expect(fromFork.stderr.split('\n').at(-1)).toBe(fromFresh.stderr.split('\n').at(-1));
  });

  it('starts agents fresh, saying so once, where the fork server cannot start; agents asked before it failed too', async () => {
    const warnings: string[] = [];
    const broken = fixtureForkServer(warnings, {
      file: python,
      args: [...pythonFlags, '-c', 'import sys; sys.stderr.write("no fork here\\n"); sys.exit(3)'],
    });
    const runs = await Promise.all([1, 2, 3].map(() => runFixture(forked(broken), { introspect: true })));
    const later = await runFixture(forked(broken), { introspect: true });
    for (const { first, exit } of [...runs, later]) {
      expect(exit).toMatchObject({ exitCode: 0, spawnError: null });
      // Spawned by this process: fresh.
      expect((first as { ppid: number }).ppid).toBe(process.pid);
    }
    expect(warnings).toEqual([
      expect.stringMatching(/^the test fork server could not start \(no fork here\): its agents start fresh instead/),
    ]);
  });

  it('ends the agents it was running when it dies, each with what happened, and starts the next ones fresh', async () => {
    const warnings: string[] = [];
    const forkServer = fixtureForkServer(warnings);
    const held = startAgent(forked(forkServer), { introspect: true, end: 'wait-for-stdin' }, anyLine, options());
    const report = (await held.waitFor(() => true, 20_000)) as { pid: number; ppid: number } | null;
    // Never 0: that is the whole process group, the test runner's.
    const forkServerPid = report?.ppid ?? Number.NaN;
    expect(forkServerPid).toBeGreaterThan(1);
    process.kill(forkServerPid, 'SIGKILL');
    const exit = await held.exited;
    expect(exit.spawnError).toMatch(/^the test fork server was killed by SIGKILL during the run, and this agent's exit status with it$/);
    await vi.waitUntil(() => !isRunning(report?.pid ?? 0), { timeout: 10_000, interval: 50 });
    const next = await runFixture(forked(forkServer), { introspect: true });
    expect((next.first as { ppid: number }).ppid).toBe(process.pid);
    expect(warnings).toHaveLength(1);
  });

  it('passes the conformance checker with the built-in agents, forked', async () => {
    const failures = await checkAgents(
      { server: builtInAgents('server', 'python'), client: builtInAgents('client', 'python') },
      { runtime: 'python' },
    );
    expect(failures).toEqual([]);
  });

  const cell = (transport: Transport, server: ServerEndpoint, client: ClientEndpoint): PairCell => ({
    kind: 'pair',
    id: cellId(transport, server, client),
    transport,
    server,
    client,
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
    cell('tcp', server('127.0.0.1', 4), client('127.0.0.1', 4)), // connected
    cell('tcp', server('::1', 6, true), client('127.0.0.1', 4)), // refused
    cell('tcp', server('127.0.0.1', 4), client('localhost', null)), // create_connection over the name
    cell('tcp', server('127.0.0.1', 4), client('::1', 6)), // refused over IPv6
    cell('tcp', server('127.0.0.1', 6), client('127.0.0.1', 4)), // a bind error
    cell('udp', server('127.0.0.1', 4), client('127.0.0.1', 4)), // connected
    cell('udp', server('0.0.0.0', 4), client('127.0.0.2', 4)), // a reply from another address: dropped
    cell('udp', server('::1', 6), client('127.0.0.1', 4)), // refused
  ];
  /** An outcome with its ports, which differ at every run, left out. */
  const portless = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(portless);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key === 'port' ? 'any' : portless(item)]));
  };

  it.each(cells.map((each) => [each.id, each] as const))('gives %s the outcome a fresh agent gives', async (_, each) => {
    const run = (agents: typeof fresh) => runPair(each, { agents, timeouts: defaultTimeouts, signal: new AbortController().signal });
    const fromFork = await run(builtInAgents);
    const fromFresh = await run(fresh);
    expect(fromFork.outcome.status).not.toBe('harness-error');
    expect(portless(fromFork.outcome)).toEqual(portless(fromFresh.outcome));
  });
});
