import { describe, expect, it } from 'vitest';
import type { CoexistOutcome, ListenerObservation, TargetAnswer } from '../../harness/coexist-outcome.js';
import type { Environment } from '../../harness/environment-types.js';
import type { ServerEndpoint, Transport } from '../../matrix/dimensions.js';
import type { CoexistPhase } from '../../matrix/outcome-summary.js';
import { coexistNotes, coexistRules } from '../../reports/explain/coexist-rules.js';
import { explainCell, unexplained } from '../../reports/explain/index.js';
import { coexistCells } from '../fixtures/coexist-cells.js';
import { linuxEnvironment } from '../fixtures/hand-made-report.js';

// Why two servers could not share a port, or could, from what they observed: a row per rule, each the listeners, the
// outcome and the words the explanation must say.

const host = linuxEnvironment();
const noIpv6 = linuxEnvironment({ ipv6Available: false, linux: { bindv6only: 0, disableIpv6All: 1, disableIpv6Lo: 1 } });

const node = (address: string, family: 4 | 6, ipv6Only: boolean | null = null, reuseAddr?: true): ServerEndpoint => ({
  runtime: 'node',
  address,
  family,
  ipv6Only,
  ...(reuseAddr === undefined ? {} : { reuseAddr }),
});
const python = (address: string, family: 4 | 6, reuse: { reuseAddr?: true; reusePort?: true } = {}): ServerEndpoint => ({
  runtime: 'python',
  address,
  family,
  ipv6Only: null,
  ...reuse,
});

const listening = (address: string, family: 4 | 6, ipv6OnlyEffective: boolean | null = null): ListenerObservation => ({
  bound: { address, port: 4000, family },
  ipv6OnlyEffective,
  received: [],
  error: null,
});
const answer = (target: string, answeredBy: TargetAnswer['answeredBy'], code: string | null = null): TargetAnswer => ({
  target,
  answeredBy,
  code,
  message: code,
  client: null,
});

const failedAt = (phase: CoexistPhase, code: string, first: ListenerObservation | null): CoexistOutcome => ({
  status: 'failed',
  phase,
  code,
  message: code,
  observations: { first, second: null, answers: [] },
});
const coexisted = (first: ListenerObservation, second: ListenerObservation, answers: TargetAnswer[]): CoexistOutcome => ({
  status: 'coexisted',
  observations: { first, second, answers },
});

interface Row {
  rule: string;
  transport: Transport;
  first: ServerEndpoint;
  second: ServerEndpoint;
  outcome: CoexistOutcome;
  environment?: Environment;
  says: RegExp;
}

const rows: Row[] = [
  {
    rule: 'coexist-dual-stack-takes-ipv4',
    transport: 'tcp',
    first: node('::', 6, false),
    second: node('0.0.0.0', 4),
    outcome: failedAt('second-listen', 'EADDRINUSE', listening('::', 6)),
    says: /^A dual-stack \[::\] socket \(IPV6_V6ONLY off\) holds the port on every IPv4 address as well, 0\.0\.0\.0 included.*\(libuv reports it at listen\)/,
  },
  {
    rule: 'coexist-dual-stack-takes-ipv4',
    transport: 'tcp',
    first: python('127.0.0.1', 4),
    second: python('::', 6),
    outcome: failedAt('second-bind', 'EADDRINUSE', listening('127.0.0.1', 4)),
    says: /the second server's \[::\] is 127\.0\.0\.1's port too\. \(macOS lets a specific IPv4 address such as 127\.0\.0\.1 share a port with \[::\]/,
  },
  {
    rule: 'coexist-wildcard-takes-address',
    transport: 'tcp',
    first: node('0.0.0.0', 4),
    second: node('127.0.0.1', 4),
    outcome: failedAt('second-listen', 'EADDRINUSE', listening('0.0.0.0', 4)),
    says: /0\.0\.0\.0 listens on every IPv4 address, 127\.0\.0\.1 among them: Linux refuses a second TCP listener .* SO_REUSEADDR or not/,
  },
  {
    rule: 'coexist-wildcard-takes-address',
    transport: 'udp',
    first: node('::', 6, false),
    second: node('::1', 6, false),
    outcome: failedAt('second-bind', 'EADDRINUSE', listening('::', 6)),
    says: /listens on every IPv6 address, ::1 among them: Linux refuses a second UDP socket .* unless both set SO_REUSEADDR/,
  },
  {
    rule: 'coexist-same-address',
    transport: 'tcp',
    first: python('127.0.0.1', 4, { reuseAddr: true }),
    second: python('127.0.0.1', 4, { reuseAddr: true }),
    outcome: failedAt('second-bind', 'EADDRINUSE', listening('127.0.0.1', 4)),
    says: /Both have SO_REUSEADDR, but on Linux that only lets a new listener take a port whose old connections still linger/,
  },
  {
    rule: 'coexist-same-address',
    transport: 'udp',
    first: node('127.0.0.1', 4),
    second: node('127.0.0.1', 4),
    outcome: failedAt('second-bind', 'EADDRINUSE', listening('127.0.0.1', 4)),
    says: /neither asked to share it: a UDP port on one address takes a second socket only when both set SO_REUSEADDR/,
  },
  {
    rule: 'coexist-ipv6-off',
    transport: 'tcp',
    first: node('127.0.0.1', 4),
    second: node('::1', 6, false),
    outcome: failedAt('second-listen', 'EADDRNOTAVAIL', listening('127.0.0.1', 4)),
    environment: noIpv6,
    says: /^IPv6 is switched off on this machine \(disable_ipv6\), so the second server cannot bind ::1/,
  },
  {
    rule: 'coexist-cannot-bind',
    transport: 'tcp',
    first: python('::ffff:127.0.0.1', 6),
    second: python('0.0.0.0', 4),
    outcome: failedAt('first-bind', 'EINVAL', null),
    says: /^The first server cannot bind ::ffff:127\.0\.0\.1 at all here \(EINVAL\)/,
  },
  {
    rule: 'coexist-reuse-port-group',
    transport: 'tcp',
    first: python('127.0.0.1', 4, { reusePort: true }),
    second: python('127.0.0.1', 4, { reusePort: true }),
    outcome: coexisted(listening('127.0.0.1', 4), listening('127.0.0.1', 4), []),
    says: /by a hash of the client’s address and port: which one answers a client is chance, so sockmatrix dials nothing here/,
  },
  {
    rule: 'coexist-reuse-shared',
    transport: 'udp',
    first: node('127.0.0.1', 4, null, true),
    second: node('127.0.0.1', 4, null, true),
    outcome: coexisted(listening('127.0.0.1', 4), listening('127.0.0.1', 4), [
      answer('127.0.0.1', 'second'),
      answer('::1', 'nobody', 'ECONNREFUSED'),
    ]),
    says: /gives a datagram to the one bound last\. Here 127\.0\.0\.1 reached the second server, ::1 nobody \(ECONNREFUSED\)\.$/,
  },
  {
    rule: 'coexist-reuse-shared',
    transport: 'tcp',
    first: python('0.0.0.0', 4, { reusePort: true }),
    second: python('127.0.0.1', 4, { reusePort: true }),
    outcome: coexisted(listening('0.0.0.0', 4), listening('127.0.0.1', 4), [answer('127.0.0.1', 'second')]),
    says: /^Both servers set SO_REUSEPORT .* a specific address beats a wildcard/,
  },
  {
    rule: 'coexist-apart',
    transport: 'tcp',
    first: node('::', 6, true),
    second: node('0.0.0.0', 4),
    outcome: coexisted(listening('::', 6), listening('0.0.0.0', 4), [
      answer('127.0.0.1', 'second'),
      answer('::1', 'first'),
      answer('localhost', 'second'),
    ]),
    says: /^The two listeners never overlap: an IPv6-only \[::\] socket and 0\.0\.0\.0 .* Here 127\.0\.0\.1 reached the second server, ::1 the first, localhost the second\.$/,
  },
];

describe('the two-servers rules', () => {
  it.each(rows)(
    '$rule: $first.address then $second.address ($transport)',
    ({ rule, transport, first, second, outcome, environment, says }) => {
      const explanation = explainCell(
        { kind: 'coexist', id: 'any id', transport, first, second, targets: [], outcome, durationMs: 1 },
        environment ?? host,
      );
      expect(explanation?.rule).toBe(rule);
      expect(explanation?.why).toMatch(says);
      if (outcome.status === 'failed') expect(explanation?.change.length).toBeGreaterThan(0);
    },
  );

  it('has a row for every rule and note', () => {
    const tested = new Set(rows.map((row) => row.rule));
    expect([...coexistRules, ...coexistNotes].map((rule) => rule.id).filter((id) => !tested.has(id))).toEqual([]);
  });

  it('reads a Python [::] left at the system default as dual-stack only where bindv6only is 0', () => {
    const first = python('::', 6);
    const outcome = failedAt('second-bind', 'EADDRINUSE', listening('::', 6));
    const cell = {
      kind: 'coexist' as const,
      id: 'x',
      transport: 'tcp' as const,
      first,
      second: python('0.0.0.0', 4),
      targets: [],
      outcome,
      durationMs: 1,
    };
    expect(explainCell(cell, host)?.rule).toBe('coexist-dual-stack-takes-ipv4');
    // Read back as IPv6-only (the v6only profile), yet refused: no rule has a story for that, and none is made up.
    const readBack = failedAt('second-bind', 'EADDRINUSE', listening('::', 6, true));
    expect(explainCell({ ...cell, outcome: readBack }, host)?.rule).toBe(unexplained);
  });

  it('explains every failed cell of a real run, and notes every cell that coexisted', () => {
    for (const cell of coexistCells()) {
      const explanation = explainCell(cell, host);
      expect([cell.id, explanation?.rule === unexplained]).toEqual([cell.id, false]);
      expect([cell.id, explanation === undefined]).toEqual([cell.id, false]);
    }
  });
});
