import { describe, expect, it } from 'vitest';
import type { Environment } from '../../harness/environment-types.js';
import type { ClientObservation, Outcome, ServerObservation } from '../../harness/outcome.js';
import type { ClientEndpoint, ServerEndpoint, Transport } from '../../matrix/dimensions.js';
import type { PairPhase } from '../../matrix/outcome-summary.js';
import { explainCell, unexplained } from '../../reports/explain/index.js';
import { explanationRules } from '../../reports/explain/rules.js';
import { sampleReport } from '../fixtures/sample-report.js';

// Each explanation rule, with the evidence that triggers it: what both sides observed, never the cell id.

const host = sampleReport().environment; // Linux, IPv6 on, bindv6only 0, localhost -> 127.0.0.1 only
const v6first: Environment = {
  ...host,
  localhost: {
    addresses: [
      { address: '::1', family: 6 },
      { address: '127.0.0.1', family: 4 },
    ],
    error: null,
  },
};
const noIpv6: Environment = { ...host, ipv6Available: false };

const node = (address: string, family: 4 | 6 | null, ipv6Only: boolean | null = null): ServerEndpoint => ({
  runtime: 'node',
  address,
  family,
  ipv6Only,
});
const python = (address: string, family: 4 | 6, ipv6Only: boolean | null = null): ServerEndpoint => ({
  runtime: 'python',
  address,
  family,
  ipv6Only,
});
const dial = (
  address: string,
  family: 4 | 6 | null = null,
  lookup: ClientEndpoint['lookup'] = null,
  runtime: 'node' | 'python' = 'node',
): ClientEndpoint => ({
  runtime,
  address,
  family,
  lookup,
});
const bound = (address: string, family: 4 | 6): ServerObservation => ({
  bound: { address, port: 4000, family },
  ipv6OnlyEffective: null,
  received: false,
  peer: null,
  payloadMatched: null,
  replied: false,
  error: null,
});
const saw = (resolved: string[] | null, attempts: string[] = []): ClientObservation => ({
  resolved: resolved?.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })) ?? null,
  local: null,
  remote: null,
  attempts: attempts.map((address) => ({ address, port: 4000, code: 'ECONNREFUSED' })),
});
const failed = (phase: PairPhase, code: string, server: ServerObservation | null, client: ClientObservation | null): Outcome => ({
  status: 'failed',
  phase,
  code,
  message: code,
  observations: { server, client },
});

interface Row {
  rule: string;
  transport: Transport;
  server: ServerEndpoint;
  client: ClientEndpoint;
  outcome: Outcome;
  environment?: Environment;
  says: RegExp;
}

const rows: Row[] = [
  {
    rule: 'first-address-only',
    transport: 'tcp',
    server: node('127.0.0.1', 4),
    client: dial('localhost', null, 'first-address'),
    outcome: failed('client-connect', 'ECONNREFUSED', bound('127.0.0.1', 4), saw(['::1', '127.0.0.1'], ['::1'])),
    environment: v6first,
    says: /listens on IPv4 127\.0\.0\.1 only; localhost resolved to ::1 then 127\.0\.0\.1, and this client tries only the first address, so it knocked on IPv6 ::1/,
  },
  {
    rule: 'no-address-listens',
    transport: 'tcp',
    server: node('127.0.0.2', 4),
    client: dial('localhost', null, 'default'),
    outcome: failed('client-connect', 'ECONNREFUSED', bound('127.0.0.2', 4), saw(['::1', '127.0.0.1'], ['::1', '127.0.0.1'])),
    environment: v6first,
    says: /the client tried each in turn, and nobody listens at any of them/,
  },
  {
    rule: 'other-family',
    transport: 'tcp',
    server: node('127.0.0.1', 4),
    client: dial('::1'),
    outcome: failed('client-connect', 'ECONNREFUSED', bound('127.0.0.1', 4), saw(null, ['::1'])),
    says: /listens on IPv4 127\.0\.0\.1 only, and the client dialed IPv6 ::1: 127\.0\.0\.1 and ::1 are different places/,
  },
  {
    rule: 'other-family',
    transport: 'tcp',
    server: node('::1', 6, false),
    client: dial('::ffff:127.0.0.1'),
    outcome: failed('client-connect', 'ECONNREFUSED', bound('::1', 6), saw(null)),
    says: /an IPv4 address written for an IPv6 socket: IPv4 on the wire/,
  },
  {
    rule: 'other-address',
    transport: 'tcp',
    server: node('127.0.0.1', 4),
    client: dial('127.0.0.2'),
    outcome: failed('client-connect', 'ECONNREFUSED', bound('127.0.0.1', 4), saw(null)),
    says: /a server bound to one address takes only that address: the client dialed 127\.0\.0\.2/,
  },
  {
    rule: 'v6only-refuses-ipv4',
    transport: 'tcp',
    server: node('::', 6, true),
    client: dial('127.0.0.1'),
    outcome: failed('client-connect', 'ECONNREFUSED', bound('::', 6), saw(null)),
    says: /every IPv6 address \(\[::\]\) with IPV6_V6ONLY on: it takes IPv6 clients only/,
  },
  {
    rule: 'v6only-refuses-ipv4',
    transport: 'udp',
    server: python('::', 6),
    client: dial('127.0.0.1', 4, null, 'python'),
    outcome: failed('exchange', 'ECONNREFUSED', { ...bound('::', 6), ipv6OnlyEffective: true }, saw(null)),
    says: /IPV6_V6ONLY on.*port unreachable/,
  },
  {
    rule: 'client-family-mismatch',
    transport: 'tcp',
    server: node('127.0.0.1', 4),
    client: dial('127.0.0.1', 6, null, 'python'),
    outcome: failed('client-resolve', 'EAI_ADDRFAMILY', bound('127.0.0.1', 4), saw(null)),
    says: /AF_INET6 socket was told to dial 127\.0\.0\.1, an IPv4 address.*resolver \(without AI_V4MAPPED\) refuses/,
  },
  {
    rule: 'bind-family-mismatch',
    transport: 'tcp',
    server: python('127.0.0.1', 6),
    client: dial('127.0.0.1'),
    outcome: failed('server-bind', 'EAI_ADDRFAMILY', null, null),
    says: /AF_INET6 socket was told to bind 127\.0\.0\.1, an IPv4 address/,
  },
  {
    rule: 'bind-mapped-v6only',
    transport: 'tcp',
    server: node('::ffff:127.0.0.1', 6, true),
    client: dial('127.0.0.1'),
    outcome: failed('server-bind', 'EINVAL', null, null),
    says: /bind ::ffff:127\.0\.0\.1, an IPv4 address written for an IPv6 socket, on a socket that takes IPv6 only \(IPV6_V6ONLY, asked for\)/,
  },
  {
    rule: 'dgram-family-mismatch',
    transport: 'udp',
    server: node('127.0.0.1', 4),
    client: dial('127.0.0.1', 6),
    outcome: failed('client-connect', 'EINVAL', bound('127.0.0.1', 4), saw(null)),
    says: /Node's dgram module refuses to connect a udp6 socket to 127\.0\.0\.1.*before any system call/,
  },
  {
    rule: 'name-without-family',
    transport: 'tcp',
    server: node('127.0.0.1', 4),
    client: dial('localhost', 6),
    outcome: failed('client-resolve', 'ENOTFOUND', bound('127.0.0.1', 4), saw(null)),
    says: /asked for an IPv6 address of localhost, and there is none: here localhost resolves to 127\.0\.0\.1 only/,
  },
  {
    rule: 'resolver-unreachable',
    transport: 'tcp',
    server: node('127.0.0.1', 4),
    client: dial('localhost', 6),
    outcome: failed('client-resolve', 'EAI_AGAIN', bound('127.0.0.1', 4), saw(null)),
    says: /asked a DNS server, which could not be reached \(EAI_AGAIN\)/,
  },
  {
    rule: 'udp-reply-other-source',
    transport: 'udp',
    server: node('0.0.0.0', 4),
    client: dial('127.0.0.2', 4),
    outcome: failed('exchange', 'ETIMEDOUT', { ...bound('0.0.0.0', 4), received: true, replied: true }, saw(null)),
    says: /answers from the address the route picks \(127\.0\.0\.1\), not from the 127\.0\.0\.2 the client dialed/,
  },
  {
    rule: 'ipv6-off',
    transport: 'tcp',
    server: node('::1', 6, false),
    client: dial('::1'),
    outcome: failed('server-bind', 'EADDRNOTAVAIL', null, null),
    environment: noIpv6,
    says: /IPv6 is switched off on this machine \(disable_ipv6\), so the server cannot bind ::1/,
  },
  {
    rule: 'loopback-single',
    transport: 'tcp',
    server: node('127.0.0.2', 4),
    client: dial('127.0.0.2'),
    outcome: failed('server-bind', 'EADDRNOTAVAIL', null, null),
    says: /Only 127\.0\.0\.1 is a loopback address here \(as on macOS\), so the server cannot bind 127\.0\.0\.2/,
  },
  {
    rule: 'mapped-from-v6only-socket',
    transport: 'tcp',
    server: node('127.0.0.1', 4),
    client: dial('::ffff:127.0.0.1'),
    outcome: failed('client-connect', 'ENETUNREACH', bound('127.0.0.1', 4), saw(null)),
    says: /IPv6 socket takes IPv6 only.*cannot reach ::ffff:127\.0\.0\.1/,
  },
  {
    rule: 'not-loopback',
    transport: 'tcp',
    server: node('localhost', null, false),
    client: dial('127.0.0.1'),
    outcome: failed('server-bind', 'ENOTLOOPBACK', null, null),
    says: /localhost resolves to an address that is not loopback here, so sockmatrix refused it and nothing was sent/,
  },
  {
    rule: 'mapped-peer',
    transport: 'tcp',
    server: node('::', 6, false),
    client: dial('127.0.0.1'),
    outcome: {
      status: 'connected',
      observations: {
        server: { ...bound('::', 6), received: true, peer: { address: '::ffff:127.0.0.1', port: 5000, family: 6 } },
        client: saw(null),
      },
    },
    says: /saw this IPv4 client as ::ffff:127\.0\.0\.1, an IPv4-mapped IPv6 address/,
  },
  {
    rule: 'next-address-worked',
    transport: 'tcp',
    server: node('127.0.0.1', 4),
    client: dial('localhost', null, 'default'),
    outcome: { status: 'connected', observations: { server: bound('127.0.0.1', 4), client: saw(['::1', '127.0.0.1'], ['::1']) } },
    environment: v6first,
    says: /Connected on a later try: localhost resolved to ::1 then 127\.0\.0\.1, the client first tried ::1 \(ECONNREFUSED\)/,
  },
];

describe('the explanation rules', () => {
  it.each(rows)('$rule: $server.address -> $client.address', ({ rule, transport, server, client, outcome, environment, says }) => {
    const explanation = explainCell({ id: 'any id', transport, server, client, outcome, durationMs: 1 }, environment ?? host);
    expect(explanation?.rule).toBe(rule);
    expect(explanation?.why).toMatch(says);
    expect(explanation?.why.charAt(0)).toMatch(/[A-Z]/);
  });

  it('has a row for every rule', () => {
    const tested = new Set(rows.map((row) => row.rule));
    expect(explanationRules.map((rule) => rule.id).filter((id) => !tested.has(id))).toEqual([]);
  });

  it('says plainly when no rule explains a failure, instead of a story', () => {
    const explanation = explainCell(
      {
        id: 'x',
        transport: 'tcp',
        server: node('127.0.0.1', 4),
        client: dial('127.0.0.1'),
        outcome: failed('client-send', 'EPIPE', bound('127.0.0.1', 4), saw(null)),
        durationMs: 1,
      },
      host,
    );
    expect(explanation).toMatchObject({ rule: unexplained, change: [] });
    expect(explanation?.why).toMatch(/No rule of sockmatrix explains this EPIPE at client-send yet/);
  });

  it('gives a plain connection no note', () => {
    const outcome: Outcome = {
      status: 'connected',
      observations: { server: { ...bound('127.0.0.1', 4), peer: { address: '127.0.0.1', port: 5000, family: 4 } }, client: saw(null) },
    };
    expect(
      explainCell({ id: 'x', transport: 'tcp', server: node('127.0.0.1', 4), client: dial('127.0.0.1'), outcome, durationMs: 1 }, host),
    ).toBeUndefined();
  });

  it('explains every failed cell of the sample report (a real Linux run)', () => {
    const report = sampleReport();
    const unexplainedCells = report.cells.filter(
      (cell) => cell.outcome.status === 'failed' && explainCell(cell, report.environment)?.rule === unexplained,
    );
    expect(unexplainedCells.map((cell) => cell.id)).toEqual([]);
  });
});
