import type { SocketAddress } from '../../harness/outcome.js';
import { commandText } from '../../matrix/program-command.js';
import { type CellFacts, familyWord } from './facts.js';

// How the explanations speak of a user's own program: by its name, with where the system shows it listening (the one
// fact about it that decides a pairing), and with its own command as the fix.

const socketText = ({ address, port, family }: SocketAddress): string => (family === 6 ? `[${address}]:${port}` : `${address}:${port}`);

/** The program by its name, `your server custom:http.server`; `the server` for an agent. */
export const serverName = (facts: CellFacts): string =>
  facts.server.program === undefined ? 'the server' : `your server ${facts.server.agent ?? ''}`.trim();

/** Where a program server listens, as the system shows it; null where the system cannot say (not Linux). */
export const programListening = (facts: CellFacts): SocketAddress[] | null => facts.outcome.observations.server?.program?.listening ?? null;

/** The listening sockets in words: `127.0.0.1:8000, [::1]:8000`. */
export const listeningText = (listening: readonly SocketAddress[]): string => listening.map(socketText).join(', ');

/**
 * A program server's listening, for a sentence: `custom:vite, told localhost, listens on IPv6 ::1 only (as the system
 * shows)`; where it listens on a wildcard, `on every IPv6 address ([::])`.
 */
export const programListens = (facts: CellFacts, where: string): string => {
  const told = facts.server.address === facts.listenAddress ? '' : `, told ${facts.server.address},`;
  const source =
    programListening(facts) === null ? ' (where it was told: this system cannot show where it listens)' : ' (as the system shows)';
  return `${serverName(facts)}${told} listens ${where}${source}`;
};

/** A program's command with another address, as a fix: `python3 -m http.server --bind :: PORT`. */
export const commandWith = (facts: CellFacts, address: string): string =>
  facts.server.program === undefined
    ? address
    : commandText(facts.server.program, { address, port: 'PORT', family: address.includes(':') ? 6 : 4 });

/** The fix that binds both families, for a user's server: its own command told `::`, or run twice. */
export const programBindFix = (facts: CellFacts): string =>
  `make ${serverName(facts)} listen on both families: start it on :: (${commandWith(facts, '::')}), which takes IPv4 too where the program leaves IPV6_V6ONLY off (its [::] row shows whether it does), or on 127.0.0.1 and ::1 both`;

/** `IPv4 127.0.0.1 only`, as `listens` words a specific address. */
export const onlyAt = (facts: CellFacts): string => `on ${familyWord(facts.listenFamily)} ${facts.listenAddress} only`;

/** A user's client program that failed before the agent's server saw a byte of it: it did not get through, as far as anyone saw. */
export const programRefused = (facts: CellFacts): boolean =>
  facts.client.program !== undefined &&
  facts.outcome.status === 'failed' &&
  facts.outcome.phase === 'client-connect' &&
  facts.server.program === undefined &&
  facts.outcome.observations.server?.received === false;
