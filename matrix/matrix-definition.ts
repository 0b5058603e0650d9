import type { ClientEndpoint, ServerEndpoint, Transport } from './dimensions.js';

/** The servers and clients to pair for one transport: every server meets every client. */
export interface TransportPlan {
  servers: ServerEndpoint[];
  clients: ClientEndpoint[];
}

/** A whole matrix as data: one plan per transport it covers. */
export interface MatrixDefinition {
  name: string;
  plans: Partial<Record<Transport, TransportPlan>>;
}
