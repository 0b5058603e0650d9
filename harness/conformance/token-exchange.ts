import dgram from 'node:dgram';
import net from 'node:net';
import type { Transport } from '../../matrix/dimensions.js';
import type { SocketAddress } from '../outcome.js';

// The checker's own client for the server scenarios: send a token to 127.0.0.1 and wait for its echo.

/** What came of sending the token: the checker's own address, and what came back. */
export interface TokenExchange {
  /** The checker's socket address, as the server should report its peer; null if it never got one. */
  local: SocketAddress | null;
  /** What came back, or null when nothing did within the wait. */
  echo: string | null;
  /** A socket error, e.g. `ECONNREFUSED`, `EOF` for a connection closed before the echo, or null. */
  error: string | null;
}

const familyOf = (family: string | undefined): 4 | 6 => (family === 'IPv6' ? 6 : 4);

const tcpExchange = (port: number, token: string, waitMs: number): Promise<TokenExchange> =>
  new Promise((resolve) => {
    let local: SocketAddress | null = null;
    let echo = '';
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (error: string | null): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ local, echo: echo === '' ? null : echo, error });
    };
    const timer = setTimeout(() => done(null), waitMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      local = { address: socket.localAddress ?? '', port: socket.localPort ?? 0, family: familyOf(socket.localFamily) };
      socket.write(token);
    });
    socket.on('data', (chunk: string) => {
      echo += chunk;
      if (echo.length >= token.length) done(null);
    });
    socket.on('end', () => done(echo.length >= token.length ? null : 'EOF'));
    socket.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });

const udpExchange = (port: number, token: string, waitMs: number): Promise<TokenExchange> =>
  new Promise((resolve) => {
    let local: SocketAddress | null = null;
    const socket = dgram.createSocket('udp4');
    let settled = false;
    const done = (echo: string | null, error: string | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      resolve({ local, echo, error });
    };
    const timer = setTimeout(() => done(null, null), waitMs);
    socket.on('message', (datagram) => done(datagram.toString('utf8'), null));
    socket.on('error', (error: NodeJS.ErrnoException) => done(null, error.code ?? error.message));
    socket.connect(port, '127.0.0.1', () => {
      const address = socket.address();
      local = { address: address.address, port: address.port, family: familyOf(address.family) };
      socket.send(token);
    });
  });

/** Send the token to 127.0.0.1:port and wait up to waitMs for the echo. */
export const exchangeToken = (transport: Transport, port: number, token: string, waitMs: number): Promise<TokenExchange> =>
  transport === 'udp' ? udpExchange(port, token, waitMs) : tcpExchange(port, token, waitMs);
