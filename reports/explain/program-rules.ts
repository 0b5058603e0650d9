import type { ProgramObservation } from '../../harness/outcome.js';
import type { CellFacts } from './facts.js';
import { listeningText, programListening, serverName } from './program-words.js';
import type { ExplanationRule } from './rules.js';

// The rules for a user's own programs (--server-cmd, --client-cmd): a server that never got ready, that exited, that
// listens elsewhere than it was told; a client that failed. The rest of a program's failures are the pairings' own,
// explained by the common rules from where the system shows it listening.

const failedAt = (facts: CellFacts, phase: string): boolean => facts.outcome.status === 'failed' && facts.outcome.phase === phase;

const code = (facts: CellFacts): string => (facts.outcome.status === 'failed' ? facts.outcome.code : '');

const lastLine = (program: ProgramObservation | undefined): string => {
  const line = program?.output
    .split('\n')
    .map((text) => text.trim())
    .filter((text) => text !== '')
    .at(-1);
  return line === undefined ? 'it printed nothing' : `its output ends: ${line.length > 160 ? `${line.slice(0, 160)}...` : line}`;
};

const exitWords = (program: ProgramObservation | undefined): string => {
  const exit = program?.exit;
  if (exit === undefined || exit === null) return 'was stopped by sockmatrix at its time limit';
  return exit.signal !== null ? `was killed by ${exit.signal}` : `exited with status ${exit.code}`;
};

const serverProgram = (facts: CellFacts): ProgramObservation | undefined => facts.outcome.observations.server?.program;
const clientProgram = (facts: CellFacts): ProgramObservation | undefined => facts.outcome.observations.client?.program;

const byHand = (program: ProgramObservation | undefined): string =>
  `run it by hand to see why: ${program?.command.join(' ') ?? 'its command'}`;

/** The program rules tried before the common ones: what only a program does. */
export const programRulesFirst: readonly ExplanationRule[] = [
  {
    id: 'program-not-ready',
    when: (facts) => facts.server.program !== undefined && failedAt(facts, 'server-bind') && code(facts) === 'ENOTREADY',
    why: (facts) => {
      const listening = programListening(facts);
      const where =
        listening === null
          ? 'sockmatrix never saw it take a connection there'
          : listening.length === 0
            ? 'it listened on no TCP port at all (as the system shows)'
            : `it listens on ${listeningText(listening)} instead (as the system shows)`;
      return `${serverName(facts)} was started on ${facts.server.address} with a port of its own, and was not ready within the start-up limit: ${where}; ${lastLine(serverProgram(facts))}.`;
    },
    change: (facts) => [
      'give the program its address and port where it takes them (e.g. --host {address} --port {port}); a program that ignores them cannot be dialed there',
      facts.server.program?.ready === null || facts.server.program?.ready === undefined
        ? 'or tell sockmatrix what it prints once ready: --ready <regex>'
        : `or check --ready: sockmatrix waited for a line matching /${facts.server.program.ready}/, which it never printed`,
      'or give it longer to start: --startup-timeout <ms>',
    ],
  },
  {
    id: 'program-listens-elsewhere',
    when: (facts) =>
      facts.server.program !== undefined &&
      failedAt(facts, 'client-connect') &&
      facts.outcome.observations.server?.bound === null &&
      (programListening(facts)?.length ?? 0) > 0,
    why: (facts) =>
      `${serverName(facts)} was told ${facts.server.address} and a port, and listens on ${listeningText(programListening(facts) ?? [])} instead (as the system shows): the client dialed the port it was told, where nobody listens.`,
    change: () => ['give the program its port where it takes it (e.g. --port {port})'],
  },
  {
    id: 'program-client-answered',
    when: (facts) =>
      facts.client.program !== undefined &&
      failedAt(facts, 'exchange') &&
      facts.server.program === undefined &&
      facts.outcome.observations.server?.received === true,
    why: (facts) => {
      const server = facts.outcome.observations.server;
      const peer = server?.peer === null || server?.peer === undefined ? 'it' : server.peer.address;
      const answer = facts.client.program?.probe === 'http' ? 'an HTTP response' : 'an echo of what it sent';
      return `The connection was made: the server received ${peer === 'it' ? 'the client' : `the client from ${peer}`} and ${server?.replied ? `answered with ${answer}` : 'did not answer'}; ${`your client ${facts.client.agent ?? ''}`.trim()} still ${exitWords(clientProgram(facts))}: ${lastLine(clientProgram(facts))}.`;
    },
    change: (facts) =>
      facts.client.program?.probe === 'http'
        ? [byHand(clientProgram(facts))]
        : [
            "a client that speaks HTTP needs --probe http: sockmatrix's servers then answer it with an HTTP response, where by default they echo",
          ],
  },
];

/** The program rules tried after the common ones: a program's failure no pairing rule explains. */
export const programRulesLast: readonly ExplanationRule[] = [
  {
    id: 'program-exited',
    when: (facts) => facts.server.program !== undefined && failedAt(facts, 'server-bind'),
    why: (facts) =>
      `${serverName(facts)} ${exitWords(serverProgram(facts))} before it listened on ${facts.server.address}; ${lastLine(serverProgram(facts))}.`,
    change: (facts) => [
      byHand(serverProgram(facts)),
      `or, where it cannot take ${facts.server.address}, leave that row out: --server followed by the addresses it takes`,
    ],
  },
  {
    id: 'program-client-failed',
    when: (facts) => facts.client.program !== undefined && facts.outcome.status === 'failed',
    why: (facts) =>
      `${`your client ${facts.client.agent ?? ''}`.trim()} ${exitWords(clientProgram(facts))} dialing ${facts.client.address}; ${lastLine(clientProgram(facts))}${facts.server.program === undefined ? '' : '. Between two programs of yours, sockmatrix sees neither side of the connection, only their exits and output'}.`,
    change: (facts) => [byHand(clientProgram(facts))],
  },
];
