import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { AgentExit } from '../../harness/agent-process.js';
import { startAgent } from '../../harness/agent-process.js';
import { checkAgents } from '../../harness/conformance/check-agents.js';
import { ForkServer, stopForkServers } from '../../harness/fork-server.js';
import { parseClientMessage, parseServerMessage } from '../../harness/parse-message.js';
import type { ClientInstructions, ServerInstructions } from '../../harness/protocol.js';
import { agentsOf, prepareRuntimes } from '../../harness/runtimes/index.js';
import { nodeAgentUnsets, nodeForkServerFlags, nodeForkServerScript, nodeForks } from '../../harness/runtimes/node.js';
import type { AgentCommand, AgentLaunch } from '../../harness/runtimes/runtime.js';
import { defaultTimeouts } from '../../harness/timeouts.js';
import { cellId } from '../../matrix/cell-id.js';
import type { ClientEndpoint, PairCell, ServerEndpoint, Transport } from '../../matrix/dimensions.js';
import { builtInAgents, runPair } from './agents.js';

// Node agents forked by the Node fork server are the same agents as those started fresh: the same outcomes, and to
// the harness the same processes, with exit codes, signals and stderr. The fixture agent (fixtures/agents/node/)
// shows what a process can see of how it was started, fresh and forked, side by side.

const skipped = nodeForks() ? null : 'the Node fork server runs on Linux, where the build compiled its addon (a C compiler)';
const fixture = fileURLToPath(new URL('../fixtures/agents/node/forked-agent.cjs', import.meta.url));

const options = () => ({ cancelSignal: new AbortController().signal, hardLimitMs: 30_000 });
/** Every line is a message: the fixture's reports are not protocol messages. */
const anyLine = (line: string) => ({ ok: true as const, message: JSON.parse(line) as Record<string, unknown> });

/** The fixture agent, fresh: as the built-in agents start without a fork server. */
const freshFixture: AgentCommand = { file: process.execPath, args: [fixture], unsetEnvironment: nodeAgentUnsets };

/** A fork server of the fixture agent, on both sides; `command` replaces its own, to make one that cannot start. */
const fixtureForkServer = (warnings: string[] = [], command?: AgentCommand): ForkServer => {
  const agent = { module: fixture, argv0: fixture, fresh: freshFixture };
  return new ForkServer({
    name: 'the test fork server',
    command: command ?? { file: process.execPath, args: [...nodeForkServerFlags, nodeForkServerScript], unsetEnvironment: nodeAgentUnsets },
    folders: [],
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
  return { first: first as Record<string, unknown> | null, exit };
};

/** Whether a process runs: a zombie (killed, not yet reaped by whoever adopted it) does not. */
const isRunning = (pid: number): boolean => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
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
    for (const instructions of ends) {
      const [fromFresh, fromFork] = await Promise.all([
        runFixture(freshFixture, instructions),
        runFixture(forked(forkServer), instructions),
      ]);
      expect(how(fromFork.exit), JSON.stringify(instructions)).toEqual(how(fromFresh.exit));
    }
    const [exitThree, natural, thrown, interrupted] = await Promise.all(ends.map((end) => runFixture(forked(forkServer), end)));
    expect(how(exitThree?.exit as AgentExit)).toEqual({ exitCode: 3, signal: null, spawnError: null, stderr: 'about to exit 3' });
    expect(natural?.exit).toMatchObject({ exitCode: 4, signal: null });
    expect(thrown?.exit.stderr).toMatch(
      /^RangeError: the fixture agent was told to throw\n {4}at [\s\S]*forked-agent\.cjs[\s\S]*\n\nNode\.js v\d+/,
    );
    expect(thrown?.exit.exitCode).toBe(1);
    expect(interrupted?.exit).toMatchObject({ exitCode: null, signal: 'SIGINT' });
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

  it('kills a real agent as hung: a Node server that never hears its stdin close', async () => {
    const instructions: ServerInstructions = {
      transport: 'tcp',
      server: { runtime: 'node', address: '127.0.0.1', family: 4, ipv6Only: null },
      port: 0,
      token: 'sockmatrix:0000000000000000',
    };
    const server = startAgent(builtInAgents('server', 'node'), instructions, parseServerMessage, options());
    expect(await server.waitFor(() => true, 20_000)).toMatchObject({ event: 'ready' });
    server.killAsHung();
    expect(await server.exited).toMatchObject({ exitCode: null, signal: 'SIGKILL', killedAsHung: true, spawnError: null });
  });

  it("gives a real agent's crash as a fresh one's: the error on stderr, exit code 1", async () => {
    // Not instructions the harness would ever build: the client reads a field that is not there.
    const broken = { transport: 'tcp' } as unknown as ClientInstructions;
    const runClient = async (launch: AgentLaunch) => {
      const agent = startAgent(launch, broken, parseClientMessage, options());
      return agent.finish(20_000);
    };
    const [fromFresh, fromFork] = await Promise.all([runClient(fresh('client', 'node')), runClient(builtInAgents('client', 'node'))]);
    expect(fromFork).toMatchObject({ exitCode: 1, signal: null, spawnError: null, protocolErrors: [] });
    expect(fromFork.stderr).toMatch(/^TypeError: Cannot read properties of undefined[\s\S]*client-agent\.cjs/);
    expect(fromFresh.stderr).toContain(fromFork.stderr.split('\n')[0]);
    expect(fromFork.stderr.split('\n').at(-1)).toBe(fromFresh.stderr.split('\n').at(-1));
  });

  it('starts agents fresh, saying so once, where the fork server cannot start; agents asked before it failed too', async () => {
    const warnings: string[] = [];
    const broken = fixtureForkServer(warnings, {
      file: process.execPath,
      args: ['-e', 'process.stderr.write("no fork here\\n"); process.exit(3)'],
    });
    const runs = await Promise.all([1, 2, 3].map(() => runFixture(forked(broken), { introspect: true })));
    const later = await runFixture(forked(broken), { introspect: true });
    for (const { first, exit } of [...runs, later]) {
      expect(exit).toMatchObject({ exitCode: 0, spawnError: null });
      // Spawned by this process: fresh.
      expect(first?.ppid).toBe(process.pid);
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
    expect(next.first?.ppid).toBe(process.pid);
    expect(warnings).toHaveLength(1);
  });

  it('passes the conformance checker with the built-in agents, forked', async () => {
    const failures = await checkAgents(
      { server: builtInAgents('server', 'node'), client: builtInAgents('client', 'node') },
      { runtime: 'node' },
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
  const server = (address: string, family: 4 | 6 | null, ipv6Only: boolean | null = null): ServerEndpoint => ({
    runtime: 'node',
    address,
    family,
    ipv6Only,
  });
  const client = (address: string, family: 4 | 6 | null): ClientEndpoint => ({ runtime: 'node', address, family, lookup: null });
  const cells: PairCell[] = [
    cell('tcp', server('127.0.0.1', 4), client('127.0.0.1', 4)), // connected
    cell('tcp', server('::1', 6, true), client('127.0.0.1', 4)), // refused
    cell('tcp', server('127.0.0.1', 4), client('localhost', null)), // a lookup, in the child's own resolver
    cell('tcp', server('localhost', null), client('127.0.0.1', 4)), // a server's lookup
    cell('tcp', server('::', 6, false), client('127.0.0.1', 4)), // dual-stack
    cell('udp', server('127.0.0.1', 4), client('127.0.0.1', 4)), // connected
    cell('udp', server('0.0.0.0', 4), client('127.0.0.2', 4)), // a reply from another address: dropped
    cell('udp', server('::1', 6), client('127.0.0.1', 4)), // refused
  ];
  /** An outcome with its ports, which differ at every run, left out. */
  const portless = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(portless);
    if (typeof value === 'string') return value.replace(/:\d+\b/g, ':<port>');
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
