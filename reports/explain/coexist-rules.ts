import type { TargetAnswer } from '../../harness/coexist-outcome.js';
import { type CoexistFacts, covers, type ListenerFacts, listenerWords } from './coexist-facts.js';
import { familyWord, unmapped } from './facts.js';

// The explanation rules of two servers on one port, in the order they are tried, as reports/explain/rules.ts does for
// pairings: why the second could not have the port, or, for two that coexisted, why they could and who answered.
// Each has a test (explain-rules.test.ts).

/** One way two servers on one port fail (or share it), recognised from their facts. */
export interface CoexistRule {
  id: string;
  when: (facts: CoexistFacts) => boolean;
  why: (facts: CoexistFacts) => string;
  change: (facts: CoexistFacts) => string[];
}

const inUse = (facts: CoexistFacts): boolean =>
  facts.outcome.status === 'failed' && facts.outcome.code === 'EADDRINUSE' && facts.outcome.phase !== 'first-bind';

// Where Linux refused the second: libuv asks bind() and reports its EADDRINUSE at listen().
const refusedAt = (facts: CoexistFacts): string =>
  facts.outcome.status === 'failed' && facts.outcome.phase === 'second-listen' ? ' (libuv reports it at listen)' : '';

const sameAddress = (facts: CoexistFacts): boolean =>
  facts.first.family === facts.second.family && unmapped(facts.first.address) === unmapped(facts.second.address);

/** The wider and the narrower listener of a cell where one covers the other, or null. */
const coverage = (facts: CoexistFacts): { wide: ListenerFacts; narrow: ListenerFacts } | null => {
  if (covers(facts.first, facts.second)) return { wide: facts.first, narrow: facts.second };
  if (covers(facts.second, facts.first)) return { wide: facts.second, narrow: facts.first };
  return null;
};

const which = (facts: CoexistFacts, listener: ListenerFacts): string => (listener === facts.first ? 'the first' : 'the second');

const v6onlyFix = (facts: CoexistFacts): string =>
  [facts.first, facts.second].some((listener) => listener.endpoint.runtime === 'python')
    ? 'ask for IPV6_V6ONLY on the [::] socket so that it takes IPv6 only (Python: setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 1) before bind; Node: ipv6Only: true); the IPv4 socket can then have the port'
    : 'ask for IPV6_V6ONLY on the [::] socket so that it takes IPv6 only (Node: listen({ host: "::", ipv6Only: true })); the IPv4 socket can then have the port';

const reuseAddrCall = (facts: CoexistFacts): string =>
  [facts.first, facts.second].some((listener) => listener.endpoint.runtime === 'python')
    ? 'Python: setsockopt(SOL_SOCKET, SO_REUSEADDR, 1) before bind; Node: dgram.createSocket({ type, reuseAddr: true })'
    : 'Node: dgram.createSocket({ type, reuseAddr: true })';

/** Who answered each target, as a sentence: `127.0.0.1 reached the first server, ::1 the second, localhost nobody (ECONNREFUSED)`. */
export const answersSentence = (answers: readonly TargetAnswer[]): string =>
  answers
    .map((answer, index) => {
      const whom =
        answer.answeredBy === 'nobody'
          ? `nobody${answer.code === null ? '' : ` (${answer.code})`}`
          : `the ${answer.answeredBy}${index === 0 ? ' server' : ''}`;
      return `${answer.target} ${index === 0 ? 'reached ' : ''}${whom}`;
    })
    .join(', ');

const answersPart = (facts: CoexistFacts): string =>
  facts.outcome.status === 'coexisted' && facts.outcome.observations.answers.length > 0
    ? ` Here ${answersSentence(facts.outcome.observations.answers)}.`
    : '';

/** The rules for two servers that did not both listen, tried in order. */
export const coexistRules: readonly CoexistRule[] = [
  {
    id: 'coexist-dual-stack-takes-ipv4',
    when: (facts) => inUse(facts) && (coverage(facts)?.wide.dualStack ?? false) && coverage(facts)?.narrow.family === 4,
    why: (facts) => {
      const { wide, narrow } = coverage(facts) ?? { wide: facts.first, narrow: facts.second };
      return `${listenerWords(wide)} holds the port on every IPv4 address as well, ${narrow.address} included, so Linux refuses the second server with EADDRINUSE${refusedAt(facts)}: ${which(facts, wide)} server's [::] is ${narrow.address}'s port too. (macOS lets a specific IPv4 address such as 127.0.0.1 share a port with [::], the Vite case; only a run there shows it.)`;
    },
    change: (facts) => [
      v6onlyFix(facts),
      'or run one dual-stack listener on [::] for both families, and no IPv4 one',
      'or give the second server another port',
    ],
  },
  {
    id: 'coexist-wildcard-takes-address',
    when: (facts) => inUse(facts) && coverage(facts) !== null && !sameAddress(facts),
    why: (facts) => {
      const { wide, narrow } = coverage(facts) ?? { wide: facts.first, narrow: facts.second };
      const rule =
        facts.transport === 'tcp'
          ? 'Linux refuses a second TCP listener on an address a wildcard already covers, SO_REUSEADDR or not, once the first listens'
          : 'Linux refuses a second UDP socket on an address a wildcard already covers unless both set SO_REUSEADDR';
      return `${listenerWords(wide)} listens on every ${familyWord(wide.family)} address, ${narrow.address} among them: ${rule}, so the second server got EADDRINUSE${refusedAt(facts)}.`;
    },
    change: (facts) =>
      facts.transport === 'tcp'
        ? [
            'listen once, on the wildcard, and serve both from it',
            'or set SO_REUSEPORT on both sockets (Linux 3.9+, the same user; Python: setsockopt(SOL_SOCKET, SO_REUSEPORT, 1); Node 22.12+: reusePort: true); connections to the specific address then go to its socket',
            'or give the second server another port',
          ]
        : [
            `set SO_REUSEADDR on both sockets before they bind (${reuseAddrCall(facts)}); a datagram to the specific address then goes to its socket`,
            'or give the second server another port',
          ],
  },
  {
    id: 'coexist-same-address',
    when: (facts) => inUse(facts) && sameAddress(facts),
    why: (facts) => {
      const both = facts.first.reuseAddr && facts.second.reuseAddr;
      if (facts.transport === 'udp') {
        return `Both servers asked for ${facts.first.address} on the same port, and ${both ? 'one of them' : 'neither'} asked to share it: a UDP port on one address takes a second socket only when both set SO_REUSEADDR (or SO_REUSEPORT), so the second got EADDRINUSE.`;
      }
      return `Both servers asked for ${facts.first.address} on the same port. ${both ? 'Both have SO_REUSEADDR, but on Linux that only lets a new listener take a port whose old connections still linger (TIME_WAIT), never one another socket listens on' : 'Neither asked to share it'}, so the second got EADDRINUSE${refusedAt(facts)}.`;
    },
    change: (facts) =>
      facts.transport === 'tcp'
        ? [
            'stop the first server before starting the second (find it with ss -ltnp or lsof -i :PORT)',
            'or set SO_REUSEPORT on both sockets to have the kernel spread connections between them (Linux 3.9+, the same user; Python: setsockopt(SOL_SOCKET, SO_REUSEPORT, 1); Node 22.12+: reusePort: true)',
          ]
        : [
            `set SO_REUSEADDR on both sockets (${reuseAddrCall(facts)}): on Linux the socket bound last then receives the datagrams`,
            'or stop the first server before starting the second',
          ],
  },
  {
    id: 'coexist-ipv6-off',
    when: (facts) =>
      !facts.environment.ipv6Available &&
      facts.outcome.status === 'failed' &&
      facts.outcome.code === 'EADDRNOTAVAIL' &&
      (facts.outcome.phase === 'first-bind' ? facts.first : facts.second).family === 6,
    why: (facts) =>
      `IPv6 is switched off on this machine (disable_ipv6), so ${facts.outcome.status === 'failed' && facts.outcome.phase === 'first-bind' ? 'the first' : 'the second'} server cannot bind ${(facts.outcome.status === 'failed' && facts.outcome.phase === 'first-bind' ? facts.first : facts.second).address}: ::1 is not an address here, whatever the other server holds.`,
    change: () => ['use IPv4: bind 127.0.0.1', 'or turn IPv6 on (sysctl net.ipv6.conf.all.disable_ipv6=0; Docker: --ipv6)'],
  },
  {
    id: 'coexist-cannot-bind',
    when: (facts) => facts.outcome.status === 'failed' && facts.outcome.code !== 'EADDRINUSE',
    why: (facts) => {
      const phase = facts.outcome.status === 'failed' ? facts.outcome.phase : 'first-bind';
      const listener = phase === 'first-bind' ? facts.first : facts.second;
      const code = facts.outcome.status === 'failed' ? facts.outcome.code : '';
      return `The ${phase === 'first-bind' ? 'first' : 'second'} server cannot bind ${listener.address} at all here (${code}), whatever the other holds: the port was never the question. The pairing grid's row for this server shows the same bind failing on its own.`;
    },
    change: () => ['bind an address this machine has: sockmatrix explain with the error line shows why this one fails'],
  },
];

/** The notes for two servers that coexisted, tried in order: why they could share the port, and who answered. */
export const coexistNotes: readonly CoexistRule[] = [
  {
    id: 'coexist-reuse-port-group',
    when: (facts) => facts.outcome.status === 'coexisted' && facts.first.reusePort && facts.second.reusePort && sameAddress(facts),
    why: () =>
      'Both servers set SO_REUSEPORT on the same address, so Linux lets them share the port and hands each new connection (each datagram) to one of them by a hash of the client’s address and port: which one answers a client is chance, so sockmatrix dials nothing here.',
    change: () => [],
  },
  {
    id: 'coexist-reuse-shared',
    when: (facts) =>
      facts.outcome.status === 'coexisted' &&
      ((facts.first.reusePort && facts.second.reusePort) ||
        (facts.transport === 'udp' && facts.first.endpoint.reuseAddr === true && facts.second.endpoint.reuseAddr === true)),
    why: (facts) => {
      const option = facts.first.reusePort && facts.second.reusePort ? 'SO_REUSEPORT' : 'SO_REUSEADDR';
      const delivery = sameAddress(facts)
        ? 'between two sockets on the same address, Linux gives a datagram to the one bound last'
        : 'Linux gives each connection or datagram to the socket whose address matches it best: a specific address beats a wildcard, an IPv4 socket beats a dual-stack one for IPv4';
      return `Both servers set ${option} before they bound, so Linux lets them share the port; ${delivery}.${answersPart(facts)}`;
    },
    change: () => [],
  },
  {
    id: 'coexist-apart',
    when: (facts) => facts.outcome.status === 'coexisted' && coverage(facts) === null,
    why: (facts) =>
      `The two listeners never overlap: ${listenerWords(facts.first)} and ${listenerWords(facts.second)} are different places (${familyWord(facts.first.family)} and ${familyWord(facts.second.family)}${facts.first.v6only || facts.second.v6only ? ', the IPv6 one IPv6 only' : ''}), so both have the port and each takes the clients of its own; a name such as localhost reaches whichever address it resolves to first.${answersPart(facts)}`,
    change: () => [],
  },
];
