import type { Transport } from './dimensions.js';
import { nodeEndpoints } from './endpoints/node.js';
import { pythonEndpoints } from './endpoints/python.js';
import type { MatrixDefinition, TransportPlan } from './matrix-definition.js';
import type { Runtime } from './runtimes.js';

// The built-in matrix: every runtime's endpoints, and every server paired with every client of its
// transport, whichever runtimes they are: node with node, python with python, and across.

/** The endpoints each runtime can express, per transport. */
export const runtimeEndpoints = {
  node: nodeEndpoints,
  python: pythonEndpoints,
} as const satisfies Record<Runtime, Record<Transport, TransportPlan>>;

const allRuntimes = (transport: Transport): TransportPlan => ({
  servers: Object.values(runtimeEndpoints).flatMap((endpoints) => endpoints[transport].servers),
  clients: Object.values(runtimeEndpoints).flatMap((endpoints) => endpoints[transport].clients),
});

/** The matrix `npm run matrix` runs: every server bind of a transport paired with every client of it, across runtimes. */
export const defaultMatrix: MatrixDefinition = {
  name: 'default',
  plans: { tcp: allRuntimes('tcp'), udp: allRuntimes('udp') },
};
