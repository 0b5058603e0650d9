import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { agentEnvironment } from '../../harness/agent-process.js';
import type { Side } from '../../harness/outcome.js';
import type { ClientInstructions, ServerInstructions } from '../../harness/protocol.js';
import { prepareRuntimes } from '../../harness/runtimes/index.js';
import type { Transport } from '../../matrix/dimensions.js';
import { pythonMissing } from './agents.js';

// What the built Python agents import in an ordinary cell: built-in and C modules (_socket, select), never
// socket.py, whose import (enum for its IntEnum constants, selectors, collections, functools) was about half
// of an agent's start. `-X importtime` writes a line on stderr for every module imported, so each agent of
// one real TCP cell and one real UDP cell is started with it, and its list read.

/** The Python agents as they start without a fork server. */
const freshPython = (await prepareRuntimes(['python'], { python: null, forkServer: false })).ready.get('python');

/** Modules an ordinary cell's agent must not import: socket.py, and what it brings. */
const notImported = ['socket', 'selectors', 'enum'];
const token = 'sockmatrix:python-imports';
const lineLimitMs = 30_000;

// Agents a failed test left running (their stdin still open) are killed after it.
const started = new Set<ChildProcess>();
afterEach(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  started.clear();
});

interface ImportTimedAgent {
  /** The agent's first line on stdout, parsed; rejects if none comes within lineLimitMs or it exits first. */
  firstLine: Promise<Record<string, unknown>>;
  /** Close its stdin (the agent's cue to finish), and resolve with every module it imported and its exit code. */
  finish(): Promise<{ imported: string[]; exitCode: number | null }>;
}

/** One built agent, started as the harness starts it with -X importtime before its script. */
const startImportTimed = (side: Side, instructions: ServerInstructions | ClientInstructions): ImportTimedAgent => {
  // Started fresh: a forked agent (the fork server's) has every module its fork server imported.
  const command = freshPython?.agent(side);
  if (command === undefined || command.launch === 'fork-server') throw new Error('Python is not prepared');
  const script = command.args.at(-1) ?? '';
  expect(script).toMatch(/_agent\.py$/);
  const args = [...command.args.slice(0, -1), '-X', 'importtime', script, JSON.stringify(instructions)];
  const child = spawn(command.file, args, { stdio: ['pipe', 'pipe', 'pipe'], env: agentEnvironment(command) });
  started.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const firstLine = new Promise<Record<string, unknown>>((resolve, reject) => {
    const limit = setTimeout(
      () => reject(new Error(`no line from the ${side} agent in ${lineLimitMs} ms; stderr: ${stderr}`)),
      lineLimitMs,
    );
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(limit);
      resolve(JSON.parse(stdout.slice(0, newline)) as Record<string, unknown>);
    });
    void exited.then(() => {
      clearTimeout(limit);
      reject(new Error(`the ${side} agent exited before its first line; stderr: ${stderr}`));
    });
  });
  // A rejection nobody awaits yet (the agent exited after its line) must not fail the run.
  firstLine.catch(() => undefined);
  return {
    firstLine,
    finish: async () => {
      child.stdin.end();
      const exitCode = await exited;
      // "import time: self [us] | cumulative | imported package", then one line per module, indented by depth.
      const imported = stderr
        .split('\n')
        .filter((line) => line.startsWith('import time:'))
        .map((line) => (line.split('|')[2] ?? '').trim())
        .filter((name) => name !== 'imported package');
      return { imported, exitCode };
    },
  };
};

describe.skipIf(pythonMissing !== null)(`the Python agents' imports${pythonMissing === null ? '' : ` (skipped: ${pythonMissing})`}`, () => {
  it.each<Transport>(['tcp', 'udp'])(
    'an ordinary %s cell: both agents import _socket, and not socket, selectors or enum',
    async (transport) => {
      const server = startImportTimed('server', {
        transport,
        server: { runtime: 'python', address: '127.0.0.1', family: 4, ipv6Only: null },
        port: 0,
        token,
      });
      const ready = await server.firstLine;
      expect(ready).toMatchObject({ event: 'ready' });
      const port = (ready.bound as { port: number }).port;
      const client = startImportTimed('client', {
        transport,
        client: { runtime: 'python', address: '127.0.0.1', family: 4, lookup: null },
        port,
        token,
        connectTimeoutMs: 10_000,
        exchangeTimeoutMs: 10_000,
      });
      expect(await client.firstLine).toMatchObject({ event: 'connected' });
      const clientRun = await client.finish();
      const serverRun = await server.finish();
      for (const run of [serverRun, clientRun]) {
        expect(run.exitCode).toBe(0);
        // The list was read: every agent imports _socket, and the JSON on _json.
        expect(run.imported).toEqual(expect.arrayContaining(['_socket', '_json', 'json_lines']));
        expect(run.imported.filter((name) => notImported.includes(name))).toEqual([]);
      }
    },
  );
});
