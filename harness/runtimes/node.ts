import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type AgentCommand, launchesOf } from '../agent-launch.js';
import { ForkServer, sharedForkServer } from '../fork-server.js';
import type { Side } from '../outcome.js';
import type { RuntimeAgents } from './runtime.js';

// Node's agents: node/server-agent.ts and node/client-agent.ts, started with the node running sockmatrix, each
// as the single CommonJS file the build joins it into (<side>-agent.cjs): no module graph to resolve per start.
// Unless --no-fork-server, each agent is forked by one node per run, node/fork-server.ts, where it was built (Linux).

// Agents always run as built JavaScript. Compiled, they sit beside this file; under vitest this
// file runs from the TypeScript sources, so the agents come from the build in dist/.
const compiled = import.meta.url.endsWith('.js');
const builtFile = (name: string): string =>
  fileURLToPath(
    compiled ? new URL(`./node/${name}`, import.meta.url) : new URL(`../../dist/harness/runtimes/node/${name}`, import.meta.url),
  );
const agentScript = (side: Side): string => builtFile(`${side}-agent.cjs`);

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

/** The node agent for one side, started fresh: `node <script>`, on the node running sockmatrix; the same object every time. */
export const nodeAgent = (side: Side): AgentCommand => agents[side];

/** The Node fork server's script, and the addon that gives it fork (fork-addon.c), which the build makes on Linux. */
const nodeForkServerScript: string = builtFile('fork-server.js');
const nodeForkAddon: string = builtFile('fork-addon.node');

/** How the Node fork server starts: single-threaded (fork-server.ts says why), in the agents' environment. */
export const nodeForkServerCommand: AgentCommand = {
  file: process.execPath,
  args: ['--single-threaded', nodeForkServerScript],
  unsetEnvironment: nodeAgentUnsets,
};

/** Whether Node agents can be forked here: on Linux, where the build made the addon (a C compiler was there). */
export const nodeForks = (): boolean => process.platform === 'linux' && existsSync(nodeForkAddon);

/** The fork server of this node: one per run, started at the first Node agent. */
const nodeForkServer = (): ForkServer =>
  sharedForkServer(process.execPath, () => {
    const agent = (side: Side) => ({ module: scripts[side], argv0: scripts[side], fresh: agents[side] });
    return new ForkServer({
      name: 'the Node fork server',
      command: nodeForkServerCommand,
      folders: [],
      agents: { server: agent('server'), client: agent('client') },
    });
  });

/** Node.js: always here, since sockmatrix runs on it; its version is this process's. */
export const nodeRuntime: RuntimeAgents = {
  prepare: async (settings) => {
    const launches = launchesOf(agents, settings.forkServer && nodeForks() ? nodeForkServer() : null);
    return {
      ok: true,
      runtime: {
        version: process.version,
        agent: (side) => launches[side],
        bare: { file: process.execPath, args: ['-e', ''], unsetEnvironment: nodeAgentUnsets },
      },
    };
  },
};
