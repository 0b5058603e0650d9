import { endianness } from 'node:os';
import type { SocketAddress } from '../outcome.js';

// Linux's table of TCP sockets, /proc/net/tcp and /proc/net/tcp6, read into listening sockets: what a program
// really listens on, whatever it was told. Addresses are hex words in the kernel's byte order; ports are plain hex.

/** A listening socket of the table, with the inode that ties it to a process's file descriptor. */
export interface ListeningSocket extends SocketAddress {
  inode: string;
}

// TCP_LISTEN, the `st` column.
const listenState = '0A';

/** The bytes of one 32-bit word as the kernel printed it, in network order. */
const wordBytes = (hex: string, littleEndian: boolean): number[] => {
  const bytes = [0, 2, 4, 6].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
  return littleEndian ? bytes.reverse() : bytes;
};

/** An IPv6 address from its 16 bytes, as Node writes one: zeros compressed, `::ffff:127.0.0.1` for a mapped one. */
export const ipv6Text = (bytes: readonly number[]): string => {
  const isMapped = bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (isMapped) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups = Array.from({ length: 8 }, (_, index) => ((bytes[2 * index] ?? 0) << 8) | (bytes[2 * index + 1] ?? 0));
  // The longest run of two or more zero groups becomes `::` (RFC 5952).
  let best = { start: -1, length: 0 };
  for (let start = 0; start < 8; start += 1) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length += 1;
    if (length > best.length && length >= 2) best = { start, length };
  }
  const hex = groups.map((group) => group.toString(16));
  if (best.start === -1) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
};

/** The listening sockets of a /proc/net/tcp (family 4) or /proc/net/tcp6 (family 6) text. */
export const parseProcNetTcp = (text: string, family: 4 | 6, littleEndian: boolean = endianness() === 'LE'): ListeningSocket[] =>
  text
    .split('\n')
    .slice(1)
    .flatMap((line): ListeningSocket[] => {
      const fields = line.trim().split(/\s+/);
      const [, local, , state, , , , , , inode] = fields;
      if (local === undefined || state !== listenState || inode === undefined) return [];
      const [addressHex = '', portHex = ''] = local.split(':');
      const words = addressHex.match(/.{8}/g) ?? [];
      const bytes = words.flatMap((word) => wordBytes(word, littleEndian));
      const address = family === 4 ? bytes.join('.') : ipv6Text(bytes);
      return [{ address, port: Number.parseInt(portHex, 16), family, inode }];
    });
