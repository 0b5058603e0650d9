import { describe, expect, it } from 'vitest';
import type { AgentExit } from '../../harness/agent-process.js';
import { type CoexistEvidence, classifyCoexist, type DialEvidence } from '../../harness/kinds/coexist-classify.js';
import type { ClientObservation } from '../../harness/outcome.js';
import type { ClientMessage, ServerMessage } from '../../harness/protocol.js';

// Two servers on one port, from what their agents said to the outcome: each row is a cell's evidence and what it comes to.

const cleanExit: AgentExit = { exitCode: 0, signal: null, killedAsHung: false, spawnError: null, protocolErrors: [], stderr: '' };
const crashed: AgentExit = { ...cleanExit, exitCode: 1, stderr: 'TypeError: boom' };

const port = 4000;
const ready = (address: string, family: 4 | 6): ServerMessage => ({
  event: 'ready',
  bound: { address, port, family },
  ipv6OnlyEffective: null,
});
const bindError = (code: string, syscall: 'bind' | 'listen' | null): ServerMessage => ({
  event: 'bind-error',
  code,
  message: `${syscall ?? 'bind'} ${code}`,
  syscall,
});
const receivedFrom = (clientPort: number): ServerMessage => ({
  event: 'received',
  peer: { address: '127.0.0.1', port: clientPort, family: 4 },
  bytes: 27,
  payloadMatched: true,
});
const replied: ServerMessage = { event: 'replied' };
const local = (clientPort: number): ClientObservation => ({
  resolved: null,
  local: { address: '127.0.0.1', port: clientPort, family: 4 },
  remote: { address: '127.0.0.1', port, family: 4 },
  attempts: [],
});
const connectedFrom = (clientPort: number): ClientMessage => ({ event: 'connected', observation: local(clientPort) });
const refused: ClientMessage = {
  event: 'failed',
  phase: 'client-connect',
  code: 'ECONNREFUSED',
  message: 'connect ECONNREFUSED ::1:4000',
  observation: { resolved: null, local: null, remote: null, attempts: [] },
};

const dial = (target: string, result: ClientMessage, firstFrom: number, secondFrom: number): DialEvidence => ({
  target,
  client: { messages: [result], exit: cleanExit },
  firstFrom,
  secondFrom,
});

const evidence = (
  first: ServerMessage[],
  second: ServerMessage[] | null,
  dials: DialEvidence[] = [],
  exits: { first?: AgentExit; second?: AgentExit } = {},
): CoexistEvidence => ({
  port,
  first: { messages: first, exit: exits.first ?? cleanExit },
  second: second === null ? null : { messages: second, exit: exits.second ?? cleanExit },
  dials,
});

describe('classifyCoexist', () => {
  it.each([
    [
      'the second is refused at listen (libuv)',
      evidence([ready('::', 6)], [bindError('EADDRINUSE', 'listen')]),
      { status: 'failed', phase: 'second-listen', code: 'EADDRINUSE' },
    ],
    [
      'the second is refused at bind (Python)',
      evidence([ready('127.0.0.1', 4)], [bindError('EADDRINUSE', 'bind')]),
      { status: 'failed', phase: 'second-bind', code: 'EADDRINUSE' },
    ],
    [
      'the second does not say where: bind, as the protocol names the message',
      evidence([ready('127.0.0.1', 4)], [bindError('EADDRINUSE', null)]),
      { status: 'failed', phase: 'second-bind', code: 'EADDRINUSE' },
    ],
    [
      'the first cannot bind at all',
      evidence([bindError('EADDRNOTAVAIL', 'bind')], null),
      { status: 'failed', phase: 'first-bind', code: 'EADDRNOTAVAIL' },
    ],
    [
      'the first finds the reserved port taken: not a finding',
      evidence([bindError('EADDRINUSE', 'listen')], null),
      { status: 'harness-error', reason: 'port-conflict', side: 'server' },
    ],
    [
      'the second crashed',
      evidence([ready('::', 6)], [], [], { second: crashed }),
      { status: 'harness-error', reason: 'agent-crashed', side: 'server', message: 'the second server agent exited with code 1' },
    ],
    [
      'a client says connected, but neither server received its token',
      evidence([ready('::', 6)], [ready('0.0.0.0', 4)], [dial('127.0.0.1', connectedFrom(50000), 1, 1)]),
      {
        status: 'harness-error',
        reason: 'protocol-violation',
        side: 'client',
        message: 'the client agent dialing 127.0.0.1 said connected, but neither server received its token',
      },
    ],
  ])('%s', (_name, cell, outcome) => {
    expect(classifyCoexist(cell)).toMatchObject(outcome);
  });

  it('records who answered each target by the client port each server saw, counting only what came after the client started', () => {
    const first = [ready('::', 6), receivedFrom(50002), replied];
    const second = [ready('0.0.0.0', 4), receivedFrom(50001), replied, receivedFrom(50003), replied];
    const outcome = classifyCoexist(
      evidence(first, second, [
        dial('127.0.0.1', connectedFrom(50001), 1, 1),
        dial('::1', connectedFrom(50002), 1, 3),
        dial('localhost', connectedFrom(50003), 3, 3),
        dial('::1', refused, 3, 5),
      ]),
    );
    expect(outcome.status).toBe('coexisted');
    expect(outcome.observations.answers.map(({ target, answeredBy, code }) => [target, answeredBy, code])).toEqual([
      ['127.0.0.1', 'second', null],
      ['::1', 'first', null],
      ['localhost', 'second', null],
      ['::1', 'nobody', 'ECONNREFUSED'],
    ]);
    expect(outcome.observations.first?.received.map((peer) => peer.port)).toEqual([50002]);
  });

  it('takes a token received before the client started for no answer of its own (a port the kernel gave out again)', () => {
    const first = [ready('127.0.0.1', 4), receivedFrom(50001), replied];
    const second = [ready('::1', 6)];
    const outcome = classifyCoexist(evidence(first, second, [dial('::1', connectedFrom(50001), 3, 1)]));
    expect(outcome).toMatchObject({ status: 'harness-error', reason: 'protocol-violation' });
  });

  it('does not give a refused dial the token of the next client that the kernel gave the same port (seen in a real run)', () => {
    const refusedFrom: ClientMessage = {
      ...refused,
      observation: { resolved: null, local: { address: '::1', port: 38579, family: 6 }, remote: null, attempts: [] },
    };
    const second = [ready('127.0.0.1', 4), receivedFrom(60290), replied, receivedFrom(38579), replied];
    const outcome = classifyCoexist(
      evidence([ready('0.0.0.0', 4)], second, [
        dial('127.0.0.1', connectedFrom(60290), 1, 1),
        dial('::1', refusedFrom, 1, 3),
        dial('localhost', connectedFrom(38579), 1, 3),
      ]),
    );
    expect(outcome.observations.answers.map(({ target, answeredBy }) => [target, answeredBy])).toEqual([
      ['127.0.0.1', 'second'],
      ['::1', 'nobody'],
      ['localhost', 'second'],
    ]);
  });

  it('knows an IPv4 client in the ::ffff: form a dual-stack server reports its peers in', () => {
    const mapped: ServerMessage = {
      event: 'received',
      peer: { address: '::ffff:127.0.0.1', port: 50001, family: 6 },
      bytes: 27,
      payloadMatched: true,
    };
    const outcome = classifyCoexist(
      evidence([ready('::', 6), mapped, replied], [ready('::1', 6)], [dial('127.0.0.1', connectedFrom(50001), 1, 1)]),
    );
    expect(outcome.observations.answers[0]).toMatchObject({ target: '127.0.0.1', answeredBy: 'first' });
  });

  it('keeps an answer whose echo got lost: the server that received it, and the client’s error', () => {
    const timedOut: ClientMessage = {
      event: 'failed',
      phase: 'exchange',
      code: 'ETIMEDOUT',
      message: 'timed out',
      observation: local(50009),
    };
    const outcome = classifyCoexist(
      evidence([ready('0.0.0.0', 4), receivedFrom(50009)], [ready('::', 6)], [dial('127.0.0.1', timedOut, 1, 1)]),
    );
    expect(outcome.observations.answers[0]).toMatchObject({ answeredBy: 'first', code: 'ETIMEDOUT' });
  });
});
