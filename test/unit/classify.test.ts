import { describe, expect, it } from 'vitest';
import type { AgentExit } from '../../harness/agent-process.js';
import { type CellEvidence, classify } from '../../harness/kinds/pair-classify.js';
import type { ClientObservation } from '../../harness/outcome.js';
import type { ClientMessage, ServerMessage } from '../../harness/protocol.js';

const cleanExit: AgentExit = { exitCode: 0, signal: null, killedAsHung: false, spawnError: null, protocolErrors: [], stderr: '' };
const hung: AgentExit = { ...cleanExit, exitCode: null, signal: 'SIGKILL', killedAsHung: true };
const crashed: AgentExit = { ...cleanExit, exitCode: 1, stderr: 'TypeError: boom' };
const chatty: AgentExit = { ...cleanExit, protocolErrors: [{ line: 'hello', reason: 'not JSON (Unexpected token)' }] };
const wrongEvent: AgentExit = {
  ...cleanExit,
  protocolErrors: [{ line: '{"event":"hello"}', reason: 'event is string "hello", expected one of "ready", ...' }],
};

const port = 4000;
const ready: ServerMessage = { event: 'ready', bound: { address: '::', port, family: 6 }, ipv6OnlyEffective: null };
const readyElsewhere: ServerMessage = { event: 'ready', bound: { address: '::', port: 4001, family: 6 }, ipv6OnlyEffective: null };
const received: Extract<ServerMessage, { event: 'received' }> = {
  event: 'received',
  peer: { address: '::ffff:127.0.0.1', port: 5000, family: 6 },
  bytes: 27,
  payloadMatched: true,
};
const receivedOther: ServerMessage = { ...received, payloadMatched: false };
const replied: ServerMessage = { event: 'replied' };
const bindError = (code: string): ServerMessage => ({ event: 'bind-error', code, message: `bind ${code}`, syscall: 'bind' });
const seen: ClientObservation = { resolved: null, local: null, remote: null, attempts: [] };
const connected: ClientMessage = { event: 'connected', observation: seen };
const refused: ClientMessage = {
  event: 'failed',
  phase: 'client-connect',
  code: 'ECONNREFUSED',
  message: 'connect ECONNREFUSED',
  observation: seen,
};

const evidence = (serverMessages: ServerMessage[], serverExit: AgentExit, client: CellEvidence['client']): CellEvidence => ({
  port,
  server: { messages: serverMessages, exit: serverExit },
  client,
});
const said = (messages: ClientMessage[], exit: AgentExit = cleanExit): CellEvidence['client'] => ({ messages, exit });

describe('classify', () => {
  it.each([
    ['the echo came back', evidence([ready, received, replied], cleanExit, said([connected])), { status: 'connected' }],
    [
      'the client was refused',
      evidence([ready], cleanExit, said([refused])),
      { status: 'failed', phase: 'client-connect', code: 'ECONNREFUSED' },
    ],
    [
      'the server could not bind',
      evidence([bindError('EADDRNOTAVAIL')], cleanExit, null),
      { status: 'failed', phase: 'server-bind', code: 'EADDRNOTAVAIL' },
    ],
    [
      'the reserved port was taken',
      evidence([bindError('EADDRINUSE')], cleanExit, null),
      { status: 'harness-error', reason: 'port-conflict', side: 'server' },
    ],
    ['the server hung before ready', evidence([], hung, null), { status: 'harness-error', reason: 'agent-hung', side: 'server' }],
    [
      'the server crashed',
      evidence([], crashed, null),
      { status: 'harness-error', reason: 'agent-crashed', side: 'server', stderr: 'TypeError: boom' },
    ],
    ['the server crashed after ready', evidence([ready], crashed, said([refused])), { status: 'harness-error', reason: 'agent-crashed' }],
    [
      'the server wrote garbage',
      evidence([ready], chatty, said([connected])),
      {
        status: 'harness-error',
        reason: 'protocol-violation',
        message: 'the server agent wrote a line that is not a protocol message (not JSON (Unexpected token)): hello',
      },
    ],
    [
      'the server wrote an unknown event',
      evidence([], wrongEvent, null),
      { status: 'harness-error', reason: 'protocol-violation', side: 'server', message: expect.stringContaining('{"event":"hello"}') },
    ],
    ['the client hung', evidence([ready], cleanExit, said([], hung)), { status: 'harness-error', reason: 'agent-hung', side: 'client' }],
    [
      'the client crashed',
      evidence([ready], cleanExit, said([], crashed)),
      { status: 'harness-error', reason: 'agent-crashed', side: 'client' },
    ],
    [
      'the client wrote garbage',
      evidence([ready], cleanExit, said([], chatty)),
      { status: 'harness-error', reason: 'protocol-violation', side: 'client' },
    ],
    [
      'the client said nothing',
      evidence([ready], cleanExit, said([])),
      { status: 'harness-error', reason: 'protocol-violation', side: 'client', message: 'the client agent exited without a result' },
    ],
    [
      'the server exited silently',
      evidence([], cleanExit, null),
      { status: 'harness-error', reason: 'protocol-violation', side: 'server' },
    ],
  ])('%s', (_name, cellEvidence, expected) => {
    expect(classify(cellEvidence)).toMatchObject(expected);
  });

  it('keeps what the server saw when the client fails later', () => {
    const outcome = classify(evidence([ready, received], cleanExit, said([{ ...refused, phase: 'exchange', code: 'ETIMEDOUT' }])));
    expect(outcome).toMatchObject({ status: 'failed', phase: 'exchange', code: 'ETIMEDOUT' });
    expect(outcome.observations.server).toMatchObject({ received: true, replied: false, peer: { address: '::ffff:127.0.0.1' } });
  });
});

describe('classify: connected needs both sides', () => {
  it.each([
    ['the server received the token and replied', [ready, received, replied], { status: 'connected' }],
    ['the server received the token, replied line still to come', [ready, received], { status: 'connected' }],
    [
      'the server received nothing',
      [ready],
      {
        status: 'harness-error',
        reason: 'protocol-violation',
        side: 'client',
        message: 'the client agent said connected, but the server received nothing',
      },
    ],
    [
      "the server received something, not this cell's token",
      [ready, receivedOther, replied],
      {
        status: 'harness-error',
        reason: 'protocol-violation',
        side: 'client',
        message: "the client agent said connected, but the server never received this cell's token",
      },
    ],
    ['a stray datagram, then the token', [ready, receivedOther, replied, received, replied], { status: 'connected' }],
  ])('client connected, %s', (_name, serverMessages, expected) => {
    expect(classify(evidence(serverMessages, cleanExit, said([connected])))).toMatchObject(expected);
  });
});

describe('classify: the order of the lines', () => {
  it.each([
    ['received before ready', [received, ready], 'the server agent wrote received as its first line, before ready or bind-error'],
    ['replied first', [replied], 'the server agent wrote replied as its first line, before ready or bind-error'],
    ['ready twice', [ready, ready], 'the server agent said ready twice; it says ready once, as its first line'],
    [
      'bind-error after ready',
      [ready, bindError('EINVAL')],
      'the server agent wrote bind-error after ready; bind-error comes instead of ready, never after it',
    ],
    ['a line after bind-error', [bindError('EINVAL'), ready], 'the server agent wrote ready after bind-error, which must be its last line'],
    ['replied before received', [ready, replied, received], 'the server agent wrote replied without a received before it'],
    ['ready on another port', [readyElsewhere], 'the server agent said ready on port 4001, but was told to bind port 4000'],
  ])('a server that writes %s breaks the protocol', (_name, serverMessages, message) => {
    const client = serverMessages[0]?.event === 'ready' ? said([refused]) : null;
    expect(classify(evidence(serverMessages, cleanExit, client))).toMatchObject({
      status: 'harness-error',
      reason: 'protocol-violation',
      side: 'server',
      message,
    });
  });

  it.each([
    ['two results', [connected, connected], 'the client agent wrote 2 result lines (connected, connected); it must write exactly one'],
    [
      'a result after a result',
      [refused, connected],
      'the client agent wrote 2 result lines (failed, connected); it must write exactly one',
    ],
  ])('a client that writes %s breaks the protocol', (_name, clientMessages, message) => {
    expect(classify(evidence([ready, received, replied], cleanExit, said(clientMessages)))).toMatchObject({
      status: 'harness-error',
      reason: 'protocol-violation',
      side: 'client',
      message,
    });
  });

  it('a crash outranks the order of what the server wrote', () => {
    expect(classify(evidence([received], crashed, null))).toMatchObject({ status: 'harness-error', reason: 'agent-crashed' });
  });
});
