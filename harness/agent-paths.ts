import { fileURLToPath } from 'node:url';

// Agents always run as built JavaScript. Compiled, they sit beside this file; under vitest this
// file runs from the TypeScript sources, so the agents come from the build in dist/.
const compiled = import.meta.url.endsWith('.js');
const agentUrl = (name: string): URL =>
  compiled ? new URL(`./agents/${name}.js`, import.meta.url) : new URL(`../dist/harness/agents/${name}.js`, import.meta.url);

/** The scripts the harness starts for each side of a cell. */
export interface AgentScripts {
  server: string;
  client: string;
}

/** The built-in node agents. */
export const nodeAgents: AgentScripts = {
  server: fileURLToPath(agentUrl('server-agent')),
  client: fileURLToPath(agentUrl('client-agent')),
};

/** The sockmatrix CLI itself, as the profile runner starts it inside a namespace. */
export const cliScript: string = fileURLToPath(
  compiled ? new URL('../matrix/cli.js', import.meta.url) : new URL('../dist/matrix/cli.js', import.meta.url),
);
