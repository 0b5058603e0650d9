// The client side of a cell: resolve, connect, send the token, wait for its echo, say what happened.
// Kept tiny on purpose: every cell starts one, so each import is paid per cell.
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import { isAllowedBind, isLoopbackAddress } from '../../../matrix/loopback.js';
import type { ClientObservation, SocketAddress } from '../../outcome.js';
import type { ClientInstructions, ClientMessage, ClientPhase } from '../../protocol.js';

const instructions = JSON.parse(process.argv[2] ?? '{}') as ClientInstructions;
const { client, port, token } = instructions;

const observation: ClientObservation = { resolved: null, local: null, remote: null, attempts: [] };
let finished = false;

/** Say the one result line, then leave once it is flushed (stdout pipes are asynchronous on Windows). */
const finish = (message: ClientMessage): void => {
  if (finished) return;
  finished = true;
  process.stdout.write(`${JSON.stringify(message)}\n`, () => process.exit(0));
};

const fail = (phase: ClientPhase, code: string, message: string): void => finish({ event: 'failed', phase, code, message, observation });

const failWith = (phase: ClientPhase, error: NodeJS.ErrnoException): void =>
  fail(error.syscall === 'getaddrinfo' ? 'client-resolve' : phase, error.code ?? 'UNKNOWN', error.message);

const toSocketAddress = (
  address: string | undefined,
  port: number | undefined,
  family: string | number | undefined,
): SocketAddress | null => (address === undefined ? null : { address, port: port ?? 0, family: family === 'IPv6' || family === 6 ? 6 : 4 });

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

// Resolve as the runtime would, record every address, and refuse any that is not loopback.
// dgram passes the family as a bare number, net passes an options object.
const checkedLookup = (hostname: string, familyOrOptions: number | dns.LookupOptions, callback: LookupCallback): void => {
  const options = typeof familyOrOptions === 'number' ? { family: familyOrOptions } : familyOrOptions;
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    if (net.isIP(hostname) === 0) {
      observation.resolved = addresses.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
    }
    // dgram also looks up the wildcard it implicitly binds to; that sends nothing anywhere.
    const offMachine = addresses.find(({ address }) => !isAllowedBind(address));
    if (offMachine) {
      const refusal: NodeJS.ErrnoException = new Error(
        `${hostname} resolved to ${offMachine.address}, which is not loopback: sockmatrix sends nothing off this machine`,
      );
      refusal.code = 'ENOTLOOPBACK';
      refusal.syscall = 'getaddrinfo';
      return callback(refusal, []);
    }
    if (options.all) return callback(null, addresses);
    const [first] = addresses;
    if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND', syscall: 'getaddrinfo' }), []);
    callback(null, first.address, first.family);
  });
};

// The agent's last guard: a literal target must be loopback before any socket is made.
if (net.isIP(client.address) !== 0 && !isLoopbackAddress(client.address)) {
  fail('client-resolve', 'ENOTLOOPBACK', `${client.address} is not a loopback address: sockmatrix sends nothing off this machine`);
}

// The result order as a program sets it, before any lookup; a Node without that order says so, never a faked order.
if (client.order !== undefined && !finished) {
  try {
    dns.setDefaultResultOrder(client.order);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    fail('client-resolve', code ?? 'UNKNOWN', `this Node (${process.version}) cannot set the result order ${client.order}: ${message}`);
  }
}

const exchangeTimer = (onTimeout: () => void): NodeJS.Timeout => setTimeout(onTimeout, instructions.exchangeTimeoutMs);

// The http probe: a GET of /, and the status line of whatever answers; any status is an HTTP server that answered.
const httpRequest = (): string => {
  const host = `${client.address.includes(':') ? `[${client.address}]` : client.address}:${port}`;
  return `GET / HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: sockmatrix\r\nAccept: */*\r\nConnection: close\r\n\r\n`;
};

const readStatusLine = (answer: string): void => {
  const end = answer.indexOf('\r\n');
  if (end === -1 && answer.length < 8192) return;
  const status = /^HTTP\/\d(?:\.\d)? (\d{3})(?: |$)/.exec(answer.slice(0, end === -1 ? undefined : end));
  if (status === null) {
    fail('exchange', 'ENOTHTTP', `the server answered, but not with an HTTP status line: ${JSON.stringify(answer.slice(0, 60))}`);
    return;
  }
  observation.httpStatus = Number(status[1]);
  finish({ event: 'connected', observation });
};

const dialTcp = (): void => {
  const socket = net.connect({
    host: client.address,
    port,
    lookup: checkedLookup as typeof dns.lookup,
    ...(client.family === null ? {} : { family: client.family }),
    ...(client.lookup === 'first-address' ? { autoSelectFamily: false } : {}),
  });
  let phase: ClientPhase = 'client-connect';
  let echo = '';
  const connectTimer = setTimeout(() => {
    fail('client-connect', 'ETIMEDOUT', `no connection within ${instructions.connectTimeoutMs} ms`);
  }, instructions.connectTimeoutMs);
  socket.setEncoding('utf8');
  socket.on('connectionAttemptFailed', (address: string, attemptPort: number, _family: number, error: NodeJS.ErrnoException) => {
    observation.attempts.push({ address, port: attemptPort, code: error.code ?? 'UNKNOWN' });
  });
  socket.on('connect', () => {
    clearTimeout(connectTimer);
    observation.local = toSocketAddress(socket.localAddress, socket.localPort, socket.localFamily);
    observation.remote = toSocketAddress(socket.remoteAddress, socket.remotePort, socket.remoteFamily);
    // A user's server echoes nothing: with the connect probe the handshake is the whole test.
    if (instructions.probe === 'connect') {
      finish({ event: 'connected', observation });
      return;
    }
    phase = 'client-send';
    socket.write(instructions.probe === 'http' ? httpRequest() : token, () => {
      phase = 'exchange';
    });
    exchangeTimer(() =>
      fail('exchange', 'ETIMEDOUT', `no ${instructions.probe === 'http' ? 'answer' : 'echo'} within ${instructions.exchangeTimeoutMs} ms`),
    );
  });
  socket.on('data', (chunk: string) => {
    echo += chunk;
    if (instructions.probe === 'http') {
      readStatusLine(echo);
      return;
    }
    if (echo.length < token.length) return;
    if (echo === token) finish({ event: 'connected', observation });
    else fail('exchange', 'EBADECHO', `the echo differs from the token sent (${echo.length} characters back)`);
  });
  socket.on('end', () =>
    fail('exchange', 'EOF', `the server closed the connection before ${instructions.probe === 'http' ? 'answering' : 'echoing'}`),
  );
  socket.on('error', (error: NodeJS.ErrnoException & { errors?: NodeJS.ErrnoException[] }) => {
    const first = error.errors?.[0];
    if (error.code === undefined && first) error.code = first.code;
    failWith(phase, error);
  });
};

const dialUdp = (): void => {
  const socket = dgram.createSocket({ type: client.family === 6 ? 'udp6' : 'udp4', lookup: checkedLookup as typeof dns.lookup });
  socket.on('error', (error: NodeJS.ErrnoException) => failWith('exchange', error));
  socket.on('message', (datagram) => {
    if (datagram.toString('utf8') === token) finish({ event: 'connected', observation });
    else fail('exchange', 'EBADECHO', `the echo differs from the token sent (${datagram.length} bytes back)`);
  });
  socket.connect(port, client.address, (connectError?: NodeJS.ErrnoException) => {
    if (connectError) return failWith('client-connect', connectError);
    const local = socket.address();
    const remote = socket.remoteAddress();
    observation.local = toSocketAddress(local.address, local.port, local.family);
    observation.remote = toSocketAddress(remote.address, remote.port, remote.family);
    socket.send(token, (sendError) => {
      if (sendError) return failWith('client-send', sendError);
      exchangeTimer(() => fail('exchange', 'ETIMEDOUT', `no reply within ${instructions.exchangeTimeoutMs} ms`));
    });
  });
};

// Once a UDP server has sent its reply, the datagram is in this socket or was dropped by it (a connected UDP socket
// takes datagrams from the address it dialed only): the harness says so on stdin, and waiting out the exchange timeout
// would show nothing more. PROTOCOL.md's serverRepliedGraceMs: 250 ms.
const serverRepliedGraceMs = 250;
let stdinText = '';
let toldReplied = false;
const onStdin = (chunk: string): void => {
  stdinText += chunk;
  if (toldReplied || instructions.transport !== 'udp' || !stdinText.includes('"server-replied"')) return;
  toldReplied = true;
  setTimeout(
    () =>
      fail(
        'exchange',
        'ETIMEDOUT',
        `no reply: the server replied, and nothing reached this socket within ${serverRepliedGraceMs} ms after (a connected UDP socket drops a reply from another address)`,
      ),
    serverRepliedGraceMs,
  );
};

// The harness holds stdin open until it has the result: its end means the harness is gone, and so is the reason to wait.
process.stdin.setEncoding('utf8');
process.stdin.on('data', onStdin);
process.stdin.on('end', () => process.exit(0));

if (!finished) {
  if (instructions.transport === 'udp') dialUdp();
  else dialTcp();
}
