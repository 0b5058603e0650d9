import { assertNever } from '../matrix/assert-never.js';
import type { ClientMessage, ServerMessage } from './protocol.js';

// The protocol's rules on a whole sequence of well-formed messages: their order, how many, and what
// they must agree on with the instructions (PROTOCOL.md, "Order"). Each answer is phrased to follow
// "the server agent" or "the client agent", so the harness and the conformance checker say the same.

/** The first order rule a server's messages break, or null; an empty list breaks none (silence is judged by its exit). */
export const serverSequenceViolation = (messages: readonly ServerMessage[]): string | null => {
  const [first, ...rest] = messages;
  if (first === undefined) return null;
  if (first.event !== 'ready' && first.event !== 'bind-error') return `wrote ${first.event} as its first line, before ready or bind-error`;
  if (first.event === 'bind-error') {
    const [after] = rest;
    return after === undefined ? null : `wrote ${after.event} after bind-error, which must be its last line`;
  }
  let received = 0;
  let replied = 0;
  for (const message of rest) {
    switch (message.event) {
      case 'ready':
        return 'said ready twice; it says ready once, as its first line';
      case 'bind-error':
        return 'wrote bind-error after ready; bind-error comes instead of ready, never after it';
      case 'received':
        received += 1;
        break;
      case 'replied':
        replied += 1;
        if (replied > received) return 'wrote replied without a received before it';
        break;
      case 'server-error':
        break;
      default:
        return assertNever(message);
    }
  }
  return null;
};

/** How a server's ready disagrees with the port it was told to bind, or null: the client will dial the port it was told. */
export const readyPortMismatch = (ready: Extract<ServerMessage, { event: 'ready' }>, instructedPort: number): string | null =>
  ready.bound.port === instructedPort ? null : `said ready on port ${ready.bound.port}, but was told to bind port ${instructedPort}`;

/** The order rule a client's messages break, or null: a client writes exactly one line, its result. */
export const clientSequenceViolation = (messages: readonly ClientMessage[]): string | null => {
  if (messages.length === 0) return 'exited without a result';
  if (messages.length > 1)
    return `wrote ${messages.length} result lines (${messages.map((message) => message.event).join(', ')}); it must write exactly one`;
  return null;
};
