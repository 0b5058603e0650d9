import { describe, expect, it } from 'vitest';
import { parseClientMessage, parseServerMessage } from '../../harness/parse-message.js';

// Every line an agent writes is parsed here: each row is a line and what the harness makes of it.

const address = { address: '127.0.0.1', port: 4000, family: 4 };
const observation = { resolved: null, local: { address: '127.0.0.1', port: 5000, family: 4 }, remote: address, attempts: [] };
const line = (message: unknown): string => JSON.stringify(message);

describe('parseServerMessage: lines that are messages', () => {
  it.each([
    ['ready', { event: 'ready', bound: address, ipv6OnlyEffective: null }],
    ['ready, IPV6_V6ONLY read back', { event: 'ready', bound: address, ipv6OnlyEffective: true }],
    ['ready on IPv6, port 0', { event: 'ready', bound: { address: '::', port: 0, family: 6 }, ipv6OnlyEffective: false }],
    ['bind-error', { event: 'bind-error', code: 'EADDRNOTAVAIL', message: 'bind EADDRNOTAVAIL 127.0.0.2', syscall: null }],
    [
      'bind-error at listen',
      { event: 'bind-error', code: 'EADDRINUSE', message: 'listen EADDRINUSE: address already in use 0.0.0.0:3000', syscall: 'listen' },
    ],
    ['bind-error at bind', { event: 'bind-error', code: 'EADDRINUSE', message: '[Errno 98] Address already in use', syscall: 'bind' }],
    ['received', { event: 'received', peer: { address: '::ffff:127.0.0.1', port: 65535, family: 6 }, bytes: 27, payloadMatched: false }],
    ['replied', { event: 'replied' }],
    ['server-error with an empty message', { event: 'server-error', code: 'ECONNRESET', message: '' }],
  ])('%s', (_name, message) => {
    expect(parseServerMessage(line(message))).toEqual({ ok: true, message });
  });

  it('reads a bind-error without syscall, as agents before it wrote one, as not saying which call failed', () => {
    expect(parseServerMessage(line({ event: 'bind-error', code: 'EADDRINUSE', message: 'in use' }))).toEqual({
      ok: true,
      message: { event: 'bind-error', code: 'EADDRINUSE', message: 'in use', syscall: null },
    });
  });

  it('keeps only the fields the protocol names', () => {
    expect(parseServerMessage(line({ event: 'ready', bound: { ...address, scope: 'host' }, pid: 42 }))).toEqual({
      ok: true,
      message: { event: 'ready', bound: address, ipv6OnlyEffective: null },
    });
  });
});

describe('parseServerMessage: lines that are not', () => {
  it.each([
    ['not JSON', 'hello, I am not JSON', /^not JSON \(/],
    ['cut short', '{"event":"ready","bound":{', /^not JSON \(/],
    ['an array', '[1,2]', 'the line is an array, expected an object'],
    ['a string', '"ready"', 'the line is string "ready", expected an object'],
    [
      'no event',
      line({ bound: address }),
      'event is missing, expected one of "ready", "bind-error", "received", "replied", "server-error"',
    ],
    [
      'an unknown event',
      line({ event: 'hello' }),
      'event is string "hello", expected one of "ready", "bind-error", "received", "replied", "server-error"',
    ],
    ['a client event', line({ event: 'connected', observation }), /^event is string "connected", expected one of "ready"/],
    ['ready without bound', line({ event: 'ready' }), 'bound is missing, expected an object'],
    [
      'ready without a family',
      line({ event: 'ready', bound: { address: '127.0.0.1', port: 4000 } }),
      'bound.family is missing, expected one of 4, 6',
    ],
    [
      'family as a string',
      line({ event: 'ready', bound: { ...address, family: 'IPv4' } }),
      'bound.family is string "IPv4", expected one of 4, 6',
    ],
    [
      'a port too large',
      line({ event: 'ready', bound: { ...address, port: 70000 } }),
      'bound.port is number 70000, expected an integer from 0 to 65535',
    ],
    [
      'a negative port',
      line({ event: 'ready', bound: { ...address, port: -1 } }),
      'bound.port is number -1, expected an integer from 0 to 65535',
    ],
    [
      'a fractional port',
      line({ event: 'ready', bound: { ...address, port: 80.5 } }),
      'bound.port is number 80.5, expected an integer from 0 to 65535',
    ],
    [
      'a port as a string',
      line({ event: 'ready', bound: { ...address, port: '4000' } }),
      'bound.port is string "4000", expected an integer from 0 to 65535',
    ],
    [
      'an address as a number',
      line({ event: 'ready', bound: { ...address, address: 2130706433 } }),
      'bound.address is number 2130706433, expected a string',
    ],
    ['bind-error without a code', line({ event: 'bind-error', message: 'failed' }), 'code is missing, expected a non-empty string'],
    [
      'bind-error with an empty code',
      line({ event: 'bind-error', code: '', message: 'failed' }),
      'code is string "", expected a non-empty string',
    ],
    [
      'bind-error at a call that is neither bind nor listen',
      line({ event: 'bind-error', code: 'EADDRINUSE', message: 'in use', syscall: 'connect' }),
      'syscall is string "connect", expected one of "bind", "listen", or null',
    ],
    ['server-error without a message', line({ event: 'server-error', code: 'EPIPE' }), 'message is missing, expected a string'],
    [
      'received with payloadMatched as a string',
      line({ event: 'received', peer: address, bytes: 27, payloadMatched: 'yes' }),
      'payloadMatched is string "yes", expected true or false',
    ],
    [
      'received with negative bytes',
      line({ event: 'received', peer: address, bytes: -3, payloadMatched: true }),
      /^bytes is number -3, expected an integer from 0 to /,
    ],
    [
      'received with a null peer',
      line({ event: 'received', peer: null, bytes: 27, payloadMatched: true }),
      'peer is null, expected an object',
    ],
  ])('%s', (_name, text, reason) => {
    const parsed = parseServerMessage(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});

describe('parseClientMessage: lines that are messages', () => {
  it.each([
    ['connected', { event: 'connected', observation }],
    [
      'connected, with a resolved name and a failed attempt',
      {
        event: 'connected',
        observation: {
          ...observation,
          resolved: [
            { address: '::1', family: 6 },
            { address: '127.0.0.1', family: 4 },
          ],
          attempts: [{ address: '::1', port: 4000, code: 'ECONNREFUSED' }],
        },
      },
    ],
    ...(['client-resolve', 'client-connect', 'client-send', 'exchange'] as const).map((phase): [string, unknown] => [
      `failed at ${phase}`,
      { event: 'failed', phase, code: 'ETIMEDOUT', message: 'timed out', observation: { ...observation, local: null, remote: null } },
    ]),
  ])('%s', (_name, message) => {
    expect(parseClientMessage(line(message))).toEqual({ ok: true, message });
  });
});

describe('parseClientMessage: lines that are not', () => {
  const failed = { event: 'failed', phase: 'client-connect', code: 'ECONNREFUSED', message: 'refused', observation };
  it.each([
    ['not JSON', 'connected', /^not JSON \(/],
    ['an unknown event', line({ event: 'success', observation }), 'event is string "success", expected one of "connected", "failed"'],
    ['a server event', line({ event: 'ready', bound: address }), 'event is string "ready", expected one of "connected", "failed"'],
    ['connected without an observation', line({ event: 'connected' }), 'observation is missing, expected an object'],
    [
      'the server-bind phase',
      line({ ...failed, phase: 'server-bind' }),
      'phase is string "server-bind", expected one of "client-resolve", "client-connect", "client-send", "exchange"',
    ],
    ['an unknown phase', line({ ...failed, phase: 'connect' }), /^phase is string "connect", expected one of/],
    ['an empty code', line({ ...failed, code: '' }), 'code is string "", expected a non-empty string'],
    ['a numeric code', line({ ...failed, code: 111 }), 'code is number 111, expected a non-empty string'],
    [
      'resolved as a list of strings',
      line({ event: 'connected', observation: { ...observation, resolved: ['127.0.0.1'] } }),
      'observation.resolved[0] is string "127.0.0.1", expected an object',
    ],
    [
      'resolved missing',
      line({ event: 'connected', observation: { local: null, remote: null, attempts: [] } }),
      'observation.resolved is missing, expected an array of objects or null',
    ],
    [
      'a resolved address without a family',
      line({ event: 'connected', observation: { ...observation, resolved: [{ address: '::1' }] } }),
      'observation.resolved[0].family is missing, expected one of 4, 6',
    ],
    [
      'local as a string',
      line({ event: 'connected', observation: { ...observation, local: '127.0.0.1:5000' } }),
      'observation.local is string "127.0.0.1:5000", expected an object or null',
    ],
    [
      'remote with a port out of range',
      line({ event: 'connected', observation: { ...observation, remote: { ...address, port: 65536 } } }),
      'observation.remote.port is number 65536, expected an integer from 0 to 65535',
    ],
    [
      'attempts as null',
      line({ event: 'connected', observation: { ...observation, attempts: null } }),
      'observation.attempts is null, expected an array of objects',
    ],
    [
      'an attempt without a code',
      line({ event: 'connected', observation: { ...observation, attempts: [{ address: '::1', port: 4000 }] } }),
      'observation.attempts[0].code is missing, expected a non-empty string',
    ],
  ])('%s', (_name, text, reason) => {
    const parsed = parseClientMessage(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});
