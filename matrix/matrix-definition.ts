import type { ClientEndpoint, ServerEndpoint, Transport } from './dimensions.js';

/** The servers and clients to pair for one transport: every server meets every client. */
export interface TransportPlan {
  servers: ServerEndpoint[];
  clients: ClientEndpoint[];
}

/** Two servers to start on one port, in this order, and the targets a client then dials one after the other. */
export interface CoexistRow {
  transport: Transport;
  first: ServerEndpoint;
  second: ServerEndpoint;
  targets: ClientEndpoint[];
}

/** A whole matrix as data: one plan per transport it covers, and the two-servers cells. */
export interface MatrixDefinition {
  name: string;
  plans: Partial<Record<Transport, TransportPlan>>;
  /** The two-servers cells (kind `coexist`), in the order they run; none when absent. */
  coexist?: CoexistRow[];
}
