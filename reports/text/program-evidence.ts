import type { ClientObservation, ProgramObservation, ServerObservation, SocketAddress } from '../../harness/outcome.js';

// What a user's program showed, for every format to word alike: a server's listening sockets as the system shows them,
// its IPV6_V6ONLY, how it ended, the last line of its output; a client's exit status, HTTP status and last line.
// Each part is a plain lead-in and the evidence itself, which a format sets as code.

/** One part of a program's evidence: `listening on ` and `127.0.0.1:8000`. */
export type EvidencePart = readonly [lead: string, evidence: string];

const socketText = ({ address, port, family }: SocketAddress): string => (family === 6 ? `[${address}]:${port}` : `${address}:${port}`);

const lastLine = (output: string): string | null => {
  const line = output
    .split('\n')
    .map((text) => text.trim())
    .filter((text) => text !== '')
    .at(-1);
  return line === undefined ? null : line.length > 160 ? `${line.slice(0, 160)}...` : line;
};

const endParts = (program: ProgramObservation): EvidencePart[] => {
  const parts: EvidencePart[] = [];
  if (program.exit !== null) {
    parts.push(program.exit.signal !== null ? ['killed by ', program.exit.signal] : ['exited with status ', String(program.exit.code)]);
  }
  const said = lastLine(program.output);
  parts.push(said === null ? ['printed nothing', ''] : ['output ends ', said]);
  return parts;
};

/** A user's server's evidence, or null for an agent's observation. */
export const programServerParts = (server: ServerObservation): EvidencePart[] | null => {
  const { program } = server;
  if (program === undefined) return null;
  const listening = program.listening ?? null;
  const parts: EvidencePart[] = [
    listening === null
      ? ['where it listens: not shown by this system', '']
      : listening.length === 0
        ? ['listening on no TCP port (from the system)', '']
        : ['listening (from the system) on ', listening.map(socketText).join(', ')],
  ];
  if (server.ipv6OnlyEffective !== null) parts.push(['IPV6_V6ONLY ', server.ipv6OnlyEffective ? 'on' : 'off']);
  return [...parts, ...endParts(program)];
};

/** A user's client's evidence, or null for an agent's observation. */
export const programClientParts = (client: ClientObservation): EvidencePart[] | null => {
  const { program } = client;
  if (program === undefined) return null;
  const ran: EvidencePart = ['ran ', program.command.join(' ')];
  return [ran, ...(program.exit === null ? [['stopped at its time limit', ''] as const] : []), ...endParts(program)];
};

/** The HTTP status a client's probe saw, as evidence; null without the http probe. */
export const httpStatusPart = (client: ClientObservation): EvidencePart | null =>
  client.httpStatus === undefined ? null : ['HTTP status ', String(client.httpStatus)];

/** Parts as one line of plain text, evidence as it is. */
export const partsText = (parts: readonly EvidencePart[]): string => parts.map(([lead, evidence]) => `${lead}${evidence}`).join('; ');
