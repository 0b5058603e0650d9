import type { ClientEndpoint, ServerEndpoint, Transport } from './dimensions.js';
import { defaultRuntime } from './runtimes.js';

// Names for endpoints and cells, derived only from their fields: stable across runs and machines.

const bracketed = (address: string): string => (address.includes(':') ? `[${address}]` : address);

/** A server as people read it: `[::] v6only`, `udp6 localhost dual`. */
export const serverLabel = (transport: Transport, server: ServerEndpoint): string => {
  const parts: string[] = [];
  if (transport === 'udp') parts.push(`udp${server.family ?? ''}`);
  parts.push(bracketed(server.address));
  if (server.ipv6Only !== null) parts.push(server.ipv6Only ? 'v6only' : 'dual');
  if (server.runtime !== defaultRuntime) parts.push(`(${server.runtime})`);
  return parts.join(' ');
};

/** A client as people read it: `[::1]`, `localhost family=6`, `udp6 127.0.0.1`. */
export const clientLabel = (transport: Transport, client: ClientEndpoint): string => {
  const parts: string[] = [];
  if (transport === 'udp') parts.push(`udp${client.family ?? ''}`);
  parts.push(bracketed(client.address));
  if (transport === 'tcp' && client.family !== null) parts.push(`family=${client.family}`);
  if (client.lookup === 'first-address') parts.push('autoselect=off');
  if (client.runtime !== defaultRuntime) parts.push(`(${client.runtime})`);
  return parts.join(' ');
};

/** The stable id of a cell: `tcp [::] dual -> 127.0.0.1`. */
export const cellId = (transport: Transport, server: ServerEndpoint, client: ClientEndpoint): string =>
  `${transport} ${serverLabel(transport, server)} -> ${clientLabel(transport, client)}`;
