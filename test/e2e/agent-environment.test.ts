import { afterEach, describe, expect, it } from 'vitest';
import { agentEnvironment, startAgent } from '../../harness/agent-process.js';
import { parseClientMessage } from '../../harness/parse-message.js';
import type { ClientInstructions } from '../../harness/protocol.js';
import { nodeAgent } from '../../harness/runtimes/node.js';

// What the agents start without: Node 20 parses NODE_EXTRA_CA_CERTS's bundle before an agent's first line runs,
// and no agent speaks TLS. A file that is not there makes Node warn on stderr at start-up, so the warning shows
// whether the variable reached the agent.

const missingBundle = '/nonexistent/sockmatrix-test-ca.pem';
const refusedDial: ClientInstructions = {
  transport: 'tcp',
  client: { runtime: 'node', address: '127.0.0.1', family: null, lookup: null },
  port: 1,
  token: 'sockmatrix:0000000000000000',
  connectTimeoutMs: 3_000,
  exchangeTimeoutMs: 2_000,
};
const saved = process.env.NODE_EXTRA_CA_CERTS;
afterEach(() => {
  if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
  else process.env.NODE_EXTRA_CA_CERTS = saved;
});

describe('the environment agents start with', () => {
  it('drops what the command unsets and blanks NODE_OPTIONS, keeping the rest', () => {
    const env = { PATH: '/usr/bin', NODE_OPTIONS: '--inspect', NODE_EXTRA_CA_CERTS: '/etc/ca.pem', LANG: 'C.UTF-8' };
    expect(agentEnvironment({ file: 'node', args: [], unsetEnvironment: ['NODE_EXTRA_CA_CERTS'] }, env)).toEqual({
      PATH: '/usr/bin',
      NODE_OPTIONS: '',
      LANG: 'C.UTF-8',
    });
    expect(agentEnvironment({ file: 'python3', args: [] }, env)).toEqual({ ...env, NODE_OPTIONS: '' });
  });

  it('a node agent starts without NODE_EXTRA_CA_CERTS: no CA bundle read, so no warning about it', async () => {
    process.env.NODE_EXTRA_CA_CERTS = missingBundle;
    const agent = startAgent(nodeAgent('client'), refusedDial, parseClientMessage, {
      cancelSignal: new AbortController().signal,
      hardLimitMs: 30_000,
    });
    const result = await agent.waitFor(() => true, 20_000);
    const exit = await agent.finish(5_000);
    expect(result).toMatchObject({ event: 'failed', code: 'ECONNREFUSED' });
    expect(exit.stderr).toBe('');
  });
});
