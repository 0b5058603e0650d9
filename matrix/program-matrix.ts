import { programClients, programServers } from './endpoints/program.js';
import type { MatrixDefinition } from './matrix-definition.js';
import { type ProgramSpec, programPrefix } from './programs.js';

// A matrix about a user's own programs: TCP only (a handshake or an HTTP response is what is judged of them).
// A server program's binds are the rows, dialed by every client of every runtime (and the user's client program);
// a client program alone dials every server of every runtime.

/** A user's program on one side: its name (after `custom:`) and how it runs. */
export interface ProgramSide {
  name: string;
  spec: ProgramSpec;
}

/** The user's programs of a run: a server, a client, both, or neither. */
export interface ProgramSides {
  server: ProgramSide | null;
  client: ProgramSide | null;
}

/** The matrix with the user's programs in it; the base matrix itself where there is none. */
export const matrixWithPrograms = (base: MatrixDefinition, { server, client }: ProgramSides): MatrixDefinition => {
  if (server === null && client === null) return base;
  const tcp = base.plans.tcp ?? { servers: [], clients: [] };
  const clientPrograms = client === null ? [] : programClients(client.name, client.spec);
  const names = [server, client].flatMap((side) => (side === null ? [] : [`${programPrefix}${side.name}`]));
  return {
    name: `${base.name}+${[...new Set(names)].join('+')}`,
    plans: {
      tcp:
        server === null
          ? { servers: tcp.servers, clients: clientPrograms }
          : { servers: programServers(server.name, server.spec), clients: [...tcp.clients, ...clientPrograms] },
    },
  };
};
