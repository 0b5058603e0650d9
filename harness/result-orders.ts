import dns from 'node:dns';
import { type Cell, type ResultOrder, resultOrders } from '../matrix/dimensions.js';

// Which result orders this Node's dns.setDefaultResultOrder takes (ipv6first came with 22.1 and 20.13): asked of
// the running Node itself, never assumed from its version number. Node's agents run on this same Node.

/** The result orders the running Node can set, each tried and the default put back. */
export const supportedResultOrders = (): ResultOrder[] => {
  const before = dns.getDefaultResultOrder();
  const supported = resultOrders.filter((order) => {
    try {
      dns.setDefaultResultOrder(order);
      return true;
    } catch {
      return false;
    }
  });
  dns.setDefaultResultOrder(before);
  return supported;
};

/** The cells this Node's own agents cannot play as written (a result order it lacks), and the rest. */
export const cellsWithResultOrders = (
  cells: readonly Cell[],
  supported: readonly ResultOrder[] = supportedResultOrders(),
): { runnable: Cell[]; unsupported: ResultOrder[] } => {
  const unsupported = new Set<ResultOrder>();
  const runnable = cells.filter((cell) => {
    // Only pairings' clients set a result order (two servers' clients dial with the runtime's default).
    if (cell.kind !== 'pair') return true;
    const { order } = cell.client;
    // Only the built-in Node agents run on this Node; a user's runtime says for itself what its Node can do.
    if (order === undefined || cell.client.runtime !== 'node' || cell.client.agent !== undefined || supported.includes(order)) return true;
    unsupported.add(order);
    return false;
  });
  return { runnable, unsupported: [...unsupported] };
};
