import { readdir, readFile, readlink } from 'node:fs/promises';

// A process group as Linux's /proc shows it: which processes are in it, and which sockets they hold. A user's
// program may hand its listening socket to a child (npx, a dev server's worker): the group holds them all.

const numeric = /^\d+$/;

/** The process group of a /proc/<pid>/stat line (the fifth field, counted after the command name in parentheses); null for a zombie, which runs nothing and holds no socket. */
export const groupOfStat = (stat: string): number | null => {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const group = Number(fields[2]);
  return fields[0] !== 'Z' && fields[2] !== undefined && Number.isInteger(group) ? group : null;
};

/** The pids of the live processes in a group. */
export const groupMembers = async (group: number): Promise<number[]> => {
  const names = await readdir('/proc').catch(() => [] as string[]);
  const members = await Promise.all(
    names
      .filter((name) => numeric.test(name))
      .map(async (name) => {
        const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
        return groupOfStat(stat) === group ? [Number(name)] : [];
      }),
  );
  return members.flat();
};

/** The inodes of the sockets the processes hold open (`socket:[12345]` links under /proc/<pid>/fd). */
export const socketInodes = async (pids: readonly number[]): Promise<Set<string>> => {
  const inodes = new Set<string>();
  await Promise.all(
    pids.map(async (pid) => {
      const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
      await Promise.all(
        fds.map(async (fd) => {
          const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
          const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
          if (inode !== undefined) inodes.add(inode);
        }),
      );
    }),
  );
  return inodes;
};
