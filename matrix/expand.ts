import { cellId, coexistId } from './cell-id.js';
import type { Cell, CoexistCell, PairCell, Transport } from './dimensions.js';
import type { MatrixDefinition } from './matrix-definition.js';

/** The transports in the order every output lists them. */
export const transports: readonly Transport[] = ['tcp', 'udp'];

const pairCells = (definition: MatrixDefinition): PairCell[] =>
  transports.flatMap((transport) => {
    const plan = definition.plans[transport];
    if (!plan) return [];
    return plan.servers.flatMap((server) =>
      plan.clients.map((client) => ({ kind: 'pair' as const, id: cellId(transport, server, client), transport, server, client })),
    );
  });

const coexistCells = (definition: MatrixDefinition): CoexistCell[] =>
  (definition.coexist ?? []).map(({ transport, first, second, targets }) => ({
    kind: 'coexist' as const,
    id: coexistId(transport, first, second),
    transport,
    first,
    second,
    targets,
  }));

/** Every cell of a matrix: for each transport, each server paired with each client, in definition order; then the two-servers cells. */
export const expandMatrix = (definition: MatrixDefinition): Cell[] => [...pairCells(definition), ...coexistCells(definition)];
