import type { ClientEndpoint, Family, ServerEndpoint } from '../dimensions.js';
import { type ProgramSpec, programPrefix, usesPlaceholder } from '../programs.js';

// A user's program's endpoints: the binds a server can be told and the targets a client can be told, loopback and
// the wildcards. A command that takes {family} is told the family of a name too: localhost twice, for 4 and for 6.

/** The server binds a user's program is started on, in order. */
export const programServerAddresses = ['127.0.0.1', '::1', '0.0.0.0', '::', 'localhost'] as const;

/** The targets a user's client program dials, in order. */
export const programClientAddresses = ['127.0.0.1', '::1', 'localhost'] as const;

const familyOf = (address: string): Family | null => (address.includes(':') ? 6 : /^\d/.test(address) ? 4 : null);

/** An address with each family a program is told: its own for a literal; for a name, 4 and 6 where {family} is asked for, else none. */
const withFamilies = (address: string, spec: ProgramSpec): { address: string; family: Family | null }[] => {
  const family = familyOf(address);
  if (family !== null || !usesPlaceholder(spec, 'family')) return [{ address, family }];
  return [
    { address, family: 4 },
    { address, family: 6 },
  ];
};

/** The server endpoints of a user's program named `name`. */
export const programServers = (name: string, spec: ProgramSpec): ServerEndpoint[] =>
  programServerAddresses.flatMap((address) =>
    withFamilies(address, spec).map(
      (bind): ServerEndpoint => ({ runtime: 'program', agent: `${programPrefix}${name}`, ...bind, ipv6Only: null, program: spec }),
    ),
  );

/** The client endpoints of a user's program named `name`. */
export const programClients = (name: string, spec: ProgramSpec): ClientEndpoint[] =>
  programClientAddresses.flatMap((address) =>
    withFamilies(address, spec).map(
      (target): ClientEndpoint => ({ runtime: 'program', agent: `${programPrefix}${name}`, ...target, lookup: null, program: spec }),
    ),
  );
