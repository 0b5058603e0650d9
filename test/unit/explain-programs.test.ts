import { describe, expect, it } from 'vitest';
import type { ClientObservation, Outcome, ProgramObservation, ServerObservation, SocketAddress } from '../../harness/outcome.js';
import type { ClientEndpoint, ServerEndpoint } from '../../matrix/dimensions.js';
import type { ProgramSpec } from '../../matrix/programs.js';
import { explainCell } from '../../reports/explain/index.js';
import { programRulesFirst, programRulesLast } from '../../reports/explain/program-rules.js';
import { sampleReport } from '../fixtures/sample-report.js';

// The explanations of a user's own programs, from what the system showed of them (where a server listened, how a
// program ended, what it printed), and of the result order a Node client set.

const host = sampleReport().environment;
const httpServer: ProgramSpec = {
  command: ['python3', '-m', 'http.server', '--bind', '{address}', '{port}'],
  shell: false,
  probe: 'connect',
  ready: null,
};
const curl: ProgramSpec = { command: ['curl', '-sS', 'http://{host}:{port}/'], shell: false, probe: 'http', ready: null };

const programServer = (address: string, family: 4 | 6 | null): ServerEndpoint => ({
  runtime: 'program',
  agent: 'custom:http.server',
  address,
  family,
  ipv6Only: null,
  program: httpServer,
});
const ran = (
  command: string[],
  output: string,
  exit: ProgramObservation['exit'],
  listening?: SocketAddress[] | null,
): ProgramObservation => ({
  command,
  exit,
  output,
  ...(listening === undefined ? {} : { listening }),
});
const socketAt = (address: string, port = 4000): SocketAddress => ({ address, port, family: address.includes(':') ? 6 : 4 });
const serverSaw = (bound: SocketAddress | null, program: ProgramObservation, received = false): ServerObservation => ({
  bound,
  ipv6OnlyEffective: null,
  received,
  peer: received ? socketAt('127.0.0.1', 5000) : null,
  payloadMatched: received ? false : null,
  replied: received,
  error: null,
  ...(program.command.length > 0 ? { program } : {}),
});
const agentSaw = (resolved: string[] | null = null, attempts: string[] = []): ClientObservation => ({
  resolved: resolved?.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })) ?? null,
  local: null,
  remote: null,
  attempts: attempts.map((address) => ({ address, port: 4000, code: 'ECONNREFUSED' })),
});
const failed = (
  phase: Extract<Outcome, { status: 'failed' }>['phase'],
  code: string,
  server: ServerObservation | null,
  client: ClientObservation | null,
): Outcome => ({
  status: 'failed',
  phase,
  code,
  message: code,
  observations: { server, client },
});
const nodeClient = (address: string, extra: Partial<ClientEndpoint> = {}): ClientEndpoint => ({
  runtime: 'node',
  address,
  family: null,
  lookup: null,
  ...extra,
});
const curlClient = (address: string): ClientEndpoint => ({
  runtime: 'program',
  agent: 'custom:curl',
  address,
  family: null,
  lookup: null,
  program: curl,
});
const nodeServer = (address: string, family: 4 | 6): ServerEndpoint => ({ runtime: 'node', address, family, ipv6Only: null });
const serving = (address: string): string[] => ['python3', '-m', 'http.server', '--bind', address, '4000'];

const rows: { rule: string; server: ServerEndpoint; client: ClientEndpoint; outcome: Outcome; says: RegExp; change: RegExp }[] = [
  {
    // The key fact is where the system shows it listening: told localhost, it bound ::1 only.
    rule: 'other-family',
    server: programServer('localhost', null),
    client: nodeClient('127.0.0.1'),
    outcome: failed(
      'client-connect',
      'ECONNREFUSED',
      serverSaw(socketAt('::1'), ran(serving('localhost'), 'Serving HTTP', null, [socketAt('::1')])),
      agentSaw(),
    ),
    says: /^Your server custom:http\.server, told localhost, listens on IPv6 ::1 only \(as the system shows\), and the client dialed IPv4 127\.0\.0\.1/,
    change: /start it on :: \(python3 -m http\.server --bind :: PORT\)/,
  },
  {
    rule: 'first-address-only',
    server: programServer('127.0.0.1', 4),
    client: nodeClient('localhost', { lookup: 'first-address', order: 'ipv6first' }),
    outcome: failed(
      'client-connect',
      'ECONNREFUSED',
      serverSaw(socketAt('127.0.0.1'), ran(serving('127.0.0.1'), '', null, [socketAt('127.0.0.1')])),
      agentSaw(['::1', '127.0.0.1'], ['::1']),
    ),
    says: /resolved to ::1 then 127\.0\.0\.1 \(in the order dns\.setDefaultResultOrder\('ipv6first'\) gives\), and this client tries only the first address/,
    change: /dns\.setDefaultResultOrder\('ipv4first'\)/,
  },
  {
    rule: 'program-not-ready',
    server: programServer('::1', 6),
    client: nodeClient('::1'),
    outcome: failed(
      'server-bind',
      'ENOTREADY',
      serverSaw(null, ran(serving('::1'), 'Serving HTTP on 0.0.0.0 port 8000', null, [socketAt('0.0.0.0', 8000)])),
      null,
    ),
    says: /was not ready within the start-up limit: it listens on 0\.0\.0\.0:8000 instead \(as the system shows\); its output ends: Serving HTTP on 0\.0\.0\.0 port 8000/,
    change: /--port \{port\}/,
  },
  {
    rule: 'program-listens-elsewhere',
    server: programServer('127.0.0.1', 4),
    client: nodeClient('127.0.0.1'),
    outcome: failed(
      'client-connect',
      'ECONNREFUSED',
      serverSaw(null, ran(serving('127.0.0.1'), '', null, [socketAt('127.0.0.1', 8000)])),
      agentSaw(),
    ),
    says: /listens on 127\.0\.0\.1:8000 instead \(as the system shows\): the client dialed the port it was told/,
    change: /give the program its port/,
  },
  {
    rule: 'program-exited',
    server: programServer('::1', 6),
    client: nodeClient('::1'),
    outcome: failed(
      'server-bind',
      'EAFNOSUPPORT',
      serverSaw(null, ran(serving('::1'), 'OSError: [Errno 97] Address family not supported by protocol', { code: 1, signal: null }, [])),
      null,
    ),
    says: /^Your server custom:http\.server exited with status 1 before it listened on ::1; its output ends: OSError: \[Errno 97\]/,
    change: /run it by hand to see why: python3 -m http\.server --bind ::1 4000/,
  },
  {
    // A client program that failed where the server saw nothing of it: explained as a refusal, from where the server listened.
    rule: 'other-family',
    server: nodeServer('127.0.0.1', 4),
    client: curlClient('::1'),
    outcome: failed('client-connect', 'EXIT7', serverSaw(socketAt('127.0.0.1'), ran([], '', null)), {
      ...agentSaw(),
      program: ran(['curl', '-sS', 'http://[::1]:4000/'], 'curl: (7) Failed to connect to ::1 port 4000', { code: 7, signal: null }),
    }),
    says: /The server listens on IPv4 127\.0\.0\.1 only, and the client dialed IPv6 ::1/,
    change: /listen on '::' without ipv6Only/,
  },
  {
    rule: 'program-client-answered',
    server: nodeServer('127.0.0.1', 4),
    client: { ...curlClient('127.0.0.1'), program: { ...curl, probe: 'connect' } },
    outcome: failed('exchange', 'EXIT1', serverSaw(socketAt('127.0.0.1'), ran([], '', null), true), {
      ...agentSaw(),
      program: ran(['curl', 'http://127.0.0.1:4000/'], 'curl: (1) Received HTTP/0.9 when not allowed', { code: 1, signal: null }),
    }),
    says: /The connection was made: the server received the client from 127\.0\.0\.1 and answered with an echo of what it sent; your client custom:curl still exited with status 1/,
    change: /needs --probe http/,
  },
  {
    rule: 'program-client-failed',
    server: programServer('127.0.0.1', 4),
    client: curlClient('127.0.0.1'),
    outcome: failed(
      'client-connect',
      'EXIT22',
      serverSaw(socketAt('127.0.0.1'), ran(serving('127.0.0.1'), '', null, [socketAt('127.0.0.1')])),
      {
        ...agentSaw(),
        program: ran(['curl', '-f', 'http://127.0.0.1:4000/'], 'curl: (22) The requested URL returned error: 404', {
          code: 22,
          signal: null,
        }),
      },
    ),
    says: /your client custom:curl exited with status 22 dialing 127\.0\.0\.1; its output ends: curl: \(22\).*sees neither side of the connection/i,
    change: /run it by hand/,
  },
];

describe('the explanations of your own programs', () => {
  it.each(rows)('$rule: $server.address -> $client.address', ({ rule, server, client, outcome, says, change }) => {
    const explanation = explainCell({ id: 'any id', transport: 'tcp', server, client, outcome, durationMs: 1 }, host);
    expect(explanation?.rule).toBe(rule);
    expect(explanation?.why).toMatch(says);
    expect(explanation?.change.join('\n')).toMatch(change);
  });

  it('has a row for every program rule', () => {
    const tested = new Set(rows.map((row) => row.rule));
    expect([...programRulesFirst, ...programRulesLast].map((rule) => rule.id).filter((id) => !tested.has(id))).toEqual([]);
  });
});
