import type { Environment } from '../../harness/environment-types.js';
import type { ClientObservation, ServerObservation, SocketAddress } from '../../harness/outcome.js';
import { clientLabel, serverLabel } from '../../matrix/cell-id.js';
import { runtimeName } from '../../matrix/dimensions.js';
import type { Runtime } from '../../matrix/runtimes.js';
import { unexplained } from '../explain/index.js';
import type { Symptom } from '../explain/symptom.js';
import type { ReportCell } from '../report.js';
import type { Snippet } from '../snippets/snippet.js';
import { answerText, listenerText } from './coexist-text.js';
import { describeOutcome } from './outcome-text.js';
import { plural } from './plural.js';
import { httpStatusPart, partsText, programClientParts, programServerParts } from './program-evidence.js';

// `sockmatrix explain` in words for a terminal or a ticket: one cell from its pairing to its fix, and a symptom's
// cells grouped by the explanation they come down to.

const socket = (address: SocketAddress | null): string =>
  address === null ? 'none' : address.family === 6 ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`;

const serverSaw = (server: ServerObservation | null): string => {
  if (server === null) return 'never listened';
  const program = programServerParts(server);
  if (program !== null) return partsText(program);
  const parts = [`bound ${socket(server.bound)}`];
  if (server.ipv6OnlyEffective !== null) parts.push(`IPV6_V6ONLY ${server.ipv6OnlyEffective ? 'on' : 'off'}`);
  parts.push(server.received ? `received from ${socket(server.peer)}${server.replied ? ', replied' : ''}` : 'received nothing');
  return parts.join('; ');
};

const clientSaw = (client: ClientObservation | null): string => {
  if (client === null) return 'never started (the server did not listen)';
  const program = programClientParts(client);
  if (program !== null) return partsText(program);
  const parts: string[] = [];
  if (client.resolved !== null) parts.push(`resolved ${client.resolved.map((entry) => entry.address).join(', ') || 'nothing'}`);
  if (client.attempts.length > 0)
    parts.push(`tried ${client.attempts.map((attempt) => `${attempt.address} (${attempt.code})`).join(', ')}`);
  if (client.remote !== null) parts.push(`talked to ${socket(client.remote)} from ${socket(client.local)}`);
  const status = httpStatusPart(client);
  if (status !== null) parts.push(partsText([status]));
  return parts.join('; ') || 'got no further than its socket';
};

/** Text wrapped at `width`, each line indented by `indent`. */
const wrapped = (text: string, width: number, indent: string): string[] => {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(`${indent}${line}`);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return line === '' ? lines : [...lines, `${indent}${line}`];
};

const snippetLines = (snippet: Snippet): string[] => [
  `Repro, the ${snippet.side} (${snippet.language}; run: ${snippet.run})`,
  ...snippet.code
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => `    ${line}`),
];

const withRuntime = (label: string, endpoint: { runtime: Runtime; agent?: string }): string =>
  `${label}${runtimeName(endpoint) === 'node' ? ' (node)' : ''}`;

/** What each side of a cell was and saw, and the outcome: the head of a cell's explanation. */
const sideLines = (cell: ReportCell): string[] => {
  if (cell.kind === 'coexist') {
    const { first, second, answers } = cell.outcome.observations;
    return [
      `  first    ${withRuntime(serverLabel(cell.transport, cell.first), cell.first)}: ${listenerText(first)}`,
      `  second   ${withRuntime(serverLabel(cell.transport, cell.second), cell.second)}: ${listenerText(second)}`,
      ...answers.map((answer, index) => `  ${index === 0 ? 'dialed ' : '       '}  ${answerText(answer)}`),
      `  outcome  ${describeOutcome(cell.outcome)}`,
    ];
  }
  return [
    `  server   ${withRuntime(serverLabel(cell.transport, cell.server), cell.server)}: ${serverSaw(cell.outcome.observations.server)}`,
    `  client   ${withRuntime(clientLabel(cell.transport, cell.client), cell.client)}: ${clientSaw(cell.outcome.observations.client)}`,
    `  outcome  ${describeOutcome(cell.outcome)}`,
  ];
};

/**
 * One cell, from its endpoints to the fix: what each side was and saw, the outcome, why, what to change, and the repro
 * programs (pairings only: a two-servers cell says so).
 */
export const explainCellLines = (cell: ReportCell, snippets: { server: Snippet; client: Snippet } | null, width: number): string[] => {
  const lines = [cell.id, ...sideLines(cell)];
  const { explanation } = cell;
  if (explanation !== undefined) {
    lines.push('', explanation.rule === unexplained ? 'Why (no rule explains it)' : 'Why', ...wrapped(explanation.why, width, '  '));
    if (explanation.change.length > 0) {
      lines.push('', 'What to change');
      for (const change of explanation.change)
        lines.push(...wrapped(change, width, '    ').map((line, index) => (index === 0 ? `  - ${line.trimStart()}` : line)));
    }
  }
  if (snippets !== null) lines.push('', ...snippetLines(snippets.server), '', ...snippetLines(snippets.client));
  else if (cell.kind === 'coexist') {
    lines.push(
      '',
      ...wrapped(
        'Repro programs are written for pairings only. To see this on your machine, run the pairing cells whose servers these are, one after the other, with the same PORT.',
        width,
        '',
      ),
    );
  }
  return lines;
};

/** The cells a symptom matched, grouped by their explanation (those that dialed a name first, then the commonest), and the cell to detail. */
export const symptomLines = (
  line: string,
  symptom: Symptom,
  cells: readonly ReportCell[],
  source: string,
  environment: Environment,
  width: number,
): { lines: string[]; first: ReportCell | undefined } => {
  const where = symptom.address === null ? '' : ` at ${symptom.address}`;
  const head = `"${line}": ${symptom.code}${where}, in ${plural(cells.length, 'cell', 'cells')} of ${source}.`;
  const groups = new Map<string, ReportCell[]>();
  for (const cell of cells) {
    const key = cell.explanation?.rule ?? unexplained;
    groups.set(key, [...(groups.get(key) ?? []), cell]);
  }
  // A pasted symptom most often comes from a program that dialed a name and left the family to the resolver.
  const plainName = (cell: ReportCell): boolean =>
    cell.kind !== 'coexist' && !/[.:]/.test(cell.client.address) && cell.client.family === null;
  const dialsName = (group: readonly ReportCell[]): number => (group.some(plainName) ? 1 : 0);
  const ordered = [...groups.values()].sort((a, b) => dialsName(b) - dialsName(a) || b.length - a.length);
  const lines = [
    head,
    '',
    ordered.length === 1 ? 'They come down to one explanation:' : `They come down to ${ordered.length} explanations:`,
  ];
  ordered.forEach((group, index) => {
    const [first] = group;
    if (first === undefined) return;
    lines.push(
      '',
      ...wrapped(`${index + 1}. ${first.explanation?.why ?? 'No explanation.'}`, width, '').map((text, at) =>
        at === 0 ? text : `   ${text}`,
      ),
    );
    if ((first.explanation?.change.length ?? 0) > 0)
      lines.push(...wrapped(`What to change: ${first.explanation?.change.join('; ')}`, width, '   '));
    const shown = group.slice(0, 4).map((cell) => cell.id);
    lines.push(
      `   ${group.length === 1 ? 'The cell' : `${group.length} cells, e.g.`}: ${shown.join('; ')}${group.length > shown.length ? '; ...' : ''}`,
    );
  });
  const ownLocalhost = environment.localhost.addresses.map((entry) => entry.address);
  if (symptom.code === 'ECONNREFUSED' && symptom.address === '::1' && ownLocalhost[0] !== '::1') {
    lines.push(
      '',
      ...wrapped(
        `Seen with Node 17+ and localhost? There, localhost resolved to ::1 first while the server listened on 127.0.0.1 only. Here localhost resolves to ${ownLocalhost.join(', ') || 'nothing'}, so this machine cannot show it as such: add --profile localhost-v6-first to run it where it can (sockmatrix explain "${line}" --profile localhost-v6-first).`,
        width,
        '',
      ),
    );
  }
  const first = ordered[0]?.find(plainName) ?? ordered[0]?.[0];
  return { lines, first };
};
