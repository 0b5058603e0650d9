import dgram from 'node:dgram';
import net from 'node:net';
import type { Transport } from '../../matrix/dimensions.js';
import type { SocketAddress } from '../outcome.js';

// The checker's own server for the client scenarios: it echoes like a server agent (or, silent, never
// answers), on 127.0.0.1 and a port of the system's choosing, and keeps what arrived, so a client's
// "connected" can be checked.

/** Something that reached the echo server: from where, and what. */
export interface Arrival {
  peer: SocketAddress;
  payload: string;
}

/** A listening echo server. */
export interface EchoServer {
  port: number;
  /** What arrived so far, in order. */
  readonly arrivals: readonly Arrival[];
  /** Resolves when the first arrival comes. */
  readonly arrived: Promise<void>;
  close(): Promise<void>;
}

const toSocketAddress = (address: string | undefined, port: number | undefined, family: string | undefined): SocketAddress => ({
  address: address ?? '',
  port: port ?? 0,
  family: family === 'IPv6' ? 6 : 4,
});

/** The list of arrivals, and a promise of the first. */
const arrivalLog = (): { arrivals: Arrival[]; arrived: Promise<void>; log: (arrival: Arrival) => void } => {
  const arrivals: Arrival[] = [];
  let first = (): void => {};
  const arrived = new Promise<void>((resolve) => {
    first = resolve;
  });
  return {
    arrivals,
    arrived,
    log: (arrival) => {
      arrivals.push(arrival);
      first();
    },
  };
};

const tcpEchoServer = (tokenLength: number, echo: boolean): Promise<EchoServer> =>
  new Promise((resolve, reject) => {
    const { arrivals, arrived, log } = arrivalLog();
    const sockets = new Set<net.Socket>();
    const listener = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
      const peer = toSocketAddress(socket.remoteAddress, socket.remotePort, socket.remoteFamily);
      let payload = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        payload += chunk;
        if (payload.length < tokenLength) return;
        log({ peer, payload });
        if (echo) socket.write(payload);
        payload = '';
      });
    });
    listener.once('error', reject);
    listener.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = listener.address() as net.AddressInfo;
      resolve({
        port,
        arrivals,
        arrived,
        close: () =>
          new Promise((closed) => {
            for (const socket of sockets) socket.destroy();
            listener.close(() => closed());
          }),
      });
    });
  });

const udpEchoServer = (echo: boolean): Promise<EchoServer> =>
  new Promise((resolve, reject) => {
    const { arrivals, arrived, log } = arrivalLog();
    const socket = dgram.createSocket('udp4');
    socket.once('error', reject);
    socket.on('message', (datagram, from) => {
      log({ peer: toSocketAddress(from.address, from.port, from.family), payload: datagram.toString('utf8') });
      if (echo) socket.send(datagram, from.port, from.address);
    });
    socket.bind({ address: '127.0.0.1', port: 0 }, () => {
      socket.off('error', reject);
      socket.on('error', () => {});
      resolve({ port: socket.address().port, arrivals, arrived, close: () => new Promise((closed) => socket.close(() => closed())) });
    });
  });

/** Start an echo server on 127.0.0.1; a TCP one echoes once it has a token's length. A silent one never echoes. */
export const startEchoServer = (transport: Transport, tokenLength: number, { silent = false } = {}): Promise<EchoServer> =>
  transport === 'udp' ? udpEchoServer(!silent) : tcpEchoServer(tokenLength, !silent);
