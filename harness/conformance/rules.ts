import { clientExitGraceMs, serverExitGraceMs } from '../timeouts.js';

// The rules of PROTOCOL.md an agent is checked against, by name: the checker reports each failure under one.

/** Every rule, with what it asks of the agent; the keys are the `ConformanceRule` type. */
export const conformanceRules = {
  'server-lines-parse': 'every line the server writes is a protocol message: a JSON object, a known event, every field of its type',
  'server-order': 'the server writes ready or bind-error first, ready once, nothing after bind-error, replied only after a received',
  'server-ready': 'the server says ready with the address it bound: the address, port and family it was told',
  'server-echo': 'the server sends back exactly what it received',
  'server-received': 'the server says received with the peer its socket saw, the byte count, and payloadMatched true for the token',
  'server-replied': 'the server says replied once the echo is sent',
  'server-serves-again':
    'the server serves every client that comes, one after the other, until its stdin closes: a second one is echoed too',
  'server-bind-error': 'a bind that fails gives bind-error with its errno code: EADDRINUSE for a port another socket holds',
  'server-loopback-only':
    'the server refuses an address that is neither loopback nor a wildcard, and a name that resolves to one: bind-error with ENOTLOOPBACK',
  'server-exit': `the server exits 0, within ${serverExitGraceMs} ms of its stdin closing`,
  'client-lines-parse': 'every line the client writes is a protocol message: a JSON object, a known event, every field of its type',
  'client-one-result': 'the client writes exactly one line: its result',
  'client-connected': "against an echo server the client says connected, with its socket's local and remote address",
  'client-token-arrived': 'the client says connected only once its token reached the server and came back',
  'client-refused': 'against a closed port the client says failed at client-connect with ECONNREFUSED',
  'client-loopback-only':
    'the client refuses a target that is not loopback before making a socket: failed at client-resolve with ENOTLOOPBACK, nothing local, no attempts',
  'client-exit': `the client exits 0 by itself within ${clientExitGraceMs} ms of writing its result`,
  'client-stdin-closed': `the client exits within ${clientExitGraceMs} ms of its stdin closing, even while it waits: the harness is gone`,
} as const;

/** A rule's name, e.g. `server-ready`. */
export type ConformanceRule = keyof typeof conformanceRules;

/** One rule a scenario found broken, and how: a sentence about what the agent did. */
export interface Finding {
  rule: ConformanceRule;
  reason: string;
}
