import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cellId } from '../../matrix/cell-id.js';
import { defaultMatrix } from '../../matrix/default-matrix.js';
import type { ClientEndpoint, ServerEndpoint, Transport } from '../../matrix/dimensions.js';
import { expandMatrix } from '../../matrix/expand.js';
import { cellSnippets } from '../../reports/snippets/index.js';
import { javascriptString, pythonString } from '../../reports/snippets/program-text.js';
import { type SnippetCell, snippetPort } from '../../reports/snippets/snippet.js';

// The programs a cell's endpoints give: the calls each side's runtime makes, and only where the endpoint asks.

const nodeServer = (address: string, family: 4 | 6 | null, ipv6Only: boolean | null): ServerEndpoint => ({
  runtime: 'node',
  address,
  family,
  ipv6Only,
});
const nodeClient = (address: string, family: 4 | 6 | null, lookup: ClientEndpoint['lookup'] = null): ClientEndpoint => ({
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
const pyClient = (family: 4 | 6 | null, address: string): ClientEndpoint => ({
  runtime: 'python',
  address,
  family,
  lookup: family === null && address === 'localhost' ? 'in-order' : null,
});

const cell = (transport: Transport, server: ServerEndpoint, client: ClientEndpoint): SnippetCell => ({
  id: cellId(transport, server, client),
  transport,
  server,
  client,
});

/** The other side of a row's cell, where the row is about one side only. */
const anyNodeClient = nodeClient('127.0.0.1', null);
const anyNodeServer = nodeServer('127.0.0.1', 4, null);

interface Row {
  cell: SnippetCell;
  side: 'server' | 'client';
  contains: string[];
  lacks: string[];
}

const serverRow = (transport: Transport, server: ServerEndpoint, contains: string[], lacks: string[] = []): [string, Row] => {
  const row = { cell: cell(transport, server, anyNodeClient), side: 'server' as const, contains, lacks };
  return [`${transport} server ${row.cell.id.split(' -> ')[0]?.replace(`${transport} `, '')}`, row];
};
const clientRow = (transport: Transport, client: ClientEndpoint, contains: string[], lacks: string[] = []): [string, Row] => {
  const row = { cell: cell(transport, anyNodeServer, client), side: 'client' as const, contains, lacks };
  return [`${transport} client ${row.cell.id.split(' -> ')[1]}`, row];
};

const sideCode = (row: Row): string => {
  const snippets = cellSnippets(row.cell);
  if (snippets === null) throw new Error(`no snippets for ${row.cell.id}`);
  return snippets[row.side].code;
};

describe('the snippet of a Node endpoint', () => {
  it.each([
    serverRow('tcp', nodeServer('::1', 6, true), [
      'net.createServer((socket) => {',
      "server.listen({ host: '::1', port: PORT, ipv6Only: true }",
    ]),
    // Not asking is what `dual` means for Node: libuv clears IPV6_V6ONLY itself.
    serverRow('tcp', nodeServer('::', 6, false), ["server.listen({ host: '::', port: PORT }"], ['ipv6Only']),
    serverRow('tcp', nodeServer('localhost', null, false), ["server.listen({ host: 'localhost', port: PORT }"], ['ipv6Only', 'family']),
    serverRow('tcp', nodeServer('127.0.0.1', 4, null), ["server.listen({ host: '127.0.0.1', port: PORT }"], ['ipv6Only']),
    serverRow('udp', nodeServer('::', 6, true), [
      "dgram.createSocket({ type: 'udp6', ipv6Only: true })",
      "server.bind({ address: '::', port: PORT }",
    ]),
    serverRow(
      'udp',
      nodeServer('::1', 6, false),
      ["dgram.createSocket('udp6')", 'server.send(message, peer.port, peer.address)'],
      ['ipv6Only'],
    ),
    serverRow('udp', nodeServer('127.0.0.1', 4, null), ["dgram.createSocket('udp4')", "server.bind({ address: '127.0.0.1', port: PORT }"]),
    clientRow(
      'tcp',
      nodeClient('localhost', null, 'first-address'),
      ["net.connect({ host: 'localhost', port: PORT, autoSelectFamily: false, timeout: 3000 })"],
      ['family:'],
    ),
    clientRow(
      'tcp',
      nodeClient('localhost', null, 'default'),
      ["net.connect({ host: 'localhost', port: PORT, timeout: 3000 })", 'err.errors'],
      ['autoSelectFamily'],
    ),
    clientRow(
      'tcp',
      nodeClient('localhost', 6),
      ["net.connect({ host: 'localhost', port: PORT, family: 6, timeout: 3000 })"],
      ['autoSelectFamily', 'err.errors'],
    ),
    clientRow(
      'tcp',
      nodeClient('::1', null),
      ["net.connect({ host: '::1', port: PORT, timeout: 3000 })", 'socket.write(MESSAGE)'],
      ['err.errors'],
    ),
    clientRow('udp', nodeClient('127.0.0.1', 6), [
      "dgram.createSocket('udp6')",
      "socket.connect(PORT, '127.0.0.1', (err) => {",
      'socket.send(MESSAGE)',
    ]),
    clientRow('udp', nodeClient('::1', 4), ["dgram.createSocket('udp4')", "socket.connect(PORT, '::1', (err) => {"]),
  ])('%s', (_title, row) => {
    const code = sideCode(row);
    for (const call of row.contains) expect(code).toContain(call);
    for (const call of row.lacks) expect(code).not.toContain(call);
  });
});

describe('the snippet of a Python endpoint', () => {
  it.each([
    serverRow('tcp', pyServer(6, '::1', true), [
      'server = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)',
      'server.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)',
      'server.bind(("::1", PORT))',
      'server.listen()',
      'server.accept()',
    ]),
    serverRow('tcp', pyServer(6, '::', false), ['server.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)']),
    // Left at the system default: no setsockopt, but the value the socket has is read back and printed.
    serverRow('tcp', pyServer(6, '::'), ['server.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY)'], ['setsockopt']),
    serverRow(
      'tcp',
      pyServer(4, '127.0.0.1'),
      ['socket.socket(socket.AF_INET, socket.SOCK_STREAM)', 'server.bind(("127.0.0.1", PORT))'],
      ['IPV6_V6ONLY'],
    ),
    serverRow(
      'tcp',
      pyServer(6, '127.0.0.1'),
      ['socket.socket(socket.AF_INET6, socket.SOCK_STREAM)', 'server.bind(("127.0.0.1", PORT))'],
      ['setsockopt'],
    ),
    serverRow(
      'tcp',
      pyCreateServer,
      ['server = socket.create_server(("::", PORT), family=socket.AF_INET6, dualstack_ipv6=True)'],
      ['setsockopt', 'socket.socket(', 'server.bind(', 'server.listen('],
    ),
    serverRow(
      'udp',
      pyServer(4, '127.0.0.1'),
      ['socket.socket(socket.AF_INET, socket.SOCK_DGRAM)', 'server.recvfrom(65535)', 'server.sendto(data, peer)'],
      ['server.listen(', 'server.accept('],
    ),
    clientRow(
      'tcp',
      pyClient(null, 'localhost'),
      ['client = socket.create_connection(("localhost", PORT), timeout=3)'],
      ['socket.socket('],
    ),
    clientRow('tcp', pyClient(null, '127.0.0.1'), ['client = socket.create_connection(("127.0.0.1", PORT), timeout=3)']),
    clientRow(
      'tcp',
      pyClient(6, '127.0.0.1'),
      [
        'client = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)',
        'client.connect(("127.0.0.1", PORT))',
        'client.sendall(MESSAGE)',
        'client.recv(1024)',
      ],
      ['create_connection'],
    ),
    clientRow(
      'udp',
      pyClient(6, '::1'),
      [
        'client = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)',
        'client.connect(("::1", PORT))',
        'client.send(MESSAGE)',
        'client.recv(1024)',
      ],
      ['sendall', 'sendto'],
    ),
  ])('%s', (_title, row) => {
    const code = sideCode(row);
    for (const call of row.contains) expect(code).toContain(call);
    for (const call of row.lacks) expect(code).not.toContain(call);
  });
});

describe('cellSnippets', () => {
  it('writes each side in the runtime that plays it, with how to run it', () => {
    const snippets = cellSnippets(cell('tcp', nodeServer('::', 6, false), pyClient(4, '127.0.0.1')));
    expect(snippets?.server).toMatchObject({ runtime: 'node', side: 'server', language: 'javascript', run: 'node server.mjs' });
    expect(snippets?.client).toMatchObject({ runtime: 'python', side: 'client', language: 'python', run: 'python3 client.py' });
  });

  it("writes a user runtime's side in the dialect it speaks, and says which runtime played it", () => {
    const client: ClientEndpoint = { ...nodeClient('localhost', null, 'default'), agent: 'node-ipv4first' };
    const snippets = cellSnippets(cell('tcp', pyServer(4, '127.0.0.1'), client));
    expect(snippets?.client.language).toBe('javascript');
    expect(snippets?.client.code).toContain('net.connect(');
    expect(snippets?.client.code.split('\n')[1]).toBe(
      "// sockmatrix ran it with node-ipv4first (--runtimes-file): start it with that runtime's command and flags.",
    );
  });

  it('has none for a runtime it has no writer for (a report from a newer sockmatrix)', () => {
    const fromNewer = { ...cell('tcp', anyNodeServer, anyNodeClient), client: { ...anyNodeClient, runtime: 'ruby' } };
    expect(cellSnippets(fromNewer as unknown as SnippetCell)).toBeNull();
  });
});

describe('every program of the default matrix', () => {
  // Programs are written for pairings; a two-servers cell has none.
  const pairings = expandMatrix(defaultMatrix).filter((matrixCell) => matrixCell.kind === 'pair');
  const programs = pairings.flatMap((matrixCell) => {
    const snippets = cellSnippets(matrixCell);
    return snippets === null
      ? []
      : [
          { id: matrixCell.id, snippet: snippets.server },
          { id: matrixCell.id, snippet: snippets.client },
        ];
  });

  it('is written, both sides of every cell', () => {
    expect(programs).toHaveLength(pairings.length * 2);
  });

  it.each([
    [
      'names its cell on its first line',
      ({ id, snippet }: (typeof programs)[number]) => expect(snippet.code.split('\n')[0]).toContain(`"${id}"`),
    ],
    [
      'has one PORT constant, near the top',
      ({ snippet }: (typeof programs)[number]) => {
        const lines = snippet.code.split('\n');
        expect(lines.filter((line) => /^(const )?PORT = /.test(line))).toEqual([
          snippet.language === 'javascript' ? `const PORT = ${snippetPort};` : `PORT = ${snippetPort}`,
        ]);
        expect(lines.findIndex((line) => line.includes('PORT = '))).toBeLessThan(8);
      },
    ],
    [
      'is short: at most 30 lines',
      ({ snippet }: (typeof programs)[number]) => expect(snippet.code.trimEnd().split('\n').length).toBeLessThanOrEqual(30),
    ],
    // The agents' protocol (instructions from argv, JSON lines, tokens) is sockmatrix's, not the pairing's.
    [
      "has nothing of the agents' protocol",
      ({ snippet }: (typeof programs)[number]) => expect(snippet.code).not.toMatch(/json|argv|token|sockmatrix:/i),
    ],
  ])('%s', (_rule, check) => {
    for (const program of programs) check(program);
  });
});

describe('values from a report, written into a program', () => {
  it.each([
    ['a plain address', '::1', "'::1'", '"::1"'],
    ['quotes and a backslash', `a'b"c\\`, `'a\\'b"c\\\\'`, `"a'b\\"c\\\\"`],
    ['a line break and a control character', 'a\nb\u0000', "'a\\u{000a}b\\u{0000}'", '"a\\u000ab\\u0000"'],
    ['a character beyond the BMP', 'plug 🔌', "'plug \\u{1f50c}'", '"plug \\U0001f50c"'],
  ])('%s', (_name, text, javascript, python) => {
    expect(javascriptString(text)).toBe(javascript);
    expect(pythonString(text)).toBe(python);
  });

  it('cannot end the opening comment early', () => {
    const hostile = { ...cell('tcp', anyNodeServer, anyNodeClient), id: 'tcp 127.0.0.1 -> 127.0.0.1\nprocess.exit(0)' };
    const code = cellSnippets(hostile)?.server.code ?? '';
    expect(code.split('\n')[0]).toBe('// The server of the sockmatrix cell "tcp 127.0.0.1 -> 127.0.0.1?process.exit(0)".');
    expect(code).not.toMatch(/^process\.exit/m);
  });
});

describe("the README's pair for the seed cell", () => {
  it('is what cellSnippets writes for it', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Repro snippets'));
    const shown = [...section.matchAll(/```python\n([\s\S]*?)```/g)].slice(0, 2).map(([, code]) => code);
    const seed = cellSnippets(cell('tcp', pyServer(4, '127.0.0.1'), pyClient(6, '127.0.0.1')));
    expect(shown).toEqual([seed?.server.code, seed?.client.code]);
  });
});
