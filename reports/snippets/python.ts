import { aboutLines, programText, pythonString } from './program-text.js';
import { type SideWriters, type Snippet, type SnippetCell, snippetPort } from './snippet.js';

// Python's side of a cell as a person writes it with the socket module: socket(family, type), IPV6_V6ONLY set only
// where the endpoint asks, bind, listen, accept; socket.create_server; connect or socket.create_connection, sendall,
// recv. The same calls as harness/runtimes/python/, with the protocol around them left out. A failed call is left to
// raise: the traceback ends with the exception exactly as Python raises it, and the exit status is 1.

// The client's limits, as the agents' defaults (harness/timeouts.ts): 3 s to connect, 2 s for the echo.
const connectTimeoutS = 3;
const replyTimeoutS = 2;

const comments = (lines: string[]): string[] => lines.map((line) => `# ${line}`);

// The family the agent gives the socket: always given for Python; without one, an address with a `:` is IPv6.
const isIpv6 = (endpoint: SnippetCell['server'] | SnippetCell['client']): boolean =>
  endpoint.family === 6 || (endpoint.family === null && endpoint.address.includes(':'));

const socketFamily = (ipv6: boolean): string => (ipv6 ? 'socket.AF_INET6' : 'socket.AF_INET');

// Print and flush: a server's output is often a pipe (a terminal multiplexer, a test), where Python buffers it.
const printListening = 'print("listening on", server.getsockname(), flush=True)';
const printIpv6Only = 'print("IPV6_V6ONLY is", server.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY), flush=True)';

/** The listening socket: `create_server(..., dualstack_ipv6=True)`, or `socket()`, IPV6_V6ONLY where asked, `bind`, `listen`. */
const listener = (cell: SnippetCell): (string | null)[] => {
  const { server, transport } = cell;
  const ipv6 = isIpv6(server);
  const address = `(${pythonString(server.address)}, PORT)`;
  if (transport === 'tcp' && server.call === 'create_server') {
    return [`server = socket.create_server(${address}, family=${socketFamily(ipv6)}, dualstack_ipv6=${ipv6 ? 'True' : 'False'})`];
  }
  return [
    `server = socket.socket(${socketFamily(ipv6)}, ${transport === 'udp' ? 'socket.SOCK_DGRAM' : 'socket.SOCK_STREAM'})`,
    // null leaves IPV6_V6ONLY at the system default (net.ipv6.bindv6only), as a program that never asks does.
    ipv6 && server.ipv6Only !== null ? `server.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, ${server.ipv6Only ? 1 : 0})` : null,
    `server.bind(${address})`,
    transport === 'tcp' ? 'server.listen()' : null,
  ];
};

/** The echo loop: each connection's first read sent back (TCP), or each datagram to its sender (UDP). */
const echoLoop = (cell: SnippetCell): string[] =>
  cell.transport === 'udp'
    ? [
        'while True:',
        '    data, peer = server.recvfrom(65535)',
        '    print("datagram from", peer, flush=True)',
        '    server.sendto(data, peer)  # echo',
      ]
    : [
        'while True:',
        '    connection, peer = server.accept()',
        '    print("connection from", peer, flush=True)',
        '    with connection:',
        '        connection.sendall(connection.recv(1024))  # echo',
      ];

const server = (cell: SnippetCell): (string | null)[] => [
  'import socket',
  '',
  `PORT = ${snippetPort}`,
  '',
  ...listener(cell),
  printListening,
  isIpv6(cell.server) ? printIpv6Only : null,
  ...echoLoop(cell),
];

/** The dialling socket: `create_connection` (TCP without a family), else `socket(family, type)`, a limit, `connect`. */
const dialler = (cell: SnippetCell): string[] => {
  const { client, transport } = cell;
  const address = `(${pythonString(client.address)}, PORT)`;
  if (transport === 'tcp' && client.family === null) return [`client = socket.create_connection(${address}, timeout=${connectTimeoutS})`];
  return [
    `client = socket.socket(${socketFamily(isIpv6(client))}, ${transport === 'udp' ? 'socket.SOCK_DGRAM' : 'socket.SOCK_STREAM'})`,
    `client.settimeout(${transport === 'udp' ? replyTimeoutS : connectTimeoutS})`,
    `client.connect(${address})`,
  ];
};

const connectedFrom = 'print("connected from", client.getsockname(), "to", client.getpeername()';

// A user's own server echoes nothing: the handshake is the test, or the first line of an HTTP answer (--probe).
const client = (cell: SnippetCell): (string | null)[] => {
  const probe = cell.server.program?.probe;
  if (probe === 'connect') return ['import socket', '', `PORT = ${snippetPort}`, '', ...dialler(cell), `${connectedFrom})`];
  return [
    'import socket',
    '',
    `PORT = ${snippetPort}`,
    probe === 'http' ? 'MESSAGE = b"GET / HTTP/1.0\\r\\n\\r\\n"' : 'MESSAGE = b"hello"',
    '',
    ...dialler(cell),
    cell.transport === 'udp' ? 'client.send(MESSAGE)' : 'client.sendall(MESSAGE)',
    'echo = client.recv(1024)',
    probe === 'http' ? `${connectedFrom}, "answer:", echo.split(b"\\r\\n")[0])` : `${connectedFrom}, "echo:", echo)`,
  ];
};

/** One side as a Python program: the opening comment, then the calls. */
const pythonSnippet = (cell: SnippetCell, side: 'server' | 'client', lines: (string | null)[]): Snippet => {
  const run = `python3 ${side}.py`;
  return { runtime: 'python', side, language: 'python', code: programText([...comments(aboutLines(cell, side, run)), ...lines]), run };
};

/** Python's programs for either side of a cell. */
export const pythonSnippets: SideWriters = {
  server: (cell) => pythonSnippet(cell, 'server', server(cell)),
  client: (cell) => pythonSnippet(cell, 'client', client(cell)),
};
