// The server side of a cell: bind, say where, echo what arrives, report what was seen.
// Kept tiny on purpose: every cell starts one, so each import is paid per cell.
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import { isAllowedBind, isLoopbackAddress } from '../../../matrix/loopback.js';
import type { SocketAddress } from '../../outcome.js';
import type { ServerInstructions, ServerMessage } from '../../protocol.js';

const instructions = JSON.parse(process.argv[2] ?? '{}') as ServerInstructions;
const { server, port, token } = instructions;

const say = (message: ServerMessage): void => {
  process.stdout.write(`${JSON.stringify(message)}\n`);
};

// Exit only once the line is flushed: stdout pipes are asynchronous on Windows.
const sayThenExit = (message: ServerMessage): void => {
  process.stdout.write(`${JSON.stringify(message)}\n`, () => process.exit(0));
};

const errorCode = (error: NodeJS.ErrnoException): string => error.code ?? 'UNKNOWN';

// The call Node names in its error (`listen EADDRINUSE`: libuv reports a TCP bind's EADDRINUSE at listen); null for a lookup's.
const bindError = (error: NodeJS.ErrnoException): ServerMessage => ({
  event: 'bind-error',
  code: errorCode(error),
  message: error.message,
  syscall: error.syscall === 'bind' || error.syscall === 'listen' ? error.syscall : null,
});

/** The refusal of an address that is not loopback, as a bind error: sockmatrix binds loopback and the wildcards only. */
const notLoopback = (address: string): NodeJS.ErrnoException => {
  const named = address === server.address ? address : `${server.address} resolved to ${address}, which`;
  return Object.assign(new Error(`${named} is not loopback: sockmatrix binds only loopback addresses and the wildcards`), {
    code: 'ENOTLOOPBACK',
  });
};

type LookupCallback = (error: NodeJS.ErrnoException | null, address?: string, family?: number) => void;

// A name is resolved as the runtime's own bind resolves it, and its address refused unless loopback:
// a hosts file may map localhost anywhere. dgram passes the socket's family as a bare number.
const loopbackLookup = (hostname: string, family: number, callback: LookupCallback): void => {
  dns.lookup(hostname, family, (error, address, resolvedFamily) => {
    if (error) return callback(error);
    if (net.isIP(hostname) === 0 && !isLoopbackAddress(address)) return callback(notLoopback(address));
    callback(null, address, resolvedFamily);
  });
};

const toSocketAddress = (address: string | undefined, port: number | undefined, family: string | number | undefined): SocketAddress => ({
  address: address ?? '',
  port: port ?? 0,
  family: family === 'IPv6' || family === 6 ? 6 : 4,
});

// The harness ends the server by closing stdin; a dead harness closes it too, so no agent outlives it.
const exitWhenStdinCloses = (close: () => void): void => {
  process.stdin.on('end', () => {
    close();
    process.stdout.write('', () => process.exit(0));
  });
  process.stdin.resume();
};

// A user's own client dials this server: `http` answers its request with a response, then closes.
const answerHttp = instructions.answer === 'http';
const httpAnswer = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nConnection: close\r\n\r\nsockmatrix\n';

const serveTcp = (): void => {
  const listener = net.createServer((socket) => {
    const peer = toSocketAddress(socket.remoteAddress, socket.remotePort, socket.remoteFamily);
    let payload = '';
    let answered = false;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      if (answered) return;
      payload += chunk;
      // A request's head ends with an empty line; a head that never ends is answered at 64 KiB.
      if (answerHttp ? !payload.includes('\r\n\r\n') && payload.length < 65_536 : payload.length < token.length) return;
      answered = true;
      say({ event: 'received', peer, bytes: Buffer.byteLength(payload), payloadMatched: payload === token });
      const reply = answerHttp ? httpAnswer : payload;
      const done = (error?: Error | null): void => {
        if (error) say({ event: 'server-error', code: errorCode(error), message: error.message });
        else say({ event: 'replied' });
      };
      if (answerHttp) socket.end(reply, done);
      else socket.write(reply, done);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      say({ event: 'server-error', code: errorCode(error), message: error.message });
    });
  });
  listener.once('error', (error: NodeJS.ErrnoException) => {
    sayThenExit(bindError(error));
  });
  const listen = (host: string): void => {
    listener.listen({ host, port, ipv6Only: server.ipv6Only === true }, () => {
      const bound = listener.address() as net.AddressInfo;
      say({ event: 'ready', bound: toSocketAddress(bound.address, bound.port, bound.family), ipv6OnlyEffective: null });
    });
  };
  exitWhenStdinCloses(() => listener.close());
  // listen() binds a name's first dns.lookup address (no family): the same lookup, checked first, then that address.
  if (net.isIP(server.address) !== 0) listen(server.address);
  else {
    loopbackLookup(server.address, 0, (error, address) => {
      if (error || address === undefined) listener.emit('error', error);
      else listen(address);
    });
  }
};

const serveUdp = (): void => {
  const socket = dgram.createSocket({
    type: server.family === 6 ? 'udp6' : 'udp4',
    ipv6Only: server.ipv6Only === true,
    // SO_REUSEADDR only where the program asks for it; Node 20 has no reusePort, and the matrix never asks it of Node.
    reuseAddr: server.reuseAddr === true,
    lookup: loopbackLookup as unknown as typeof dns.lookup,
  });
  let listening = false;
  socket.on('error', (error: NodeJS.ErrnoException) => {
    if (listening) {
      say({ event: 'server-error', code: errorCode(error), message: error.message });
      return;
    }
    sayThenExit(bindError(error));
  });
  socket.on('message', (datagram, rinfo) => {
    const payload = datagram.toString('utf8');
    say({
      event: 'received',
      peer: toSocketAddress(rinfo.address, rinfo.port, rinfo.family),
      bytes: datagram.length,
      payloadMatched: payload === token,
    });
    socket.send(datagram, rinfo.port, rinfo.address, (error) => {
      if (error) say({ event: 'server-error', code: errorCode(error), message: error.message });
      else say({ event: 'replied' });
    });
  });
  socket.bind({ address: server.address, port }, () => {
    listening = true;
    const bound = socket.address();
    say({ event: 'ready', bound: toSocketAddress(bound.address, bound.port, bound.family), ipv6OnlyEffective: null });
  });
  exitWhenStdinCloses(() => socket.close());
};

// The agent's last guard: a literal is bound only if loopback or a wildcard, before any socket is made.
if (net.isIP(server.address) !== 0 && !isAllowedBind(server.address)) {
  const refusal = notLoopback(server.address);
  sayThenExit({ event: 'bind-error', code: errorCode(refusal), message: refusal.message, syscall: null });
} else if (instructions.transport === 'udp') serveUdp();
else serveTcp();
