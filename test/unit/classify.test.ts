import { describe, expect, it } from 'vitest';
import type { AgentExit } from '../../harness/agent-process.js';
import { type CellEvidence, classify } from '../../harness/kinds/pair-classify.js';
import type { ClientObservation } from '../../harness/outcome.js';
import type { ClientMessage, ServerMessage } from '../../harness/protocol.js';

const cleanExit: AgentExit = { exitCode: 0, signal: null, killedAsHung: false, spawnError: null, protocolErrors: [], stderr: '' };
const hung: AgentExit = { ...cleanExit, exitCode: null, signal: 'SIGKILL', killedAsHung: true };
const crashed: AgentExit = { ...cleanExit, exitCode: 1, stderr: 'TypeError: boom' };
const chatty: AgentExit = { ...cleanExit, protocolErrors: ['hello'] };

const ready: ServerMessage = { event: 'ready', bound: { address: '::', port: 4000, family: 6 } };
const received: ServerMessage = {
  event: 'received',
  peer: { address: '::ffff:127.0.0.1', port: 5000, family: 6 },
  bytes: 27,
  payloadMatched: true,
};
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
  serverMessages,
  serverExit,
  client,
});

describe('classify', () => {
  it.each([
    [
      'the echo came back',
      evidence([ready, received, { event: 'replied' }], cleanExit, { message: connected, exit: cleanExit }),
      { status: 'connected' },
    ],
    [
      'the client was refused',
      evidence([ready], cleanExit, { message: refused, exit: cleanExit }),
      { status: 'failed', phase: 'client-connect', code: 'ECONNREFUSED' },
    ],
    [
      'the server could not bind',
      evidence([{ event: 'bind-error', code: 'EADDRNOTAVAIL', message: 'bind EADDRNOTAVAIL' }], cleanExit, null),
      { status: 'failed', phase: 'server-bind', code: 'EADDRNOTAVAIL' },
    ],
    [
      'the reserved port was taken',
      evidence([{ event: 'bind-error', code: 'EADDRINUSE', message: 'bind EADDRINUSE' }], cleanExit, null),
      { status: 'harness-error', reason: 'port-conflict', side: 'server' },
    ],
    ['the server hung before ready', evidence([], hung, null), { status: 'harness-error', reason: 'agent-hung', side: 'server' }],
    [
      'the server crashed',
      evidence([], crashed, null),
      { status: 'harness-error', reason: 'agent-crashed', side: 'server', stderr: 'TypeError: boom' },
    ],
    [
      'the server crashed after ready',
      evidence([ready], crashed, { message: refused, exit: cleanExit }),
      { status: 'harness-error', reason: 'agent-crashed' },
    ],
    [
      'the server wrote garbage',
      evidence([ready], chatty, { message: connected, exit: cleanExit }),
      { status: 'harness-error', reason: 'protocol-violation' },
    ],
    [
      'the client hung',
      evidence([ready], cleanExit, { message: null, exit: hung }),
      { status: 'harness-error', reason: 'agent-hung', side: 'client' },
    ],
    [
      'the client crashed',
      evidence([ready], cleanExit, { message: null, exit: crashed }),
      { status: 'harness-error', reason: 'agent-crashed', side: 'client' },
    ],
    [
      'the client said nothing',
      evidence([ready], cleanExit, { message: null, exit: cleanExit }),
      { status: 'harness-error', reason: 'protocol-violation', side: 'client' },
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
    const outcome = classify(
      evidence([ready, received], cleanExit, { message: { ...refused, phase: 'exchange', code: 'ETIMEDOUT' }, exit: cleanExit }),
    );
    expect(outcome).toMatchObject({ status: 'failed', phase: 'exchange', code: 'ETIMEDOUT' });
    expect(outcome.observations.server).toMatchObject({ received: true, replied: false, peer: { address: '::ffff:127.0.0.1' } });
  });
});
