import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { type ListeningSocket, parseProcNetTcp } from './proc-net-tcp.js';
import { groupMembers, socketInodes } from './process-group.js';

// Where a user's program really listens, from the system: the TCP sockets in LISTEN state whose inodes its process
// group holds. Linux only (/proc); elsewhere it is not known, and the report says so (null).

/** Whether this system's sockets can be read here. */
export const canReadListeningSockets = (platform: NodeJS.Platform = process.platform): boolean => platform === 'linux';

/** Every listening TCP socket of this network namespace, IPv4 then IPv6. */
export const listeningSockets = async (): Promise<ListeningSocket[]> => {
  const [ipv4, ipv6] = await Promise.all([
    readFile('/proc/net/tcp', 'utf8').catch(() => ''),
    readFile('/proc/net/tcp6', 'utf8').catch(() => ''),
  ]);
  return [...parseProcNetTcp(ipv4, 4), ...parseProcNetTcp(ipv6, 6)];
};

/** The listening sockets a process group holds, in the kernel's order; null where the system cannot say. */
export const listeningSocketsOfGroup = async (group: number, onlyPort?: number): Promise<ListeningSocket[] | null> => {
  if (!canReadListeningSockets()) return null;
  const listening = (await listeningSockets()).filter((socket) => onlyPort === undefined || socket.port === onlyPort);
  // The table is cheap to read and a group is not: the group is looked at once something listens.
  if (listening.length === 0) return [];
  const inodes = await socketInodes(await groupMembers(group));
  return listening.filter((socket) => inodes.has(socket.inode));
};

/** IPV6_V6ONLY of listening IPv6 sockets by inode, as `ss -e` reads it from the kernel (sock_diag); empty without ss. */
export const v6onlyByInode = async (): Promise<Map<string, boolean>> => {
  const result = await execa('ss', ['-tlneH'], { reject: false, timeout: 5_000, stdin: 'ignore' });
  const found = new Map<string, boolean>();
  if (result.exitCode !== 0 || typeof result.stdout !== 'string') return found;
  for (const line of result.stdout.split('\n')) {
    const inode = /\bino:(\d+)/.exec(line)?.[1];
    const v6only = /\bv6only:([01])\b/.exec(line)?.[1];
    if (inode !== undefined && v6only !== undefined) found.set(inode, v6only === '1');
  }
  return found;
};
