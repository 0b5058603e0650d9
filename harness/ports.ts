import { readFileSync } from 'node:fs';
import getPort from 'get-port';
import type { Transport } from '../matrix/dimensions.js';

// Ports for concurrent cells. Each server gets a port that is free on every local address and that
// no running cell holds (TCP or UDP), so a client that misses its own server cannot meet another
// cell's server on the same number. The port comes from outside the kernel's range for outgoing
// connections: a port from inside it could be taken by any client socket (this run's or another
// program's) between the reservation and the server's bind, a port-conflict that is nobody's finding.

const inUse: Record<Transport, Set<number>> = { tcp: new Set(), udp: new Set() };

/** The kernel's range for outgoing (ephemeral) ports: Linux's sysctl, else the IANA range macOS and Windows use. */
export const ephemeralPortRange = (
  platform: NodeJS.Platform = process.platform,
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): [number, number] => {
  if (platform === 'linux') {
    try {
      const [low, high] = read('/proc/sys/net/ipv4/ip_local_port_range').trim().split(/\s+/).map(Number);
      if (Number.isInteger(low) && Number.isInteger(high)) return [low as number, high as number];
    } catch {
      // No procfs: assume the Linux default.
    }
    return [32768, 60999];
  }
  return [49152, 65535];
};

/** Where servers' ports come from: just below the ephemeral range, else just above it, 8192 ports at most. */
export const serverPortRange = ([low, high]: [number, number]): [number, number] => {
  if (low - 1 >= 1024 + 1024) return [Math.max(1024, low - 8192), low - 1];
  if (high + 1 <= 65535 - 1024) return [high + 1, Math.min(65535, high + 8192)];
  // An ephemeral range that covers nearly everything leaves no room outside it: take the low ports above 1024.
  return [1024, Math.min(low - 1, 65535)];
};

const [rangeLow, rangeHigh] = serverPortRange(ephemeralPortRange());

/** Candidates from a random place in the range, so two runs at once do not try the same ports in the same order. */
const candidates = (count: number): number[] => {
  const size = rangeHigh - rangeLow + 1;
  const start = Math.floor(Math.random() * size);
  return Array.from({ length: Math.min(count, size) }, (_, index) => rangeLow + ((start + index) % size));
};

/** Reserve a port for one cell's server; give it back with `releasePort`. */
export const reservePort = async (transport: Transport): Promise<number> => {
  const port = await getPort({ port: candidates(64), exclude: [...inUse.tcp, ...inUse.udp] });
  inUse[transport].add(port);
  return port;
};

/** Give back a port reserved for a cell that has finished. */
export const releasePort = (transport: Transport, port: number): void => {
  inUse[transport].delete(port);
};
