import { type CellFacts, familyWord, isMapped, spoken, unmapped, wireFamily } from './facts.js';
import { programBindFix, programListens, programRefused, serverName } from './program-words.js';

// The explanation rules, in the order they are tried: the first whose `when` holds explains the cell. Each says
// why in one or two plain sentences from what both sides observed, and what to change. A cell no rule fits is
// `unexplained` (index.ts), never given a story that might be wrong. Each rule has a test (explain-rules.test.ts).

/** One way a pairing fails (or surprises), recognised from its facts. */
export interface ExplanationRule {
  id: string;
  when: (facts: CellFacts) => boolean;
  why: (facts: CellFacts) => string;
  change: (facts: CellFacts) => string[];
}

const failedAt = (facts: CellFacts, phase: string, ...codes: string[]): boolean =>
  facts.outcome.status === 'failed' && facts.outcome.phase === phase && codes.includes(facts.outcome.code);

// A refusal is TCP's at connect, and UDP's at the next receive after the send (the kernel's ICMP port-unreachable).
// A user's client program that failed where the server saw nothing of it counts too: it was turned away as an agent is.
const refused = (facts: CellFacts): boolean =>
  failedAt(facts, 'client-connect', 'ECONNREFUSED') ||
  (facts.transport === 'udp' && failedAt(facts, 'exchange', 'ECONNREFUSED')) ||
  programRefused(facts);

const listens = (facts: CellFacts): string => {
  const where = facts.listensOnWildcard
    ? `on every ${familyWord(facts.listenFamily)} address (${spoken(facts.listenAddress)})${facts.listenFamily === 6 && facts.serverV6only ? ' with IPV6_V6ONLY on' : ''}`
    : `on ${familyWord(facts.listenFamily)} ${facts.listenAddress} only`;
  return facts.server.program === undefined ? `the server listens ${where}` : programListens(facts, where);
};

const udpNote = (facts: CellFacts): string =>
  facts.transport === 'udp'
    ? ' (for UDP the kernel answers with port unreachable, which the connected client socket reports after its send)'
    : '';

const clientKind = (facts: CellFacts): string => {
  const { client } = facts;
  if (client.program !== undefined) return `your client ${client.agent ?? ''}`.trim();
  if (client.runtime === 'python')
    return client.family === null ? "Python's create_connection" : `the ${client.family === 6 ? 'AF_INET6' : 'AF_INET'} socket`;
  if (facts.transport === 'udp') return `the udp${client.family ?? ''} socket`;
  return 'the client';
};

const bindFix = (facts: CellFacts): string => {
  if (facts.server.program !== undefined) return programBindFix(facts);
  if (facts.server.runtime === 'python') {
    return facts.transport === 'tcp'
      ? "bind both families: socket.create_server(('', port), family=socket.AF_INET6, dualstack_ipv6=True)"
      : "bind both families: an AF_INET6 socket on '::' with setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0)";
  }
  return facts.transport === 'tcp'
    ? "bind both families: listen on '::' without ipv6Only (Node clears IPV6_V6ONLY itself for TCP)"
    : "bind both families: a udp6 socket on '::' without ipv6Only, where net.ipv6.bindv6only=0 (Node leaves the system default for UDP)";
};

// Node's result order, where the client set one: the order it asked for is part of why the first address was that one.
const orderNote = (facts: CellFacts): string =>
  facts.client.order === undefined ? '' : ` (in the order dns.setDefaultResultOrder('${facts.client.order}') gives)`;

// The result order that puts the server's family first, unless the client already asked for it.
const orderFix = (facts: CellFacts): string => {
  const wanted = facts.listenFamily === 6 ? 'ipv6first' : 'ipv4first';
  return facts.client.order === wanted ? '' : `, or dns.setDefaultResultOrder('${wanted}') / node --dns-result-order=${wanted}`;
};

/** The loopback address of a family, for sentences: `127.0.0.1` or `::1`. */
const loopbackOf = (family: 4 | 6 | null): string => (family === 6 ? '::1' : '127.0.0.1');

/** The rules, tried in order. */
export const explanationRules: readonly ExplanationRule[] = [
  {
    id: 'not-loopback',
    when: (facts) => facts.outcome.status === 'failed' && facts.outcome.code === 'ENOTLOOPBACK',
    why: (facts) =>
      `${facts.outcome.status === 'failed' && facts.outcome.phase === 'server-bind' ? 'The server was' : 'The client was'} sent off this machine: ${facts.server.address === 'localhost' || facts.client.address === 'localhost' ? 'localhost resolves to an address that is not loopback here' : 'the address is not loopback'}, so sockmatrix refused it and nothing was sent.`,
    change: () => ['map localhost to 127.0.0.1 and ::1 in the hosts file, as every stock system does'],
  },
  {
    id: 'ipv6-off',
    when: (facts) =>
      !facts.environment.ipv6Available &&
      facts.outcome.status === 'failed' &&
      facts.outcome.code === 'EADDRNOTAVAIL' &&
      (wireFamily(facts.outcome.phase === 'server-bind' ? facts.server.address : facts.target) === 6 || facts.listenFamily === 6),
    why: (facts) =>
      `IPv6 is switched off on this machine (disable_ipv6), so ${facts.outcome.status === 'failed' && facts.outcome.phase === 'server-bind' ? `the server cannot bind ${facts.server.address}` : `the client cannot dial ${facts.target}`}: ::1 is not an address here.`,
    change: () => ['use IPv4: bind and dial 127.0.0.1', 'or turn IPv6 on (sysctl net.ipv6.conf.all.disable_ipv6=0; Docker: --ipv6)'],
  },
  {
    id: 'loopback-single',
    when: (facts) =>
      facts.outcome.status === 'failed' &&
      ['EADDRNOTAVAIL', 'ENETUNREACH'].includes(facts.outcome.code) &&
      /^127\./.test(unmapped(facts.outcome.phase === 'server-bind' ? facts.server.address : facts.target)) &&
      unmapped(facts.outcome.phase === 'server-bind' ? facts.server.address : facts.target) !== '127.0.0.1',
    why: (facts) =>
      `Only 127.0.0.1 is a loopback address here (as on macOS), so ${facts.outcome.status === 'failed' && facts.outcome.phase === 'server-bind' ? `the server cannot bind ${facts.server.address}` : `${facts.target} is not routed at all`}; on Linux all of 127.0.0.0/8 is local.`,
    change: () => ['use 127.0.0.1', 'or add the address to the loopback interface (macOS: sudo ifconfig lo0 alias 127.0.0.2)'],
  },
  {
    id: 'bind-family-mismatch',
    when: (facts) => failedAt(facts, 'server-bind', 'EAI_ADDRFAMILY'),
    why: (facts) =>
      `The server's ${facts.server.family === 6 ? 'AF_INET6' : 'AF_INET'} socket was told to bind ${facts.server.address}, an ${familyWord(wireFamily(facts.server.address))} address: Python asks the resolver to turn it into an address of the socket's family, and the resolver refuses (EAI_ADDRFAMILY).`,
    change: (facts) =>
      facts.server.family === 6
        ? ['bind an IPv4 address with an AF_INET socket', "or bind '::ffff:127.0.0.1' (IPv4-mapped) or '::' with the AF_INET6 socket"]
        : ['bind an IPv6 address with an AF_INET6 socket', 'or bind the IPv4 address with this AF_INET socket'],
  },
  {
    id: 'client-family-mismatch',
    when: (facts) => failedAt(facts, 'client-resolve', 'EAI_ADDRFAMILY'),
    why: (facts) =>
      `${clientKind(facts)} was told to dial ${facts.client.address}, an ${familyWord(wireFamily(facts.client.address))} address: Python asks the resolver for an address of the socket's own family, and the resolver (without AI_V4MAPPED) refuses. Nothing reached the network.`,
    change: (facts) =>
      facts.client.family === 6
        ? [
            'dial ::ffff:127.0.0.1 (the IPv4 address written for an IPv6 socket)',
            'or use an AF_INET socket for IPv4 addresses',
            'or socket.create_connection, which picks the family from the address',
          ]
        : [
            'dial 127.0.0.1 with this AF_INET socket',
            'or use an AF_INET6 socket for IPv6 addresses',
            'or socket.create_connection, which picks the family from the address',
          ],
  },
  {
    id: 'dgram-family-mismatch',
    when: (facts) => facts.transport === 'udp' && facts.client.runtime === 'node' && failedAt(facts, 'client-connect', 'EINVAL'),
    why: (facts) =>
      `Node's dgram module refuses to connect a udp${facts.client.family} socket to ${facts.client.address}, an ${familyWord(wireFamily(facts.client.address))} address, before any system call: Node's own rule, not the kernel's. Nothing was sent.`,
    change: (facts) =>
      facts.client.family === 6
        ? ["dial '::ffff:127.0.0.1' from the udp6 socket", "or create a 'udp4' socket for IPv4 addresses"]
        : ["create a 'udp6' socket for IPv6 addresses"],
  },
  {
    id: 'bind-mapped-v6only',
    when: (facts) => failedAt(facts, 'server-bind', 'EINVAL') && isMapped(facts.server.address),
    why: (facts) =>
      `The server asked to bind ${facts.server.address}, an IPv4 address written for an IPv6 socket, on a socket that takes IPv6 only (IPV6_V6ONLY${facts.server.ipv6Only === true ? ', asked for' : ', the system default here'}): the kernel refuses the contradiction (EINVAL).`,
    change: () => [
      'bind 127.0.0.1 with an IPv4 socket',
      'or leave IPV6_V6ONLY off on the IPv6 socket (Node: ipv6Only: false; Python: setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0))',
    ],
  },
  {
    id: 'resolver-unreachable',
    when: (facts) => facts.outcome.status === 'failed' && facts.outcome.code === 'EAI_AGAIN',
    why: (facts) =>
      `${facts.server.address === 'localhost' && facts.outcome.status === 'failed' && facts.outcome.phase === 'server-bind' ? 'The server' : 'The client'} asked for an address of localhost that the hosts file does not have, so the resolver asked a DNS server, which could not be reached (EAI_AGAIN): the name left the machine and no answer came back.`,
    change: () => ['add the address to the hosts file (e.g. ::1 localhost)', 'or use the address itself instead of the name'],
  },
  {
    id: 'name-without-family',
    when: (facts) => facts.outcome.status === 'failed' && ['ENOTFOUND', 'EAI_NONAME', 'EAI_NODATA'].includes(facts.outcome.code),
    why: (facts) => {
      const onServer = facts.outcome.status === 'failed' && facts.outcome.phase === 'server-bind';
      const endpoint = onServer ? facts.server : facts.client;
      const family = endpoint.family === 6 ? 'IPv6' : endpoint.family === 4 ? 'IPv4' : 'any';
      const known = facts.environment.localhost.addresses.map((entry) => entry.address).join(', ') || 'nothing';
      return `${onServer ? 'The server' : 'The client'} asked for an ${family} address of ${endpoint.address}, and there is none: here localhost resolves to ${known} only (the hosts file has no ${family === 'IPv6' ? '::1' : '127.0.0.1'} localhost line).`;
    },
    change: (facts) => [
      `add '${facts.client.family === 6 || facts.server.family === 6 ? '::1' : '127.0.0.1'} localhost' to the hosts file`,
      'or use the address itself (::1, 127.0.0.1) instead of the name',
      'or leave the family to the resolver, so either address will do',
    ],
  },
  {
    id: 'udp-reply-other-source',
    when: (facts) =>
      facts.transport === 'udp' &&
      failedAt(facts, 'exchange', 'ETIMEDOUT') &&
      facts.outcome.observations.server?.received === true &&
      facts.listensOnWildcard,
    why: (facts) =>
      `The datagram arrived and the server replied, but a socket bound to a wildcard answers from the address the route picks (127.0.0.1), not from the ${facts.target} the client dialed; the client's connected socket takes replies from ${facts.target} only, so it drops it and waits.`,
    change: (facts) => [
      `bind the server to ${unmapped(facts.target)}, the address clients dial`,
      'or dial 127.0.0.1',
      "or reply from the destination address (IP_PKTINFO), which Node's dgram does not do",
    ],
  },
  {
    id: 'first-address-only',
    when: (facts) =>
      refused(facts) &&
      facts.dialedName &&
      facts.resolved.length > 1 &&
      // One try at most: the first address only (Node records even a lone attempt; Python's plain socket records none).
      (facts.outcome.observations.client?.attempts.length ?? 0) <= 1 &&
      wireFamily(facts.resolved[0] ?? '') !== facts.listenFamily &&
      facts.resolved.some((address) => wireFamily(address) === facts.listenFamily),
    why: (facts) =>
      `${listens(facts)}; ${facts.client.address} resolved to ${facts.resolved.join(' then ')}${orderNote(facts)}, and this client tries only the first address, so it knocked on ${familyWord(wireFamily(facts.resolved[0] ?? ''))} ${facts.resolved[0]} where nobody listens.`,
    change: (facts) => [
      bindFix(facts),
      `or dial ${facts.listenAddress === '0.0.0.0' ? '127.0.0.1' : facts.listenAddress === '::' ? '::1' : facts.listenAddress} instead of the name`,
      facts.client.runtime === 'python'
        ? 'or use socket.create_connection, which tries every address in turn'
        : `or let the client try every address: happy eyeballs (autoSelectFamily, on by default since Node 20)${orderFix(facts)}`,
    ],
  },
  {
    id: 'no-address-listens',
    when: (facts) => refused(facts) && facts.dialedName && (facts.outcome.observations.client?.attempts.length ?? 0) > 1,
    why: (facts) =>
      `${listens(facts)}; ${facts.client.address} resolved to ${facts.resolved.join(' and ')}, the client tried each in turn, and nobody listens at any of them.`,
    change: (facts) => [bindFix(facts), 'or dial the address the server listens on'],
  },
  {
    id: 'v6only-refuses-ipv4',
    when: (facts) =>
      refused(facts) && facts.listenFamily === 6 && facts.listensOnWildcard && facts.serverV6only && facts.targetFamily === 4,
    why: (facts) => `${listens(facts)}: it takes IPv6 clients only, and this client came over IPv4 (${facts.target})${udpNote(facts)}.`,
    change: (facts) => [
      facts.server.runtime === 'python'
        ? `clear IPV6_V6ONLY before the bind: setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0)${facts.transport === 'tcp' ? ', or socket.create_server(..., dualstack_ipv6=True)' : ''}`
        : facts.transport === 'tcp'
          ? 'leave ipv6Only off: Node then clears IPV6_V6ONLY itself'
          : 'leave ipv6Only off, where net.ipv6.bindv6only=0: for UDP Node keeps the system default',
      'or dial ::1',
    ],
  },
  {
    id: 'other-family',
    when: (facts) =>
      refused(facts) && facts.targetFamily !== null && facts.listenFamily !== null && facts.targetFamily !== facts.listenFamily,
    why: (facts) =>
      `${listens(facts)}, and the client dialed ${familyWord(facts.targetFamily)} ${facts.target}${isMapped(facts.target) ? ' (an IPv4 address written for an IPv6 socket: IPv4 on the wire)' : ''}: ${facts.listensOnWildcard ? `every ${familyWord(facts.listenFamily)} address` : unmapped(facts.listenAddress)} and ${unmapped(facts.target)} are different places, and nobody listens at the second${udpNote(facts)}.`,
    change: (facts) => [
      bindFix(facts),
      `or dial ${facts.listensOnWildcard ? loopbackOf(facts.listenFamily) : facts.listenAddress}, where the server listens`,
    ],
  },
  {
    id: 'other-address',
    when: (facts) =>
      refused(facts) &&
      !facts.listensOnWildcard &&
      facts.targetFamily === facts.listenFamily &&
      unmapped(facts.target) !== unmapped(facts.listenAddress),
    why: (facts) =>
      `${listens(facts)}, and a server bound to one address takes only that address: the client dialed ${facts.target}${udpNote(facts)}.`,
    change: (facts) => [
      `dial ${facts.listenAddress}`,
      facts.server.program === undefined
        ? `or bind the server to ${unmapped(facts.target)}, or to ${facts.listenFamily === 6 ? '::' : '0.0.0.0'} for every address`
        : `or start ${serverName(facts)} on ${unmapped(facts.target)}, or on ${facts.listenFamily === 6 ? '::' : '0.0.0.0'} for every address`,
    ],
  },
  {
    id: 'mapped-from-v6only-socket',
    when: (facts) => failedAt(facts, 'client-connect', 'ENETUNREACH') && isMapped(facts.target),
    why: (facts) =>
      `The client's IPv6 socket takes IPv6 only (IPV6_V6ONLY is on by default here, net.ipv6.bindv6only=1), so it cannot reach ${facts.target}, an IPv4 address written for an IPv6 socket.`,
    change: () => ['dial 127.0.0.1 with an IPv4 socket', 'or clear IPV6_V6ONLY on the client socket before connecting'],
  },
];

/** The notes for connected cells that surprise people: tried in order, the first that holds is the cell's note. */
export const connectedNotes: readonly ExplanationRule[] = [
  {
    id: 'mapped-peer',
    when: (facts) => facts.outcome.status === 'connected' && isMapped(facts.outcome.observations.server?.peer?.address ?? ''),
    why: (facts) =>
      `Connected: the dual-stack server saw this IPv4 client as ${facts.outcome.observations.server?.peer?.address}, an IPv4-mapped IPv6 address; logs and allow-lists must expect that form.`,
    change: () => [],
  },
  {
    id: 'next-address-worked',
    when: (facts) => facts.outcome.status === 'connected' && (facts.outcome.observations.client?.attempts.length ?? 0) > 0,
    why: (facts) => {
      const failedFirst = facts.outcome.observations.client?.attempts.map((attempt) => `${attempt.address} (${attempt.code})`).join(', ');
      return `Connected on a later try: ${facts.client.address} resolved to ${facts.resolved.join(' then ')}, the client first tried ${failedFirst}, then the next address; a client that tries only the first address would have failed here.`;
    },
    change: () => [],
  },
];
