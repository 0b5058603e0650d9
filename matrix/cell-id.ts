import { type ClientEndpoint, runtimeName, type ServerEndpoint, type Transport } from './dimensions.js';
import { defaultRuntime, type Runtime } from './runtimes.js';

// Names for endpoints and cells, derived only from their fields: stable across runs and machines. Each
// runtime names its endpoints in its own programmers' words (Node's `family=6`, Python's `AF_INET6`);
// a runtime other than Node is named after the endpoint, `(python)`.

const bracketed = (address: string): string => (address.includes(':') ? `[${address}]` : address);

/** How one runtime's endpoints read, before the runtime's name is added. */
interface EndpointWords {
  server: (transport: Transport, server: ServerEndpoint) => string[];
  client: (transport: Transport, client: ClientEndpoint) => string[];
}

const v6onlyWord = (ipv6Only: boolean | null): string[] => (ipv6Only === null ? [] : [ipv6Only ? 'v6only' : 'dual']);

// The socket options a program asked for before its bind, where it asked: `reuseaddr`, `reuseport`.
const reuseWords = (server: ServerEndpoint): string[] => [
  ...(server.reuseAddr === true ? ['reuseaddr'] : []),
  ...(server.reusePort === true ? ['reuseport'] : []),
];

// Node: `udp6 [::] dual`, `localhost family=6`, `localhost autoselect=off`, `localhost autoselect=off order=ipv4first`.
const nodeWords: EndpointWords = {
  server: (transport, server) => [
    ...(transport === 'udp' ? [`udp${server.family ?? ''}`] : []),
    bracketed(server.address),
    ...v6onlyWord(server.ipv6Only),
    ...reuseWords(server),
  ],
  client: (transport, client) => [
    ...(transport === 'udp' ? [`udp${client.family ?? ''}`] : []),
    bracketed(client.address),
    ...(transport === 'tcp' && client.family !== null ? [`family=${client.family}`] : []),
    ...(client.lookup === 'first-address' ? ['autoselect=off'] : []),
    ...(client.order === undefined ? [] : [`order=${client.order}`]),
  ],
};

const socketFamily = (family: 4 | 6 | null): string => (family === 6 ? 'AF_INET6' : 'AF_INET');

// Python: `AF_INET6 [::] dual` (no mode: IPV6_V6ONLY left at the system default), `create_server [::] dualstack`,
// `AF_INET6 127.0.0.1`, `create_connection localhost`.
const pythonWords: EndpointWords = {
  server: (_transport, server) =>
    server.call === 'create_server'
      ? ['create_server', bracketed(server.address), 'dualstack']
      : [socketFamily(server.family), bracketed(server.address), ...v6onlyWord(server.ipv6Only), ...reuseWords(server)],
  client: (_transport, client) => [client.family === null ? 'create_connection' : socketFamily(client.family), bracketed(client.address)],
};

// A user's program: the address it is told, and the family where a name comes with one ({family}): `localhost family=6`.
const programEndpoint = (endpoint: { address: string; family: 4 | 6 | null }): string[] => [
  bracketed(endpoint.address),
  ...(endpoint.family !== null && !/[.:]/.test(endpoint.address) ? [`family=${endpoint.family}`] : []),
];
const programWords: EndpointWords = {
  server: (_transport, server) => programEndpoint(server),
  client: (_transport, client) => programEndpoint(client),
};

/** Each runtime's words for its endpoints. */
const endpointWords = { node: nodeWords, python: pythonWords, program: programWords } as const satisfies Record<Runtime, EndpointWords>;

const runtimeSuffix = (endpoint: { runtime: Runtime; agent?: string }): string[] =>
  runtimeName(endpoint) === defaultRuntime ? [] : [`(${runtimeName(endpoint)})`];

/** A server as people read it: `[::] v6only`, `udp6 localhost dual`, `AF_INET6 [::] (python)`. */
export const serverLabel = (transport: Transport, server: ServerEndpoint): string =>
  [...endpointWords[server.runtime].server(transport, server), ...runtimeSuffix(server)].join(' ');

/** A client as people read it: `[::1]`, `localhost family=6`, `udp6 127.0.0.1`, `AF_INET6 127.0.0.1 (python)`. */
export const clientLabel = (transport: Transport, client: ClientEndpoint): string =>
  [...endpointWords[client.runtime].client(transport, client), ...runtimeSuffix(client)].join(' ');

/** The stable id of a cell: `tcp [::] dual -> 127.0.0.1`. */
export const cellId = (transport: Transport, server: ServerEndpoint, client: ClientEndpoint): string =>
  `${transport} ${serverLabel(transport, server)} -> ${clientLabel(transport, client)}`;

/** The stable id of two servers on one port: `coexist tcp 0.0.0.0 + [::] dual`; a pair's id never starts with `coexist`. */
export const coexistId = (transport: Transport, first: ServerEndpoint, second: ServerEndpoint): string =>
  `coexist ${transport} ${serverLabel(transport, first)} + ${serverLabel(transport, second)}`;
