import { assertNever } from '../matrix/assert-never.js';
import { type PairPhase, pairPhases } from '../matrix/outcome-summary.js';
import { FieldError, type ObjectReader, readObject } from './json-fields.js';
import type { ClientObservation, SocketAddress } from './outcome.js';
import { bindSyscalls, type ClientMessage, type ClientPhase, type ServerMessage } from './protocol.js';

// The boundary where an agent's stdout becomes typed messages: each line is parsed against the
// protocol (PROTOCOL.md), field by field, into a new object holding only the fields it names.

/** One line from an agent: the message it holds, or why it is not one. */
export type ParsedLine<Message> = { ok: true; message: Message } | { ok: false; reason: string };

/** How a line from one side is read. */
export type LineParser<Message> = (line: string) => ParsedLine<Message>;

const serverEvents = ['ready', 'bind-error', 'received', 'replied', 'server-error'] as const satisfies readonly ServerMessage['event'][];
const clientEvents = ['connected', 'failed'] as const satisfies readonly ClientMessage['event'][];
const clientPhases = pairPhases.filter((phase: PairPhase): phase is ClientPhase => phase !== 'server-bind');
const families = [4, 6] as const;
const maxPort = 65_535;

const readSocketAddress = (reader: ObjectReader): SocketAddress => ({
  address: reader.string('address'),
  port: reader.integer('port', 0, maxPort),
  family: reader.oneOf('family', families),
});

const readObservation = (reader: ObjectReader): ClientObservation => {
  const local = reader.objectOrNull('local');
  const remote = reader.objectOrNull('remote');
  const httpStatus = reader.optionalInteger('httpStatus', 100, 999);
  return {
    resolved:
      reader
        .objectsOrNull('resolved')
        ?.map((resolved) => ({ address: resolved.string('address'), family: resolved.oneOf('family', families) })) ?? null,
    local: local === null ? null : readSocketAddress(local),
    remote: remote === null ? null : readSocketAddress(remote),
    attempts: reader.objects('attempts').map((attempt) => ({
      address: attempt.string('address'),
      port: attempt.integer('port', 0, maxPort),
      code: attempt.nonEmptyString('code'),
    })),
    ...(httpStatus === null ? {} : { httpStatus }),
  };
};

/** Parse one line with a reader of its top-level object; never throws on what the line holds. */
const parseLine =
  <Message>(read: (reader: ObjectReader) => Message): LineParser<Message> =>
  (line) => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      return { ok: false, reason: `not JSON (${error instanceof Error ? error.message : String(error)})` };
    }
    try {
      return { ok: true, message: read(readObject(json, '')) };
    } catch (error) {
      if (error instanceof FieldError) return { ok: false, reason: error.message };
      throw error;
    }
  };

/** Parse a line from a server agent into a ServerMessage, or say which field is wrong. */
export const parseServerMessage: LineParser<ServerMessage> = parseLine((reader): ServerMessage => {
  const event = reader.oneOf('event', serverEvents);
  switch (event) {
    case 'ready':
      return {
        event,
        bound: readSocketAddress(reader.object('bound')),
        ipv6OnlyEffective: reader.optionalBooleanOrNull('ipv6OnlyEffective'),
      };
    case 'bind-error':
      return {
        event,
        code: reader.nonEmptyString('code'),
        message: reader.string('message'),
        syscall: reader.optionalOneOf('syscall', bindSyscalls),
      };
    case 'server-error':
      return { event, code: reader.nonEmptyString('code'), message: reader.string('message') };
    case 'received':
      return {
        event,
        peer: readSocketAddress(reader.object('peer')),
        bytes: reader.integer('bytes', 0, Number.MAX_SAFE_INTEGER),
        payloadMatched: reader.boolean('payloadMatched'),
      };
    case 'replied':
      return { event };
    default:
      return assertNever(event);
  }
});

/** Parse a line from a client agent into a ClientMessage, or say which field is wrong. */
export const parseClientMessage: LineParser<ClientMessage> = parseLine((reader): ClientMessage => {
  const event = reader.oneOf('event', clientEvents);
  switch (event) {
    case 'connected':
      return { event, observation: readObservation(reader.object('observation')) };
    case 'failed':
      return {
        event,
        phase: reader.oneOf('phase', clientPhases),
        code: reader.nonEmptyString('code'),
        message: reader.string('message'),
        observation: readObservation(reader.object('observation')),
      };
    default:
      return assertNever(event);
  }
});
