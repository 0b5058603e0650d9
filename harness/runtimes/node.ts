import { fileURLToPath } from 'node:url';
import type { Side } from '../outcome.js';
import type { AgentCommand, RuntimeAgents } from './runtime.js';

// Node's agents: node/server-agent.ts and node/client-agent.ts, started with the node running sockmatrix, each
// as the single CommonJS file the build joins it into (<side>-agent.cjs): no module graph to resolve per start.

// Agents always run as built JavaScript. Compiled, they sit beside this file; under vitest this
// file runs from the TypeScript sources, so the agents come from the build in dist/.
const compiled = import.meta.url.endsWith('.js');
const agentScript = (side: Side): string =>
  fileURLToPath(
    compiled
      ? new URL(`./node/${side}-agent.cjs`, import.meta.url)
      : new URL(`../../dist/harness/runtimes/node/${side}-agent.cjs`, import.meta.url),
  );

const scripts: Record<Side, string> = { server: agentScript('server'), client: agentScript('client') };

/**
 * What Node reads at start-up for work no agent does: NODE_EXTRA_CA_CERTS makes Node 20 parse the whole CA
 * bundle before the first line runs (about 30 ms of a 50 ms start on a 2-core machine), and agents speak no TLS.
 */
export const nodeAgentUnsets: readonly string[] = ['NODE_EXTRA_CA_CERTS'];

const agents: Record<Side, AgentCommand> = {
  server: { file: process.execPath, args: [scripts.server], unsetEnvironment: nodeAgentUnsets },
  client: { file: process.execPath, args: [scripts.client], unsetEnvironment: nodeAgentUnsets },
};

/** The node agent for one side: `node <script>`, on the node running sockmatrix; the same object every time. */
export const nodeAgent = (side: Side): AgentCommand => agents[side];

/** Node.js: always here, since sockmatrix runs on it; its version is this process's. */
export const nodeRuntime: RuntimeAgents = {
  prepare: async () => ({
    ok: true,
    runtime: {
      version: process.version,
      agent: nodeAgent,
      bare: { file: process.execPath, args: ['-e', ''], unsetEnvironment: nodeAgentUnsets },
    },
  }),
};
