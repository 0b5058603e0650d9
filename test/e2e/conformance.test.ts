import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AgentCommand } from '../../harness/agent-launch.js';
import { checkAgents, checkClientAgent, checkServerAgent, type RuleFailure } from '../../harness/conformance/check-agents.js';
import type { ClientScenario } from '../../harness/conformance/client-scenarios.js';
import type { ConformanceRule } from '../../harness/conformance/rules.js';
import type { ServerScenario } from '../../harness/conformance/server-scenarios.js';
import { builtInAgents, pythonMissing } from './agents.js';

// The conformance checker against real agents on real loopback sockets: the node and Python agents keep
// every rule, and each fixture agent, broken in one way, is caught breaking that rule and no other.
// Each fixture row runs the one scenario it is about.

const fixture = (name: string): AgentCommand => ({
  file: process.execPath,
  args: [fileURLToPath(new URL(`../fixtures/agents/${name}.mjs`, import.meta.url))],
});
const options = { runtime: 'node' } as const;
const shown = (failures: RuleFailure[]): string[] =>
  failures.map(({ side, scenario, rule, reason }) => `${side} ${scenario} [${rule}] ${reason}`);

interface BrokenAgent<Scenario> {
  agent: string;
  scenario: Scenario;
  /** Every rule the checker must report, in order; the first one's reason must match `reason`. */
  rules: ConformanceRule[];
  reason: RegExp;
}

describe('the node agents', () => {
  it('keep every rule in every scenario', async () => {
    const failures = await checkAgents({ server: builtInAgents('server', 'node'), client: builtInAgents('client', 'node') }, options);
    expect(shown(failures)).toEqual([]);
  });
});

describe('the Python agents', () => {
  it.skipIf(pythonMissing !== null)(
    `keep every rule in every scenario${pythonMissing === null ? '' : ` (skipped: ${pythonMissing})`}`,
    async () => {
      const failures = await checkAgents(
        { server: builtInAgents('server', 'python'), client: builtInAgents('client', 'python') },
        { runtime: 'python' },
      );
      expect(shown(failures)).toEqual([]);
    },
  );
});

const brokenServers: BrokenAgent<ServerScenario>[] = [
  {
    agent: 'chatty-agent',
    scenario: 'tcp-echo',
    rules: ['server-lines-parse'],
    reason: /not a protocol message \(not JSON .*\): hello, I am not JSON$/,
  },
  {
    agent: 'unknown-event-server',
    scenario: 'tcp-echo',
    rules: ['server-lines-parse'],
    reason: /\(event is string "hello", expected one of "ready", .*\): \{"event":"hello"\}$/,
  },
  {
    agent: 'missing-field-server',
    scenario: 'udp-echo',
    rules: ['server-lines-parse'],
    reason: /\(bound\.family is missing, expected one of 4, 6\)/,
  },
  {
    agent: 'received-first-server',
    scenario: 'tcp-echo',
    rules: ['server-order'],
    reason: /^the server agent wrote received as its first line, before ready or bind-error$/,
  },
  {
    agent: 'wrong-port-server',
    scenario: 'tcp-echo',
    rules: ['server-ready'],
    reason: /^the server agent said ready on port (\d+), but was told to bind port (?!\1)\d+$/,
  },
  {
    agent: 'early-exit-server',
    scenario: 'tcp-echo',
    rules: ['server-echo'],
    reason: /^the checker's socket got (ECONNREFUSED|ECONNRESET|EOF) from the server agent instead of the echo$/,
  },
  {
    agent: 'unmatched-payload-server',
    scenario: 'udp-echo',
    rules: ['server-received'],
    reason: /^the server agent said received with payloadMatched false for its own token$/,
  },
  {
    agent: 'no-replied-server',
    scenario: 'tcp-echo',
    rules: ['server-replied'],
    reason: /^the server agent never said replied, though its echo came back$/,
  },
  {
    agent: 'wrong-code-server',
    scenario: 'held-port',
    rules: ['server-bind-error'],
    reason: /^the server agent said bind-error with code EACCES for a port another socket holds; expected EADDRINUSE$/,
  },
  {
    agent: 'any-address-server',
    scenario: 'non-loopback',
    rules: ['server-loopback-only'],
    reason: /^the server agent said bind-error with code EADDRNOTAVAIL, told to bind 192\.0\.2\.1; expected ENOTLOOPBACK$/,
  },
  {
    agent: 'deaf-server',
    scenario: 'udp-echo',
    rules: ['server-exit'],
    reason: /^the server agent did not exit within 5000 ms of its stdin closing$/,
  },
  {
    agent: 'crashing-agent',
    scenario: 'tcp-echo',
    rules: ['server-ready', 'server-exit'],
    reason: /^the server agent exited with code 3 without saying ready$/,
  },
];

const brokenClients: BrokenAgent<ClientScenario>[] = [
  {
    agent: 'chatty-agent',
    scenario: 'tcp-connect',
    rules: ['client-lines-parse'],
    reason: /not a protocol message \(not JSON .*\): hello, I am not JSON$/,
  },
  {
    agent: 'two-results-client',
    scenario: 'udp-connect',
    rules: ['client-one-result'],
    reason: /^the client agent wrote 2 result lines \(connected, connected\); it must write exactly one$/,
  },
  {
    agent: 'two-results-client',
    scenario: 'non-loopback',
    rules: ['client-one-result'],
    reason: /^the client agent wrote 2 result lines \(failed, failed\); it must write exactly one$/,
  },
  {
    agent: 'wrong-remote-client',
    scenario: 'tcp-connect',
    rules: ['client-connected'],
    reason:
      /^the client agent said connected, but its observation.remote is 127\.0\.0\.1 port \d+ family 4; it dialled 127\.0\.0\.1 port \d+ family 4$/,
  },
  {
    agent: 'liar-client',
    scenario: 'tcp-connect',
    rules: ['client-token-arrived'],
    reason: /^the client agent said connected, but the checker's server received nothing$/,
  },
  {
    agent: 'liar-client',
    scenario: 'closed-port',
    rules: ['client-refused'],
    reason: /^the client agent said connected to a port where nothing listens$/,
  },
  {
    agent: 'wrong-refusal-client',
    scenario: 'non-loopback',
    rules: ['client-loopback-only'],
    reason:
      /^the client agent, told to dial 192\.0\.2\.1, failed at client-resolve with EACCES \(.*\); expected client-resolve with ENOTLOOPBACK$/,
  },
  {
    agent: 'lingering-client',
    scenario: 'closed-port',
    rules: ['client-exit'],
    reason: /^the client agent did not exit within 5000 ms of writing its result$/,
  },
  {
    agent: 'deaf-client',
    scenario: 'stdin-closed',
    rules: ['client-stdin-closed'],
    reason: /^the client agent did not exit within 5000 ms of its stdin closing \(it was waiting for an echo\)$/,
  },
  {
    agent: 'crashing-agent',
    scenario: 'closed-port',
    rules: ['client-one-result', 'client-exit'],
    reason: /^the client agent exited without a result$/,
  },
];

describe('server agents that break one rule', () => {
  it.each(brokenServers)('$agent in $scenario breaks $rules', async ({ agent, scenario, rules, reason }) => {
    const failures = await checkServerAgent(fixture(agent), options, [scenario]);
    expect(
      failures.map((failure) => failure.rule),
      shown(failures).join('\n'),
    ).toEqual(rules);
    expect(failures[0]?.reason).toMatch(reason);
  });
});

describe('client agents that break one rule', () => {
  it.each(brokenClients)('$agent in $scenario breaks $rules', async ({ agent, scenario, rules, reason }) => {
    const failures = await checkClientAgent(fixture(agent), options, [scenario]);
    expect(
      failures.map((failure) => failure.rule),
      shown(failures).join('\n'),
    ).toEqual(rules);
    expect(failures[0]?.reason).toMatch(reason);
  });
});
