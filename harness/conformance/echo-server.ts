import dgram from 'node:dgram';
import net from 'node:net';
import type { Transport } from '../../matrix/dimensions.js';
import type { SocketAddress } from '../outcome.js';

// The checker's own server for the client scenarios: it echoes like a server agent, on 127.0.0.1 and a
// port of the system's choosing, and keeps what arrived, so a client's "connected" can be checked.

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
  close(): Promise<void>;
}

const toSocketAddress = (address: string | undefined, port: number | undefined, family: string | undefined): SocketAddress => ({
  address: address ?? '',
  port: port ?? 0,
  family: family === 'IPv6' ? 6 : 4,
});

const tcpEchoServer = (tokenLength: number): Promise<EchoServer> =>
  new Promise((resolve, reject) => {
    const arrivals: Arrival[] = [];
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
        arrivals.push({ peer, payload });
        socket.write(payload);
        payload = '';
      });
    });
    listener.once('error', reject);
    listener.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = listener.address() as net.AddressInfo;
      resolve({
        port,
        arrivals,
        close: () =>
          new Promise((closed) => {
            for (const socket of sockets) socket.destroy();
            listener.close(() => closed());
          }),
      });
    });
  });

const udpEchoServer = (): Promise<EchoServer> =>
  new Promise((resolve, reject) => {
    const arrivals: Arrival[] = [];
    const socket = dgram.createSocket('udp4');
    socket.once('error', reject);
    socket.on('message', (datagram, from) => {
      arrivals.push({ peer: toSocketAddress(from.address, from.port, from.family), payload: datagram.toString('utf8') });
      socket.send(datagram, from.port, from.address);
    });
    socket.bind({ address: '127.0.0.1', port: 0 }, () => {
      socket.off('error', reject);
      socket.on('error', () => {});
      resolve({ port: socket.address().port, arrivals, close: () => new Promise((closed) => socket.close(() => closed())) });
    });
  });

/** Start an echo server on 127.0.0.1; a TCP one echoes once it has a token's length. */
export const startEchoServer = (transport: Transport, tokenLength: number): Promise<EchoServer> =>
  transport === 'udp' ? udpEchoServer() : tcpEchoServer(tokenLength);
