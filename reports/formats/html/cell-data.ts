import type { CellOutcome } from '../../../harness/cell-outcome.js';
import type { ListenerObservation, TargetAnswer } from '../../../harness/coexist-outcome.js';
import type { ClientObservation, ServerObservation, SocketAddress } from '../../../harness/outcome.js';
import { assertNever } from '../../../matrix/assert-never.js';
import { clientLabel, serverLabel } from '../../../matrix/cell-id.js';
import { runtimeName } from '../../../matrix/dimensions.js';
import { type CellVerdict, distinctSummaries } from '../../../matrix/expectations.js';
import type { OutcomeStatus } from '../../../matrix/outcome-summary.js';
import type { Report, ReportCell } from '../../report.js';
import type { CellSnippets, Snippet } from '../../snippets/snippet.js';
import { describeSeen, verdictText } from '../../text/check-section.js';
import { outcomeCode } from '../../text/codes.js';
import { connectedWords } from '../../text/connected-words.js';
import { type EvidencePart, httpStatusPart, programClientParts, programServerParts } from '../../text/program-evidence.js';
import { visibleText } from './escape.js';

// What the page's script shows when a cell is clicked: each cell's evidence as plain data (strings, never markup),
// worded as report.md words it. The script puts every string in with textContent.

/** A line of text: plain runs and code runs (addresses, codes, messages), which the page sets in monospace. */
export type Line = (string | { code: string })[];

/** A repro program as the page shows it. */
export interface PageSnippet {
  title: string;
  run: string;
  language: string;
  code: string;
}

/** One cell's evidence, as the page's JSON holds it. */
export interface PageCell {
  /** The cell id, and what the address bar names it by (the id, prefixed by the profile in a profile set). */
  id: string;
  anchor: string;
  status: OutcomeStatus;
  /** The grid's code: `✓`, `REFUSED`, `b:INVAL`, `!ERR`. */
  code: string;
  outcome: Line;
  facts: [string, Line][];
  /** What each side observed, a line each: a pairing's server and client; two servers and each target dialed. */
  observed: Line[];
  stderr: string | null;
  verdict: { kind: CellVerdict['kind']; text: string } | null;
  explanation: { rule: string; why: string; change: string[] } | null;
  /** Indexes into the page's snippets, server's then client's: cells that share a program share its entry. */
  snippets: [number, number] | null;
}

/** All the page's data: the cells by the index their grid buttons carry, and the repro programs they point to. */
export interface PageData {
  cells: PageCell[];
  snippets: PageSnippet[];
}

const code = (text: string): { code: string } => ({ code: visibleText(text) });

const socketAddress = (address: SocketAddress | null): Line =>
  address === null
    ? ['none']
    : [code(address.family === 6 ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`)];

/** Lines joined with a separator, as `join` does for strings. */
const joined = (lines: readonly Line[], separator: string): Line =>
  lines.flatMap((line, index) => (index === 0 ? line : [separator, ...line]));

const evidence = (parts: readonly EvidencePart[]): Line =>
  joined(
    parts.map(([lead, shown]): Line => (shown === '' ? [lead] : [lead, code(shown)])),
    ', ',
  );

const serverLine = (server: ServerObservation | null): Line => {
  if (server === null) return ['server: not listening (it never said it was ready)'];
  const program = programServerParts(server);
  if (program !== null) return ['server: your program, ', ...evidence(program)];
  const parts: Line[] = [['bound ', ...socketAddress(server.bound)]];
  if (!server.received) parts.push(['received nothing']);
  else {
    parts.push(['received from ', ...socketAddress(server.peer)]);
    if (server.payloadMatched === false) parts.push(['but not this cell’s token']);
    parts.push([server.replied ? 'replied' : 'did not reply']);
  }
  if (server.error !== null) parts.push(['then ', code(server.error.code), ': ', code(server.error.message)]);
  return ['server: ', ...joined(parts, ', ')];
};

const clientLine = (client: ClientObservation | null): Line => {
  if (client === null) return ['client: no observation (not started, or it gave no result)'];
  const program = programClientParts(client);
  if (program !== null) return ['client: your program, ', ...evidence(program)];
  const parts: Line[] = [];
  if (client.resolved !== null) {
    const resolved = client.resolved.map((address) => [code(address.address)]);
    parts.push(['resolved ', ...(resolved.length === 0 ? ['nothing'] : joined(resolved, ', '))]);
  }
  parts.push(['local ', ...socketAddress(client.local)], ['remote ', ...socketAddress(client.remote)]);
  if (client.attempts.length > 0) {
    const attempts = client.attempts.map((attempt) => [code(`${attempt.address} port ${attempt.port}: ${attempt.code}`)]);
    parts.push(['attempts ', ...joined(attempts, ', ')]);
  }
  const status = httpStatusPart(client);
  if (status !== null) parts.push(evidence([status]));
  return ['client: ', ...joined(parts, ', ')];
};

const listenerLine = (which: string, listener: ListenerObservation | null): Line => {
  if (listener === null) return [`${which}: not listening (it never said it was ready)`];
  const parts: Line[] = [['bound ', ...socketAddress(listener.bound)]];
  if (listener.ipv6OnlyEffective !== null) parts.push([`IPV6_V6ONLY ${listener.ipv6OnlyEffective ? 'on' : 'off'}`]);
  parts.push(
    listener.received.length === 0 ? ['received nothing'] : ['received from ', ...joined(listener.received.map(socketAddress), ', ')],
  );
  if (listener.error !== null) parts.push(['then ', code(listener.error.code), ': ', code(listener.error.message)]);
  return [`${which}: `, ...joined(parts, ', ')];
};

const answerLine = (answer: TargetAnswer): Line => {
  const who: Line =
    answer.answeredBy === 'nobody'
      ? ['nobody', ...(answer.code === null ? [] : [' (', code(answer.code), ')'])]
      : [`the ${answer.answeredBy} server`, ...(answer.code === null ? [] : [', but the client got ', code(answer.code)])];
  const resolved = answer.client?.resolved ?? null;
  const name: Line =
    resolved === null
      ? []
      : [
          ' (resolved ',
          ...joined(
            resolved.map((entry) => [code(entry.address)]),
            ', ',
          ),
          ')',
        ];
  return ['dialed ', code(answer.target), ...name, ': ', ...who];
};

/** The outcome in a line: `failed at client-connect with ECONNREFUSED: connect ECONNREFUSED 127.0.0.2:41547`. */
const outcomeLine = (outcome: CellOutcome, cell: ReportCell): Line => {
  switch (outcome.status) {
    case 'connected':
      return [`connected: ${cell.kind === 'coexist' ? 'the echo came back intact' : connectedWords(cell)}`];
    case 'coexisted':
      return ['coexisted: both servers listen on the port'];
    case 'failed':
      return [`failed at ${outcome.phase} with `, code(outcome.code), ': ', code(outcome.message)];
    case 'harness-error': {
      const side = outcome.side === null ? '' : ` (${outcome.side} agent)`;
      return ['harness error ', code(outcome.reason), `${side}: `, code(outcome.message)];
    }
    default:
      return assertNever(outcome);
  }
};

/** The repro programs of a page, each program once however many cells share it. */
export class SnippetTable {
  readonly snippets: PageSnippet[] = [];
  private readonly indexes = new Map<string, number>();

  /** The index of a program, added when new. */
  add(snippet: Snippet): number {
    const entry = {
      title: visibleText(`${snippet.side} (${snippet.runtime})`),
      run: visibleText(snippet.run),
      language: visibleText(snippet.language),
      code: visibleText(snippet.code),
    };
    const key = JSON.stringify(entry);
    const known = this.indexes.get(key);
    if (known !== undefined) return known;
    this.snippets.push(entry);
    this.indexes.set(key, this.snippets.length - 1);
    return this.snippets.length - 1;
  }
}

/** One cell's evidence for the page; `anchorPrefix` tells apart the same cell in several profiles. */
export const pageCell = (
  report: Report,
  cell: ReportCell,
  table: SnippetTable,
  snippetsOf: CellSnippets,
  anchorPrefix: string,
): PageCell => {
  const { outcome, transport } = cell;
  const facts: [string, Line][] = [
    ['transport', [visibleText(transport)]],
    ...(cell.kind === 'coexist'
      ? ([
          ['first', [code(serverLabel(transport, cell.first)), ` in ${visibleText(runtimeName(cell.first))}`]],
          ['second', [code(serverLabel(transport, cell.second)), ` in ${visibleText(runtimeName(cell.second))}`]],
        ] satisfies [string, Line][])
      : ([
          ['server', [code(serverLabel(transport, cell.server)), ` in ${visibleText(runtimeName(cell.server))}`]],
          ['client', [code(clientLabel(transport, cell.client)), ` in ${visibleText(runtimeName(cell.client))}`]],
        ] satisfies [string, Line][])),
    ['took', [`${cell.durationMs} ms`]],
  ];
  if (cell.repeats !== undefined && cell.repeats.length > 1) {
    facts.push(['runs', [visibleText(describeSeen(distinctSummaries(cell.repeats), cell.repeats))]]);
  }
  const verdict = report.check?.verdicts.find((candidate) => candidate.cellId === cell.id) ?? null;
  const verdictLine = verdict === null ? null : verdictText(verdict, report);
  // Repro programs are written for pairings only.
  const snippets = cell.kind === 'coexist' ? null : snippetsOf(cell);
  const observed =
    cell.kind === 'coexist'
      ? [
          listenerLine('first server', cell.outcome.observations.first),
          listenerLine('second server', cell.outcome.observations.second),
          ...cell.outcome.observations.answers.map(answerLine),
        ]
      : [serverLine(cell.outcome.observations.server), clientLine(cell.outcome.observations.client)];
  const { explanation } = cell;
  return {
    id: visibleText(cell.id),
    anchor: visibleText(`${anchorPrefix}${cell.id}`),
    status: outcome.status,
    code: visibleText(outcomeCode(outcome, { ascii: false })),
    outcome: outcomeLine(outcome, cell),
    facts,
    observed,
    stderr: outcome.status === 'harness-error' ? visibleText(outcome.stderr) : null,
    verdict: verdict === null ? null : { kind: verdict.kind, text: visibleText(verdictLine ?? 'as expected') },
    explanation:
      explanation === undefined
        ? null
        : { rule: visibleText(explanation.rule), why: visibleText(explanation.why), change: explanation.change.map(visibleText) },
    snippets: snippets === null ? null : [table.add(snippets.server), table.add(snippets.client)],
  };
};
