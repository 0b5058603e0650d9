import { cellId } from './cell-id.js';
import type { Cell, Transport } from './dimensions.js';
import type { MatrixDefinition } from './matrix-definition.js';

/** The transports in the order every output lists them. */
export const transports: readonly Transport[] = ['tcp', 'udp'];

/** Every cell of a matrix: for each transport, each server paired with each client, in definition order. */
export const expandMatrix = (definition: MatrixDefinition): Cell[] =>
  transports.flatMap((transport) => {
    const plan = definition.plans[transport];
    if (!plan) return [];
    return plan.servers.flatMap((server) =>
      plan.clients.map((client) => ({ kind: 'pair' as const, id: cellId(transport, server, client), transport, server, client })),
    );
  });
