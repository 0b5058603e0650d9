import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../harness/outcome.js';
import { releasePort, reservePort } from '../../harness/ports.js';
import { defaultTimeouts } from '../../harness/timeouts.js';
import { defaultMatrix } from '../../matrix/default-matrix.js';
import type { ClientEndpoint, PairCell, ServerEndpoint } from '../../matrix/dimensions.js';
import { expandMatrix } from '../../matrix/expand.js';
import { cellSnippets } from '../../reports/snippets/index.js';
import { type Snippet, snippetPort } from '../../reports/snippets/snippet.js';
import { builtInAgents, pairCell, preparedRuntimes, pythonMissing, runPair } from './agents.js';
import { hostHasIpv6 } from './host-features.js';

// A cell's snippets, run as a person runs them (the server, then the client, on a free port), come to what a real
// run of the cell came to on this host: connected, or failed on the same side with the same code. Nothing here
// expects a particular outcome, so it holds on any host; the comments say what this Linux host answers.

const nodeServer = (address: string, family: 4 | 6 | null, ipv6Only: boolean | null = null): ServerEndpoint => ({
  runtime: 'node',
  address,
  family,
  ipv6Only,
});
const nodeClient = (address: string, family: 4 | 6 | null = null, lookup: ClientEndpoint['lookup'] = null): ClientEndpoint => ({
  runtime: 'node',
  address,
  family,
  lookup,
});
const pyServer = (family: 4 | 6, address: string, ipv6Only: boolean | null = null): ServerEndpoint => ({
  runtime: 'python',
  address,
  family,
  ipv6Only,
});
const pyCreateServer: ServerEndpoint = { runtime: 'python', address: '::', family: 6, ipv6Only: false, call: 'create_server' };
const pyClient = (family: 4 | 6, address: string): ClientEndpoint => ({ runtime: 'python', address, family, lookup: null });
const pyCreateConnection = (address: string): ClientEndpoint => ({
  runtime: 'python',
  address,
  family: null,
  lookup: address === 'localhost' ? 'in-order' : null,
});

const nodeCells: PairCell[] = [
  pairCell('tcp', nodeServer('127.0.0.1', 4), nodeClient('::1')), // refused
  pairCell('tcp', nodeServer('::', 6, false), nodeClient('127.0.0.1')), // connected, the server sees ::ffff:127.0.0.1
  pairCell('tcp', nodeServer('localhost', null, false), nodeClient('localhost', null, 'first-address')), // connected
  pairCell('tcp', nodeServer('::1', 6, false), nodeClient('localhost', null, 'default')), // refused where localhost is 127.0.0.1 only
  pairCell('tcp', nodeServer('127.0.0.1', 4), nodeClient('localhost', 6)), // r:ENOTFOUND where localhost has no ::1
  pairCell('tcp', nodeServer('::ffff:127.0.0.1', 6, true), nodeClient('127.0.0.1')), // b:EINVAL
  pairCell('udp', nodeServer('127.0.0.1', 4), nodeClient('127.0.0.1', 4)), // connected
  pairCell('udp', nodeServer('::1', 6, false), nodeClient('127.0.0.1', 4)), // x:ECONNREFUSED, the ICMP port unreachable
  pairCell('udp', nodeServer('127.0.0.1', 4), nodeClient('127.0.0.1', 6)), // EINVAL: Node's dgram refuses udp6 -> 127.0.0.1
  pairCell('udp', nodeServer('::', 6, false), nodeClient('127.0.0.2', 4)), // x:ETIMEDOUT: the reply comes from 127.0.0.1
];

const pythonCells: PairCell[] = [
  // The question sockmatrix was made for: r:EAI_ADDRFAMILY, [Errno -9] Address family for hostname not supported.
  pairCell('tcp', pyServer(4, '127.0.0.1'), pyClient(6, '127.0.0.1')),
  pairCell('tcp', pyServer(6, '::1'), pyClient(6, '::1')), // connected
  pairCell('tcp', pyCreateServer, pyClient(4, '127.0.0.1')), // connected
  pairCell('tcp', pyServer(6, '::', true), pyClient(4, '127.0.0.1')), // refused
  pairCell('tcp', pyServer(6, '127.0.0.1'), pyClient(4, '127.0.0.1')), // b:EAI_ADDRFAMILY
  pairCell('tcp', nodeServer('127.0.0.1', 4), pyCreateConnection('localhost')), // connected
  pairCell('tcp', nodeServer('::1', 6, false), pyClient(4, '127.0.0.1')), // refused
  pairCell('tcp', pyServer(6, '::'), nodeClient('127.0.0.1')), // connected (net.ipv6.bindv6only 0)
  pairCell('tcp', pyServer(4, '127.0.0.1'), nodeClient('::1')), // refused
  pairCell('udp', pyServer(4, '127.0.0.1'), pyClient(4, '127.0.0.1')), // connected
  pairCell('udp', pyServer(4, '127.0.0.1'), pyClient(6, '127.0.0.1')), // r:EAI_ADDRFAMILY
  pairCell('udp', pyServer(6, '::1'), pyClient(4, '127.0.0.1')), // x:ECONNREFUSED
  pairCell('udp', pyServer(4, '0.0.0.0'), pyClient(4, '127.0.0.2')), // x:ETIMEDOUT
];

const needsIpv6 = ({ server, client }: PairCell): boolean =>
  [server, client].some((endpoint) => endpoint.family === 6 || endpoint.address.includes(':'));

const pythonInterpreter = preparedRuntimes.ready.get('python')?.bare.file ?? null;

/** How each language's program is started: Node as this test runs, Python as the agents find it. */
const interpreterOf = (snippet: Snippet): string => {
  if (snippet.language === 'javascript') return process.execPath;
  if (pythonInterpreter === null) throw new Error(`no Python here: ${pythonMissing}`);
  return pythonInterpreter;
};

// Python's error numbers by name, as the agents name them: the resolver's EAI_ constants first, then errno's.
const errnoNamesScript = `
import errno, json, socket
names = {}
for name in ("EAI_NONAME", "EAI_ADDRFAMILY", "EAI_AGAIN", "EAI_FAIL", "EAI_FAMILY", "EAI_SOCKTYPE",
             "EAI_SERVICE", "EAI_MEMORY", "EAI_SYSTEM", "EAI_OVERFLOW", "EAI_NODATA", "EAI_BADFLAGS"):
    if hasattr(socket, name):
        names.setdefault(getattr(socket, name), name)
for number, name in errno.errorcode.items():
    names.setdefault(number, name)
print(json.dumps(names))
`;
const pythonErrnoNames: Record<string, string> =
  pythonInterpreter === null ? {} : JSON.parse((await execa(pythonInterpreter, ['-c', errnoNamesScript])).stdout);

/** The error codes a program's output names: Node's `err.code`, Python's `[Errno N]` by name, and Python's timeout. */
const codesIn = (output: string): string[] => {
  const named = output.match(/\bE[A-Z][A-Z0-9_]+\b/g) ?? [];
  const numbered = [...output.matchAll(/\[Errno (-?\d+)\]/g)].map(([, number = '']) => pythonErrnoNames[number] ?? `errno ${number}`);
  // A socket timeout has no number: the agents call it ETIMEDOUT. Python 3.10 raises TimeoutError, before it socket.timeout.
  const timedOut = /^(TimeoutError|socket\.timeout): timed out$/m.test(output) ? ['ETIMEDOUT'] : [];
  return [...new Set([...named, ...numbered, ...timedOut])];
};

// Limits for a hung program only, far above what any takes here; the assertions never depend on time.
const programLimitMs = 30_000;

/** The file a snippet is saved as (`server.mjs`, `client.py`), from how it is run. */
const fileOf = (snippet: Snippet): string => snippet.run.split(' ').at(-1) ?? snippet.side;

/** Start the server program and wait until it says it listens, or exits (a failed bind). */
const startServer = async (snippet: Snippet, folder: string) => {
  const server = spawn(interpreterOf(snippet), [fileOf(snippet)], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => {
    server.on('close', (code) => resolve(code));
    server.on('error', (error) => {
      output += String(error);
      resolve(null);
    });
  });
  const listening = new Promise<'listening'>((resolve) => {
    server.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/^listening on /m.test(output)) resolve('listening');
    });
  });
  server.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const first = await Promise.race([listening, exited.then(() => 'exited' as const), delay(programLimitMs).then(() => 'hung' as const)]);
  return {
    first,
    exitCode: () => exited,
    output: () => output,
    stop: async (): Promise<void> => {
      server.kill('SIGTERM');
      await exited;
    },
  };
};

/** What a person sees: connected, or which side failed and the codes its output names. */
type Seen = { status: 'connected' } | { status: 'failed'; side: 'server' | 'client'; code: string } | { status: 'unclear'; output: string };

/** Run a cell's two programs in a fresh folder, on a fresh port, the server first. */
const runSnippets = async (target: PairCell, expectedCode: string | null): Promise<Seen> => {
  const snippets = cellSnippets(target);
  if (snippets === null) throw new Error(`no snippets for ${target.id}`);
  const folder = mkdtempSync(join(tmpdir(), 'snippets-'));
  const port = await reservePort(target.transport);
  try {
    for (const snippet of [snippets.server, snippets.client]) {
      const code = snippet.code.replace(`PORT = ${snippetPort}`, `PORT = ${port}`);
      expect(code, 'the PORT constant to substitute').not.toBe(snippet.code);
      writeFileSync(join(folder, fileOf(snippet)), code);
    }
    // Where the output names several codes, the one the real run gave is the one to compare; else all of them.
    const codeNamed = (output: string): string => {
      const codes = codesIn(output);
      return expectedCode !== null && codes.includes(expectedCode) ? expectedCode : codes.join(' ') || `no code in: ${output}`;
    };
    const server = await startServer(snippets.server, folder);
    if (server.first === 'hung') {
      await server.stop();
      return { status: 'unclear', output: `the server neither listened nor exited: ${server.output()}` };
    }
    if (server.first === 'exited') {
      const exitCode = await server.exitCode();
      return exitCode === 0
        ? { status: 'unclear', output: server.output() }
        : { status: 'failed', side: 'server', code: codeNamed(server.output()) };
    }
    const client = await execa(interpreterOf(snippets.client), [fileOf(snippets.client)], {
      cwd: folder,
      reject: false,
      all: true,
      stdin: 'ignore',
      timeout: programLimitMs,
    });
    await server.stop();
    if (client.exitCode === 0 && /^connected from /m.test(client.stdout)) return { status: 'connected' };
    if (client.exitCode !== 0 && !client.timedOut) return { status: 'failed', side: 'client', code: codeNamed(client.all) };
    return { status: 'unclear', output: `${client.all}\n(exit ${client.exitCode}; server: ${server.output()})` };
  } finally {
    releasePort(target.transport, port);
  }
};

/** What the snippets should show for a real run's outcome. */
const expectedSeen = (outcome: Outcome): Seen => {
  if (outcome.status === 'harness-error') throw new Error(`harness error (${outcome.reason}): ${outcome.message}\n${outcome.stderr}`);
  if (outcome.status === 'connected') return { status: 'connected' };
  return { status: 'failed', side: outcome.phase === 'server-bind' ? 'server' : 'client', code: outcome.code };
};

const compare = async (target: PairCell): Promise<void> => {
  const { outcome } = await runPair(target, { agents: builtInAgents, timeouts: defaultTimeouts, signal: new AbortController().signal });
  const expected = expectedSeen(outcome);
  const seen = await runSnippets(target, expected.status === 'failed' ? expected.code : null);
  expect(seen).toEqual(expected);
};

const titled = (cells: PairCell[]): [string, PairCell][] => cells.map((target) => [target.id, target]);

// A row runs the cell, then two programs: under a minute even on a loaded machine, with the programs' own limits above.
const rowTimeoutMs = 120_000;

describe('repro snippets come to what the cell came to', () => {
  it.each(titled(nodeCells.filter((row) => !needsIpv6(row))))('%s', (_id, target) => compare(target), rowTimeoutMs);
  it.skipIf(!hostHasIpv6).each(titled(nodeCells.filter(needsIpv6)))('%s (needs IPv6)', (_id, target) => compare(target), rowTimeoutMs);
});

describe.skipIf(pythonMissing !== null)(
  `repro snippets with Python come to what the cell came to${pythonMissing === null ? '' : ` (skipped: ${pythonMissing})`}`,
  () => {
    it.each(titled(pythonCells.filter((row) => !needsIpv6(row))))('%s', (_id, target) => compare(target), rowTimeoutMs);
    it.skipIf(!hostHasIpv6).each(titled(pythonCells.filter(needsIpv6)))('%s (needs IPv6)', (_id, target) => compare(target), rowTimeoutMs);
  },
);

describe('every program of the default matrix', () => {
  // One file per distinct program: cells share programs, apart from the comment naming the cell.
  const distinct = new Map<string, Snippet>();
  for (const matrixCell of expandMatrix(defaultMatrix)) {
    if (matrixCell.kind !== 'pair') continue;
    const snippets = cellSnippets(matrixCell);
    for (const snippet of snippets === null ? [] : [snippets.server, snippets.client]) {
      distinct.set(snippet.code.slice(snippet.code.indexOf('\n') + 1), snippet);
    }
  }
  const programs = [...distinct.values()];
  const folder = mkdtempSync(join(tmpdir(), 'snippets-syntax-'));
  const files = programs.map((snippet, index) => {
    const file = join(folder, `${index}-${fileOf(snippet)}`);
    writeFileSync(file, snippet.code);
    return { file, language: snippet.language };
  });

  it('parses as JavaScript (node --check)', async () => {
    const checks = await Promise.all(
      files
        .filter(({ language }) => language === 'javascript')
        .map(({ file }) => execa(process.execPath, ['--check', file], { reject: false })),
    );
    expect(checks.filter((check) => check.exitCode !== 0).map((check) => check.stderr)).toEqual([]);
  });

  it.skipIf(pythonInterpreter === null)(
    `parses as Python (ast.parse)${pythonMissing === null ? '' : ` (skipped: ${pythonMissing})`}`,
    async () => {
      const pythonFiles = files.filter(({ language }) => language === 'python').map(({ file }) => file);
      const parse = 'import ast, sys\nfor path in sys.argv[1:]:\n    ast.parse(open(path).read(), path)';
      const check = await execa(pythonInterpreter ?? 'python3', ['-c', parse, ...pythonFiles], { reject: false });
      expect(check.stderr).toBe('');
      expect(pythonFiles.length).toBeGreaterThan(0);
    },
  );
});
