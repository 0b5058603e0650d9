import { readFileSync } from 'node:fs';
import { afterAll, expect, it, vi } from 'vitest';
import type { AgentCommand, AgentLaunch } from '../../harness/agent-launch.js';
import { type AgentExit, startAgent } from '../../harness/agent-process.js';
import { checkAgents } from '../../harness/conformance/check-agents.js';
import { type ForkServer, stopForkServers } from '../../harness/fork-server.js';
import { parseClientMessage, parseServerMessage } from '../../harness/parse-message.js';
import type { ClientInstructions, ServerInstructions } from '../../harness/protocol.js';
import type { AgentChooser } from '../../harness/runtimes/index.js';
import { defaultTimeouts } from '../../harness/timeouts.js';
import type { PairCell } from '../../matrix/dimensions.js';
import { builtInAgents, runPair } from './agents.js';

// What every runtime's fork server must do alike, as the harness sees it (fork-server.test.ts for Python's,
// node-fork-server.test.ts for Node's): kill a forked agent, fall back to fresh starts, survive its own death, and
// give the conformance checker and real cells what fresh agents give. Each test file registers these inside its own
// describe, with its fixture agent (fixtures/agents/<runtime>/), which reports how it was started and ends as told.

/** The options every agent here is started with. */
export const agentOptions = () => ({ cancelSignal: new AbortController().signal, hardLimitMs: 30_000 });

/** Every line is a message: the fixtures' reports are not protocol messages. */
export const anyLine = (line: string) => ({ ok: true as const, message: JSON.parse(line) as Record<string, unknown> });

const forkServers: ForkServer[] = [];

/** The fixture's client side, forked by `forkServer`, which is stopped after the tests (forkServerCases). */
export const forked = (forkServer: ForkServer): AgentLaunch => {
  forkServers.push(forkServer);
  return { launch: 'fork-server', forkServer, side: 'client' };
};

/** Run the fixture with these instructions to its end: its first line (its report) and its exit. */
export const runFixture = async (launch: AgentLaunch, instructions: Record<string, unknown>) => {
  const agent = startAgent(launch, instructions, anyLine, agentOptions());
  const first = (await agent.waitFor(() => true, 20_000)) as Record<string, unknown> | null;
  const exit = await agent.finish(10_000);
  return { first, exit };
};

/**
 * Run the fixture to each of these ends, fresh and forked side by side, and expect the same of both as `how` sees
 * it; the forked runs, in the order of `ends`, for what the test asks of them besides.
 */
export const forkedEndsAsFresh = async (
  freshFixture: AgentCommand,
  forkServer: ForkServer,
  ends: Record<string, unknown>[],
  how: (exit: AgentExit) => Record<string, unknown>,
) => {
  const forkedRuns = [];
  for (const instructions of ends) {
    const [fromFresh, fromFork] = await Promise.all([runFixture(freshFixture, instructions), runFixture(forked(forkServer), instructions)]);
    expect(how(fromFork.exit), JSON.stringify(instructions)).toEqual(how(fromFresh.exit));
    forkedRuns.push(fromFork);
  }
  return forkedRuns;
};

/** A built-in client told instructions the harness would never build (no `client`), run to its end: it crashes. */
export const crashedClient = (launch: AgentLaunch): Promise<AgentExit> => {
  const broken = { transport: 'tcp' } as unknown as ClientInstructions;
  return startAgent(launch, broken, parseClientMessage, agentOptions()).finish(20_000);
};

/** Whether a process runs: a zombie (killed, not yet reaped by whoever adopted it) does not. */
const isRunning = (pid: number): boolean => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

/** An outcome with its ports, which differ at every run, left out, in its fields and in its messages. */
const portless = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(portless);
  if (typeof value === 'string') return value.replace(/:\d{4,5}\b/g, ':<port>');
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key === 'port' ? 'any' : portless(item)]));
};

/** One runtime's fork server, for the shared cases. */
export interface ForkServerCase {
  runtime: 'node' | 'python';
  /** A fork server of the fixture agent, named 'the test fork server'; `command` replaces its own. */
  fixtureForkServer(warnings?: string[], command?: AgentCommand): ForkServer;
  /** A command in the fork server's place that writes `no fork here` on stderr and exits 3. */
  failingCommand: AgentCommand;
  /** The runtime's agents started fresh (--no-fork-server). */
  fresh: AgentChooser;
  /** Cells whose outcomes forked agents must give as fresh ones do. */
  cells: PairCell[];
}

/** Register the shared tests; call inside the runtime's describe. */
export const forkServerCases = ({ runtime, fixtureForkServer, failingCommand, fresh, cells }: ForkServerCase): void => {
  afterAll(async () => {
    await Promise.all([...forkServers.map((each) => each.stop()), stopForkServers()]);
  });

  it('kills a forked agent as hung, before its pid is known or after, and holds its stdin open until told', async () => {
    const forkServer = fixtureForkServer();
    const held = startAgent(forked(forkServer), { introspect: true, end: 'wait-for-stdin', code: 4 }, anyLine, agentOptions());
    const report = (await held.waitFor(() => true, 20_000)) as { pid: number } | null;
    expect(report?.pid).toBeGreaterThan(0);
    held.killAsHung();
    expect(await held.exited).toMatchObject({ exitCode: null, signal: 'SIGKILL', killedAsHung: true });

    // Killed in the same tick it was asked for: the kill waits for the pid.
    const atOnce = startAgent(forked(forkServer), { end: 'wait-for-stdin' }, anyLine, agentOptions());
    atOnce.killAsHung();
    expect(await atOnce.exited).toMatchObject({ signal: 'SIGKILL', killedAsHung: true });

    // Its stdin closing is its end, with the code it then chose.
    const ended = startAgent(forked(forkServer), { end: 'wait-for-stdin', code: 4 }, anyLine, agentOptions());
    expect(await ended.finish(10_000)).toMatchObject({ exitCode: 4, signal: null, killedAsHung: false });
  });

  it(`kills a real agent as hung: a ${runtime} server that never hears its stdin close`, async () => {
    const instructions: ServerInstructions = {
      transport: 'tcp',
      server: { runtime, address: '127.0.0.1', family: 4, ipv6Only: null },
      port: 0,
      token: 'sockmatrix:0000000000000000',
    };
    const server = startAgent(builtInAgents('server', runtime), instructions, parseServerMessage, agentOptions());
    expect(await server.waitFor(() => true, 20_000)).toMatchObject({ event: 'ready' });
    server.killAsHung();
    expect(await server.exited).toMatchObject({ exitCode: null, signal: 'SIGKILL', killedAsHung: true, spawnError: null });
  });

  it('starts agents fresh, saying so once, where the fork server cannot start; agents asked before it failed too', async () => {
    const warnings: string[] = [];
    const broken = fixtureForkServer(warnings, failingCommand);
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
    const held = startAgent(forked(forkServer), { introspect: true, end: 'wait-for-stdin' }, anyLine, agentOptions());
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
    const failures = await checkAgents({ server: builtInAgents('server', runtime), client: builtInAgents('client', runtime) }, { runtime });
    expect(failures).toEqual([]);
  });

  it.each(cells.map((each) => [each.id, each] as const))('gives %s the outcome a fresh agent gives', async (_, each) => {
    const run = (agents: AgentChooser) => runPair(each, { agents, timeouts: defaultTimeouts, signal: new AbortController().signal });
    const fromFork = await run(builtInAgents);
    const fromFresh = await run(fresh);
    expect(fromFork.outcome.status).not.toBe('harness-error');
    expect(portless(fromFork.outcome)).toEqual(portless(fromFresh.outcome));
  });
};
