import { type ChildProcess, spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reservePort } from '../../harness/ports.js';
import type { ServerInstructions } from '../../harness/protocol.js';
import { prepareRuntimes } from '../../harness/runtimes/index.js';
import { pythonMissing } from './agents.js';

// The Python server where select has no poll (Windows, whose select takes sockets only, never a pipe): a thread
// watches stdin instead. Here on Linux, the agent's own code is run with select.poll taken away, so that path
// serves a real client and ends at the end of stdin, as the poll path does.

const python = (await prepareRuntimes(['python'], { python: null, forkServer: false })).ready.get('python');
const limitMs = 30_000;

const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  running.clear();
});

/** The built server agent's code, imported as its launcher does, after `del select.poll`. */
const startWithoutPoll = (instructions: ServerInstructions): ChildProcess => {
  const command = python?.agent('server');
  if (command === undefined || !('file' in command)) throw new Error('no fresh Python server agent');
  const script = command.args.at(-1) ?? '';
  const code = [
    'import select, sys',
    'del select.poll',
    `sys.argv = [${JSON.stringify(script)}, sys.argv[-1]]`,
    `sys.path.append(${JSON.stringify(dirname(script))})`,
    'import server_main',
  ].join('; ');
  const flags = command.args.slice(0, -1);
  const child = spawn(command.file, [...flags, '-c', code, JSON.stringify(instructions)], { stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(child);
  return child;
};

const linesOf = (child: ChildProcess): { next: () => Promise<Record<string, unknown>> } => {
  let text = '';
  const waiting: (() => void)[] = [];
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    text += chunk;
    for (const wake of waiting.splice(0)) wake();
  });
  return {
    next: async () => {
      const deadline = Date.now() + limitMs;
      while (!text.includes('\n')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no line; stderr: ${child.stderr?.read() ?? ''}`);
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      const end = text.indexOf('\n');
      const line = text.slice(0, end);
      text = text.slice(end + 1);
      return JSON.parse(line) as Record<string, unknown>;
    },
  };
};

const exitOf = (child: ChildProcess): Promise<{ code: number | null; signal: string | null }> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

describe.skipIf(pythonMissing !== null)('the Python server without select.poll', () => {
  it('echoes a TCP client, then exits 0 once its stdin ends', async () => {
    const port = await reservePort('tcp');
    const token = 'sockmatrix:no-poll';
    const server = startWithoutPoll({
      transport: 'tcp',
      server: { runtime: 'python', address: '127.0.0.1', family: 4, ipv6Only: null },
      port,
      token,
    });
    const lines = linesOf(server);
    expect(await lines.next()).toMatchObject({ event: 'ready' });
    const echo = await new Promise<string>((resolve, reject) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write(token));
      let answer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        answer += chunk;
        if (answer.length >= token.length) {
          socket.destroy();
          resolve(answer);
        }
      });
      socket.on('error', reject);
    });
    expect(echo).toBe(token);
    expect(await lines.next()).toMatchObject({ event: 'received', payloadMatched: true });
    expect(await lines.next()).toMatchObject({ event: 'replied' });
    server.stdin?.end();
    expect(await exitOf(server)).toEqual({ code: 0, signal: null });
  });
});
