// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are the lines of JavaScript programs, and the template literals are theirs
import { aboutLines, javascriptString, programText } from './program-text.js';
import { type SideWriters, type Snippet, type SnippetCell, snippetPort } from './snippet.js';

// Node's side of a cell as a person writes it: net.createServer().listen({ host, port, ipv6Only }) or
// dgram.createSocket('udp4' | 'udp6').bind(), and net.connect({ host, port, family, autoSelectFamily }) or dgram's
// connect and send. The same calls as harness/runtimes/node/, with the protocol around them left out.

// The client's limits, as the agents' defaults (harness/timeouts.ts): 3 s to connect, 2 s for the echo.
const connectTimeoutMs = 3000;
const replyTimeoutMs = 2000;

const comments = (lines: string[]): string[] => lines.map((line) => `// ${line}`);

// What every program prints when a call fails: the code Node gives and its message.
const printError = '  console.error(`${err.code}: ${err.message}`);';

const printListening = ['  const { address, port } = server.address();', '  console.log(`listening on ${address} port ${port}`);', '});'];

/** `net.createServer().listen({ host, port, ipv6Only })`: ipv6Only only where the program asks for it, as the agent does. */
const tcpServer = (cell: SnippetCell): (string | null)[] => {
  const listenOptions = [
    `host: ${javascriptString(cell.server.address)}`,
    'port: PORT',
    cell.server.ipv6Only === true ? 'ipv6Only: true' : null,
  ];
  return [
    "import net from 'node:net';",
    '',
    `const PORT = ${snippetPort};`,
    '',
    'const server = net.createServer((socket) => {',
    '  console.log(`connection from ${socket.remoteAddress} port ${socket.remotePort}`);',
    "  socket.on('error', (err) => console.error(`${err.code}: ${err.message}`));",
    '  socket.pipe(socket); // echo',
    '});',
    "server.on('error', (err) => {",
    printError,
    '  process.exit(1);',
    '});',
    `server.listen({ ${listenOptions.filter((option) => option !== null).join(', ')} }, () => {`,
    ...printListening,
  ];
};

/** `dgram.createSocket('udp4' | 'udp6').bind({ address, port })`, echoing each datagram to its sender. */
const udpServer = (cell: SnippetCell): (string | null)[] => {
  const type = javascriptString(cell.server.family === 6 ? 'udp6' : 'udp4');
  return [
    "import dgram from 'node:dgram';",
    '',
    `const PORT = ${snippetPort};`,
    '',
    cell.server.ipv6Only === true
      ? `const server = dgram.createSocket({ type: ${type}, ipv6Only: true });`
      : `const server = dgram.createSocket(${type});`,
    "server.on('error', (err) => {",
    printError,
    '  process.exit(1);',
    '});',
    "server.on('message', (message, peer) => {",
    '  console.log(`datagram from ${peer.address} port ${peer.port}`);',
    '  server.send(message, peer.port, peer.address); // echo',
    '});',
    `server.bind({ address: ${javascriptString(cell.server.address)}, port: PORT }, () => {`,
    ...printListening,
  ];
};

/** `net.connect({ host, port, family, autoSelectFamily })`: the family and `autoSelectFamily: false` only where the endpoint says. */
const tcpClient = (cell: SnippetCell): (string | null)[] => {
  const { address, family, lookup } = cell.client;
  const connectOptions = [
    `host: ${javascriptString(address)}`,
    'port: PORT',
    family === 4 || family === 6 ? `family: ${family}` : null,
    lookup === 'first-address' ? 'autoSelectFamily: false' : null,
    `timeout: ${connectTimeoutMs}`,
  ];
  // Only happy eyeballs (a name, no family) can try several addresses; it then fails with every attempt's error.
  const happyEyeballs = family === null && lookup === 'default';
  const { order } = cell.client;
  // A user's own server echoes nothing: the handshake is the test, or the first line of an HTTP answer (--probe).
  const probe = cell.server.program?.probe;
  const connectedFrom =
    'connected from ${socket.localAddress} port ${socket.localPort} to ${socket.remoteAddress} port ${socket.remotePort}';
  return [
    order === undefined ? null : "import dns from 'node:dns';",
    "import net from 'node:net';",
    '',
    `const PORT = ${snippetPort};`,
    probe === 'connect' ? null : probe === 'http' ? "const MESSAGE = 'GET / HTTP/1.0\\r\\n\\r\\n';" : "const MESSAGE = 'hello';",
    '',
    // As `node --dns-result-order=<order>` does: every lookup after it gives that family's addresses first.
    order === undefined ? null : `dns.setDefaultResultOrder(${javascriptString(order)});`,
    `const socket = net.connect({ ${connectOptions.filter((option) => option !== null).join(', ')} });`,
    ...(probe === 'connect'
      ? ["socket.on('connect', () => {", `  console.log(\`${connectedFrom}\`);`, '  socket.end();', '});']
      : [
          "socket.on('connect', () => socket.write(MESSAGE));",
          "socket.setEncoding('utf8');",
          "socket.on('data', (echo) => {",
          probe === 'http'
            ? `  console.log(\`${connectedFrom}, answer: \${echo.split('\\r\\n')[0]}\`);`
            : `  console.log(\`${connectedFrom}, echo: \${echo}\`);`,
          '  socket.end();',
          '});',
        ]),
    "socket.on('timeout', () => {",
    `  console.error('ETIMEDOUT: no answer within ${connectTimeoutMs / 1000} s');`,
    '  process.exit(1);',
    '});',
    "socket.on('error', (err) => {",
    ...(happyEyeballs
      ? [
          '  // With several addresses to try, happy eyeballs fails with an AggregateError: one error per address.',
          '  const messages = err.errors ? err.errors.map((error) => error.message) : [err.message];',
          "  console.error(`${err.code}: ${messages.join(', ')}`);",
        ]
      : [printError]),
    '  process.exit(1);',
    '});',
  ];
};

/** `dgram.createSocket('udp4' | 'udp6')`, `connect`, `send`, and one datagram back within the limit. */
const udpClient = (cell: SnippetCell): (string | null)[] => [
  "import dgram from 'node:dgram';",
  '',
  `const PORT = ${snippetPort};`,
  "const MESSAGE = 'hello';",
  '',
  `const socket = dgram.createSocket(${javascriptString(cell.client.family === 6 ? 'udp6' : 'udp4')});`,
  'const fail = (err) => {',
  printError,
  '  process.exit(1);',
  '};',
  '// Where nothing listens, the ICMP port unreachable comes back as an ECONNREFUSED error.',
  "socket.on('error', fail);",
  "socket.on('message', (echo) => {",
  '  const local = socket.address();',
  '  const remote = socket.remoteAddress();',
  '  console.log(`connected from ${local.address} port ${local.port} to ${remote.address} port ${remote.port}, echo: ${echo}`);',
  '  process.exit(0);',
  '});',
  `socket.connect(PORT, ${javascriptString(cell.client.address)}, (err) => {`,
  '  if (err) fail(err);',
  '  socket.send(MESSAGE);',
  `  setTimeout(() => fail({ code: 'ETIMEDOUT', message: 'no reply within ${replyTimeoutMs / 1000} s' }), ${replyTimeoutMs});`,
  '});',
];

/** One side as a Node program: the opening comment, then the calls. */
const nodeSnippet = (cell: SnippetCell, side: 'server' | 'client', lines: (string | null)[]): Snippet => {
  const run = `node ${side}.mjs`;
  return { runtime: 'node', side, language: 'javascript', code: programText([...comments(aboutLines(cell, side, run)), ...lines]), run };
};

/** Node's programs for either side of a cell. */
export const nodeSnippets: SideWriters = {
  server: (cell) => nodeSnippet(cell, 'server', cell.transport === 'udp' ? udpServer(cell) : tcpServer(cell)),
  client: (cell) => nodeSnippet(cell, 'client', cell.transport === 'udp' ? udpClient(cell) : tcpClient(cell)),
};
