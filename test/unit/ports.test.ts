import { describe, expect, it } from 'vitest';
import { ephemeralPortRange, releasePort, reservePort, serverPortRange } from '../../harness/ports.js';

// Servers' ports come from outside the range the kernel hands to client sockets, so no client can take one first.

describe('the range servers’ ports come from', () => {
  it.each([
    { ephemeral: [32768, 60999], range: [24576, 32767] },
    { ephemeral: [49152, 65535], range: [40960, 49151] },
    { ephemeral: [2500, 60000], range: [1024, 2499] },
    { ephemeral: [1024, 50000], range: [50001, 58192] },
    { ephemeral: [1500, 65000], range: [1024, 1499] },
  ] as { ephemeral: [number, number]; range: [number, number] }[])('beside ephemeral $ephemeral is $range', ({ ephemeral, range }) => {
    expect(serverPortRange(ephemeral)).toEqual(range);
  });

  it('reads Linux’s sysctl, and assumes the IANA range elsewhere', () => {
    expect(ephemeralPortRange('linux', () => '10000\t20000\n')).toEqual([10000, 20000]);
    expect(ephemeralPortRange('darwin')).toEqual([49152, 65535]);
  });
});

describe('reserving ports', () => {
  it('gives distinct ports, none of them in this machine’s ephemeral range', async () => {
    const [low, high] = ephemeralPortRange();
    const ports = await Promise.all(Array.from({ length: 40 }, () => reservePort('tcp')));
    for (const port of ports) releasePort('tcp', port);
    expect(new Set(ports).size).toBe(ports.length);
    expect(ports.filter((port) => port >= low && port <= high)).toEqual([]);
  });
});
