import type { ListenerObservation, TargetAnswer } from '../../harness/coexist-outcome.js';
import type { SocketAddress } from '../../harness/outcome.js';

// Two servers' evidence in plain words, for the terminal, explain and JUnit: what each listener saw, and who
// answered each target. Markdown and HTML word it the same, with their own quoting.

/** An address as `host:port`, brackets around IPv6. */
export const socketText = (address: SocketAddress | null): string =>
  address === null ? 'none' : address.family === 6 ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`;

/** What one listener saw: `bound [::]:41234; IPV6_V6ONLY on; received 2 tokens`, or that it never listened. */
export const listenerText = (listener: ListenerObservation | null): string => {
  if (listener === null) return 'never listened';
  const parts = [`bound ${socketText(listener.bound)}`];
  if (listener.ipv6OnlyEffective !== null) parts.push(`IPV6_V6ONLY ${listener.ipv6OnlyEffective ? 'on' : 'off'}`);
  parts.push(
    listener.received.length === 0 ? 'received nothing' : `received from ${listener.received.map((peer) => socketText(peer)).join(', ')}`,
  );
  if (listener.error !== null) parts.push(`then ${listener.error.code}: ${listener.error.message}`);
  return parts.join('; ');
};

/** Who answered one target: `127.0.0.1: the first server (from 127.0.0.1:51234)`, `::1: nobody (ECONNREFUSED)`. */
export const answerText = (answer: TargetAnswer): string => {
  const resolved = answer.client?.resolved;
  const name =
    resolved === null || resolved === undefined ? '' : ` (resolved ${resolved.map((entry) => entry.address).join(', ') || 'nothing'})`;
  const who =
    answer.answeredBy === 'nobody'
      ? `nobody${answer.code === null ? '' : ` (${answer.code})`}`
      : `the ${answer.answeredBy} server${answer.code === null ? '' : `, but the client got ${answer.code}`}`;
  const from = answer.client?.local === null || answer.client?.local === undefined ? '' : ` from ${socketText(answer.client.local)}`;
  return `${answer.target}${name}: ${who}${answer.answeredBy === 'nobody' ? '' : from}`;
};
