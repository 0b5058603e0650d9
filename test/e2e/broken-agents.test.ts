import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentChooser } from '../../harness/runtimes/index.js';
import { defaultTimeouts } from '../../harness/timeouts.js';
import type { Cell } from '../../matrix/dimensions.js';
import { builtInAgents, runPair } from './agents.js';

// When an agent breaks, the cell says harness-error, never a socket error, and no process is left behind.

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/agents/${name}.mjs`, import.meta.url));
/** The built-in agents, but for the sides given, which run a broken fixture agent instead. */
const brokenAgents =
  (broken: { server?: string; client?: string }): AgentChooser =>
  (side, runtime) => {
    const name = broken[side];
    return name === undefined ? builtInAgents(side, runtime) : { file: process.execPath, args: [fixture(name)] };
  };
const tcpCell: Cell = {
  kind: 'pair',
  id: 'tcp 127.0.0.1 -> 127.0.0.1',
  transport: 'tcp',
  server: { runtime: 'node', address: '127.0.0.1', family: 4, ipv6Only: null },
  client: { runtime: 'node', address: '127.0.0.1', family: null, lookup: null },
};
const shortTimeouts = { ...defaultTimeouts, startupMs: 3_000 };

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const runWith = (broken: { server?: string; client?: string }) =>
  runPair(tcpCell, { agents: brokenAgents(broken), timeouts: shortTimeouts, signal: new AbortController().signal });

afterEach(() => {
  delete process.env.SOCKMATRIX_TEST_PIDFILE;
});

describe('broken agents', () => {
  it('a hung server is killed, reaped, and reported as harness-error', async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), 'sockmatrix-')), 'pid');
    process.env.SOCKMATRIX_TEST_PIDFILE = pidFile;
    const { outcome } = await runWith({ server: 'hung-agent' });
    expect(outcome).toMatchObject({ status: 'harness-error', reason: 'agent-hung', side: 'server' });
    expect(existsSync(pidFile)).toBe(true);
    expect(isAlive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });

  it('a hung client is killed and reported as harness-error, with the server reaped too', async () => {
    const { outcome } = await runPair(tcpCell, {
      agents: brokenAgents({ client: 'hung-agent' }),
      timeouts: { startupMs: 2_000, connectMs: 500, exchangeMs: 500 },
      signal: new AbortController().signal,
    });
    expect(outcome).toMatchObject({ status: 'harness-error', reason: 'agent-hung', side: 'client' });
  });

  it('a crashing server is reported as agent-crashed with its stderr', async () => {
    const { outcome } = await runWith({ server: 'crashing-agent' });
    expect(outcome).toMatchObject({ status: 'harness-error', reason: 'agent-crashed', side: 'server' });
    expect(outcome.status === 'harness-error' && outcome.stderr).toContain('simulated crash');
  });

  it('a client that breaks the protocol is reported as protocol-violation', async () => {
    const { outcome } = await runWith({ client: 'chatty-agent' });
    expect(outcome).toMatchObject({ status: 'harness-error', reason: 'protocol-violation', side: 'client' });
  });
});

// Each agent breaks one protocol rule and otherwise works: the cell is a protocol-violation naming the side and
// what was wrong, never a crash of the run (a server saying {"event":"hello"} once ended it with exit 3) and never
// a pairing outcome.
describe('agents that break the protocol', () => {
  it.each([
    {
      broken: { server: 'unknown-event-server' },
      side: 'server',
      message:
        'the server agent wrote a line that is not a protocol message (event is string "hello", expected one of "ready", "bind-error", "received", "replied", "server-error"): {"event":"hello"}',
    },
    {
      broken: { server: 'missing-field-server' },
      side: 'server',
      message:
        /^the server agent wrote a line that is not a protocol message \(bound\.family is missing, expected one of 4, 6\): \{"event":"ready"/,
    },
    {
      broken: { server: 'wrong-port-server' },
      side: 'server',
      message: /^the server agent said ready on port \d+, but was told to bind port \d+$/,
    },
    {
      broken: { server: 'received-first-server' },
      side: 'server',
      message: /^the server agent wrote received as its first line, before ready or bind-error$/,
    },
    { broken: { client: 'liar-client' }, side: 'client', message: 'the client agent said connected, but the server received nothing' },
    {
      broken: { client: 'no-newline-client' },
      side: 'client',
      message:
        /^the client agent wrote a line that is not a protocol message \(the last line does not end with a newline\): \{"event":"failed"/,
    },
    {
      broken: { client: 'two-results-client' },
      side: 'client',
      message: 'the client agent wrote 2 result lines (connected, connected); it must write exactly one',
    },
  ])('$broken → protocol-violation on the $side side', async ({ broken, side, message }) => {
    const { outcome } = await runWith(broken);
    expect(outcome).toMatchObject({ status: 'harness-error', reason: 'protocol-violation', side });
    expect(outcome.status === 'harness-error' && outcome.message).toMatch(message);
  });
});
