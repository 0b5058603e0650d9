import type { Cell, ServerEndpoint } from '../../matrix/dimensions.js';
import { type ServerSession, startServerSession } from './server-session.js';

// A user's server is started once per row, not once per cell: every client of the row dials the same start, and the
// last cell of the row to finish stops it. A program that takes seconds to start (a dev server) costs seconds a row.

/** A start of a server lent to one cell: give it back with `release` once the cell is done. */
export interface ServerLease {
  session: ServerSession;
  release: () => void;
}

/** The user's servers of a run, each started when the first cell of its row needs it. */
export interface ProgramServers {
  lease(endpoint: ServerEndpoint): Promise<ServerLease>;
  /** Stop every start still running (an interrupted run), and wait for each to be gone. */
  stopAll(): Promise<void>;
}

const keyOf = (endpoint: ServerEndpoint): string => JSON.stringify(endpoint);

interface Start {
  session: Promise<ServerSession>;
  leased: number;
  released: number;
}

/** The servers of these cells (one pass of a run): each start serves as many cells as its row has, then stops. */
export const programServersFor = (
  cells: readonly Cell[],
  { startupMs, signal }: { startupMs: number; signal: AbortSignal },
): ProgramServers => {
  const rowSize = new Map<string, number>();
  for (const cell of cells) {
    if (cell.kind === 'pair' && cell.server.program !== undefined)
      rowSize.set(keyOf(cell.server), (rowSize.get(keyOf(cell.server)) ?? 0) + 1);
  }
  const current = new Map<string, Start>();
  const running = new Set<Promise<ServerSession>>();
  const stopping = new Set<Promise<void>>();

  const stop = (session: Promise<ServerSession>): void => {
    running.delete(session);
    const stopped = session.then((started) => started.stop());
    stopping.add(stopped);
    void stopped.finally(() => stopping.delete(stopped));
  };

  return {
    lease: async (endpoint) => {
      const key = keyOf(endpoint);
      const size = rowSize.get(key) ?? 1;
      let start = current.get(key);
      // A repeated run (--repeat) meets the row again: its first cell starts the program afresh.
      if (start === undefined || start.leased >= size) {
        start = { session: startServerSession(endpoint, { startupMs, signal }), leased: 0, released: 0 };
        current.set(key, start);
        running.add(start.session);
      }
      const lent = start;
      lent.leased += 1;
      const session = await lent.session;
      return {
        session,
        release: () => {
          lent.released += 1;
          if (lent.released >= size) stop(lent.session);
        },
      };
    },
    stopAll: async () => {
      for (const session of [...running]) stop(session);
      await Promise.all([...stopping]);
    },
  };
};
