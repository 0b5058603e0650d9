import { describe, expect, it } from 'vitest';
import { parseForkReport, parseHello, requestLine, signalName } from '../../harness/fork-server-lines.js';

// The lines between the harness and a fork server: what it reports, how its connections say whose they are.

describe("a fork server's reports", () => {
  it.each([
    ['{"ready":true}', { kind: 'ready' }],
    ['{"id":3,"pid":4242}', { kind: 'forked', id: 3, pid: 4242 }],
    ['{"id":3,"exit":0}', { kind: 'exited', id: 3, exitCode: 0 }],
    ['{"id":3,"exit":120}', { kind: 'exited', id: 3, exitCode: 120 }],
    ['{"id":3,"signal":9}', { kind: 'killed', id: 3, signal: 'SIGKILL' }],
    [
      '{"id":3,"error":"os.fork failed: [Errno 11] Resource temporarily unavailable"}',
      { kind: 'not-forked', id: 3, error: expect.stringMatching(/^os.fork/) },
    ],
  ])('reads %s', (line, report) => {
    expect(parseForkReport(line)).toEqual(report);
  });

  it.each([
    'not json',
    '[1,2]',
    '{"ready":false}',
    '{"pid":12}',
    '{"id":-1,"pid":12}',
    '{"id":1.5,"exit":0}',
    '{"id":"3","exit":0}',
    '{"id":3,"exit":-1}',
    '{"id":3}',
  ])('reads %s as no report', (line) => {
    expect(parseForkReport(line)).toBeNull();
  });

  it("names signals as Node names a spawned child's, and an unknown one by its number", () => {
    expect([signalName(9), signalName(2), signalName(15)]).toEqual(['SIGKILL', 'SIGINT', 'SIGTERM']);
    expect(signalName(1000)).toBe('signal 1000');
  });
});

describe("a fork server's connections", () => {
  it.each([
    ['{"agent":7,"stream":"stdin"}', { agent: 7, stream: 'stdin' }],
    ['{"agent":7,"stream":"stdout"}', { agent: 7, stream: 'stdout' }],
    ['{"agent":0,"stream":"stderr"}', { agent: 0, stream: 'stderr' }],
  ])('open with a hello line naming the agent and the stream: %s', (line, hello) => {
    expect(parseHello(line)).toEqual(hello);
  });

  it.each(['{"agent":7,"stream":"io"}', '{"agent":"7","stream":"stdin"}', '{"stream":"stdin"}', 'hello', ''])(
    'are refused without one: %j',
    (line) => {
      expect(parseHello(line)).toBeNull();
    },
  );
});

describe('a request', () => {
  it('is one line, whatever the instructions hold', () => {
    const instructions = JSON.stringify({ token: 'a\nb', address: 'é' });
    const line = requestLine(4, 'client_main', '/x/client_agent.py', instructions);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({ id: 4, module: 'client_main', argv0: '/x/client_agent.py', instructions });
  });
});
