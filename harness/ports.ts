import getPort from 'get-port';
import type { Transport } from '../matrix/dimensions.js';

// Ports for concurrent cells. Each server gets a port that is free on every local address and that
// no running cell holds (TCP or UDP), so a client that misses its own server cannot meet another
// cell's server on the same number.

const inUse: Record<Transport, Set<number>> = { tcp: new Set(), udp: new Set() };

/** Reserve a port for one cell's server; give it back with `releasePort`. */
export const reservePort = async (transport: Transport): Promise<number> => {
  const port = await getPort({ exclude: [...inUse.tcp, ...inUse.udp] });
  inUse[transport].add(port);
  return port;
};

/** Give back a port reserved for a cell that has finished. */
export const releasePort = (transport: Transport, port: number): void => {
  inUse[transport].delete(port);
};
