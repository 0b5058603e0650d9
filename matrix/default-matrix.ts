import { coexistRows } from './coexist-matrix.js';
import type { Transport } from './dimensions.js';
import { nodeEndpoints } from './endpoints/node.js';
import { pythonEndpoints } from './endpoints/python.js';
import type { CoexistRow, MatrixDefinition, TransportPlan } from './matrix-definition.js';
import type { Runtime } from './runtimes.js';

// The built-in matrix: every runtime's endpoints, and every server paired with every client of its
// transport, whichever runtimes they are: node with node, python with python, and across.

/** The endpoints each runtime can express, per transport. */
export const runtimeEndpoints = {
  node: nodeEndpoints,
  python: pythonEndpoints,
  // A user's program has no endpoints of its own in the built-in matrix: its command brings them (program-matrix.ts).
  program: { tcp: { servers: [], clients: [] }, udp: { servers: [], clients: [] } },
} as const satisfies Record<Runtime, Record<Transport, TransportPlan>>;

const allRuntimes = (transport: Transport): TransportPlan => ({
  servers: Object.values(runtimeEndpoints).flatMap((endpoints) => endpoints[transport].servers),
  clients: Object.values(runtimeEndpoints).flatMap((endpoints) => endpoints[transport].clients),
});

/** The matrix `npm run matrix` runs: every server bind of a transport paired with every client of it, across runtimes; and two servers on one port. */
export const defaultMatrix: MatrixDefinition = {
  name: 'default',
  plans: { tcp: allRuntimes('tcp'), udp: allRuntimes('udp') },
  coexist: coexistRows,
};

/** A runtime a user added: its name, and the built-in runtime whose endpoints (and protocol) it takes. */
export interface UserRuntime {
  name: string;
  like: Runtime;
}

const asUserRuntime = (user: UserRuntime, endpoints: Record<Transport, TransportPlan>, transport: Transport): TransportPlan => ({
  servers: endpoints[transport].servers.map((server) => ({ ...server, agent: user.name })),
  clients: endpoints[transport].clients.map((client) => ({ ...client, agent: user.name })),
});

/** The default matrix with each user runtime's endpoints added: those of the runtime it is like, played by its agents. */
export const matrixWith = (userRuntimes: readonly UserRuntime[]): MatrixDefinition => {
  if (userRuntimes.length === 0) return defaultMatrix;
  const plan = (transport: Transport): TransportPlan => {
    const added = userRuntimes.map((user) => asUserRuntime(user, runtimeEndpoints[user.like], transport));
    const base = allRuntimes(transport);
    return {
      servers: [...base.servers, ...added.flatMap((extra) => extra.servers)],
      clients: [...base.clients, ...added.flatMap((extra) => extra.clients)],
    };
  };
  return {
    name: `default+${userRuntimes.map((user) => user.name).join('+')}`,
    plans: { tcp: plan('tcp'), udp: plan('udp') },
    coexist: [...coexistRows, ...userRuntimes.flatMap(asUserCoexistRows)],
  };
};

/** The two-servers cells of the runtime a user runtime is like, wholly in that runtime, played by the user's agents. */
const asUserCoexistRows = (user: UserRuntime): CoexistRow[] =>
  coexistRows
    .filter((row) => [row.first, row.second, ...row.targets].every((endpoint) => endpoint.runtime === user.like))
    .map((row) => ({
      transport: row.transport,
      first: { ...row.first, agent: user.name },
      second: { ...row.second, agent: user.name },
      targets: row.targets.map((target) => ({ ...target, agent: user.name })),
    }));
