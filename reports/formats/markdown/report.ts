import type { CellOutcome } from '../../../harness/cell-outcome.js';
import type { CoexistObservations, ListenerObservation, TargetAnswer } from '../../../harness/coexist-outcome.js';
import type { ClientObservation, Observations, ServerObservation, SocketAddress } from '../../../harness/outcome.js';
import { assertNever } from '../../../matrix/assert-never.js';
import { type Phase, phases } from '../../../matrix/outcome-summary.js';
import { buildCoexistGrids, type CoexistGrid, coexistGridName, coexistKeyLine, coexistSummary } from '../../coexist-grid.js';
import type { Grid } from '../../grid.js';
import { buildGrids } from '../../grid.js';
import type { RenderOptions } from '../../render-options.js';
import type { Explanation, Report, ReportCell } from '../../report.js';
import { checkSectionMarkdown } from '../../text/check-section.js';
import { absentSymbol, outcomeCode } from '../../text/codes.js';
import { gaiConfText, resolverText, runtimesLine } from '../../text/environment-name.js';
import { coexistLabelKey, labelKey } from '../../text/label-key.js';
import { buildLegend } from '../../text/legend.js';
import { htmlText, inlineCode, markdownText, tableRow } from '../../text/markdown-text.js';
import { type EvidencePart, httpStatusPart, programClientParts, programServerParts } from '../../text/program-evidence.js';
import { reproduceCommand } from '../../text/reproduce.js';
import { runLine, transportSummary } from '../../text/summary.js';

// The report as Markdown for a bug ticket: how to make it again, the environment, grids of at most 8 columns with a
// key to their labels, the legend, and what failed and why, one block per kind of failure. Issue bodies are capped
// (GitHub: 65,536 characters), so each block shows one cell's evidence and lists the others; report.json has it all.
// A report read back (a profile's, from its namespace) may hold anything: every word from it is code or escaped text.

const socketAddress = (address: SocketAddress | null): string =>
  address === null
    ? 'none'
    : inlineCode(address.family === 6 ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`);

const environmentSection = (report: Report): string[] => {
  const { environment } = report;
  const { os, linux, localhost, hostsFile } = environment;
  const lines = [
    '## Environment',
    '',
    `- OS: ${inlineCode(`${os.platform} ${os.release}`)} (${markdownText(os.arch)}), ${runtimesLine(environment, inlineCode, markdownText)}`,
    `- IPv6 available: ${environment.ipv6Available ? 'yes' : 'no'}`,
  ];
  if (linux !== null) {
    const sysctl = (name: string, value: number | null): string => inlineCode(`${name}=${value ?? 'unreadable'}`);
    lines.push(
      `- Linux: ${sysctl('net.ipv6.bindv6only', linux.bindv6only)}, ${sysctl('net.ipv6.conf.all.disable_ipv6', linux.disableIpv6All)}, ${sysctl('net.ipv6.conf.lo.disable_ipv6', linux.disableIpv6Lo)}`,
    );
  }
  const interfaces = environment.loopbackInterfaces.map(
    (loopback) => `${inlineCode(loopback.name)} ${loopback.addresses.map(inlineCode).join(', ')}`,
  );
  lines.push(`- Loopback interfaces: ${interfaces.length === 0 ? 'none found' : interfaces.join('; ')}`);
  const resolved = localhost.addresses.map((address) => inlineCode(address.address)).join(', ');
  const resolution = localhost.error === null ? resolved || 'no addresses' : `error ${inlineCode(localhost.error)}`;
  lines.push(`- ${inlineCode('localhost')} resolves to (dns.lookup order): ${resolution}`);
  if (hostsFile === null) lines.push('- Hosts file: not read');
  else {
    const hostsLines = hostsFile.localhostLines.map(inlineCode).join('; ');
    lines.push(`- Hosts file ${inlineCode(hostsFile.path)}: ${hostsLines || 'no line names localhost'}`);
  }
  const resolver = resolverText(environment.resolver, inlineCode);
  if (resolver !== null) lines.push(`- Names resolved through ${resolver}`);
  const gaiConf = gaiConfText(environment.gaiConf, inlineCode);
  if (gaiConf !== null) lines.push(`- The order of a name's addresses: ${gaiConf}`);
  return lines;
};

const runSection = (report: Report): string[] => {
  const { run } = report;
  const { options } = run;
  const { timeouts } = options;
  const lines = [
    '## Run',
    '',
    `- ${markdownText(runLine(report))}`,
    `- ${markdownText(`${run.tool.name} ${run.tool.version}`)}, matrix ${inlineCode(options.matrix)}, transports ${markdownText(options.transports.length > 0 ? options.transports.join(', ') : 'all')}, from ${markdownText(run.startedAt)} to ${markdownText(run.finishedAt)}`,
    `- Timeouts: startup ${timeouts.startupMs} ms, connect ${timeouts.connectMs} ms, exchange ${timeouts.exchangeMs} ms`,
  ];
  if (options.servers.length > 0) lines.push(`- Server filter: ${options.servers.map(inlineCode).join(', ')}`);
  if (options.clients.length > 0) lines.push(`- Client filter: ${options.clients.map(inlineCode).join(', ')}`);
  return lines;
};

/** At most this many client columns per table: GitHub's 1012-pixel column shows them, beside the server labels, without scrolling sideways. */
const columnsPerTable = 5;

// A grid mark that reads without colour: ✓, or ✗ and the code.
const mark = (outcome: CellOutcome | null): string => {
  if (outcome === null) return absentSymbol({ ascii: false });
  const code = markdownText(outcomeCode(outcome, { ascii: false }));
  // A no-break space: the mark and its code stay on one line in a narrow column.
  return outcome.status === 'failed' ? `✗\u00a0${code}` : code;
};

/** A transport's grid as tables of at most 8 client columns, each with every server row, then its key and totals. */
const gridSection = (grid: Grid): string[] => {
  // As many tables as needed, of even size: 17 columns are 6, 6 and 5, not 8, 8 and a lone 1.
  const count = Math.max(1, Math.ceil(grid.columns.length / columnsPerTable));
  const size = Math.ceil(grid.columns.length / count);
  const chunks: number[][] = [];
  grid.columns.forEach((_, index) => {
    if (index % size === 0) chunks.push([]);
    chunks.at(-1)?.push(index);
  });
  const tables = chunks.flatMap((chunk, chunkIndex) => {
    const part = chunks.length === 1 ? '' : ` (client targets ${(chunk[0] ?? 0) + 1}-${(chunk.at(-1) ?? 0) + 1} of ${grid.columns.length})`;
    const header = ['server \\ client', ...chunk.map((index) => inlineCode(grid.columns[index]?.label ?? ''))];
    const rows = grid.rows.map((row, rowIndex) => [
      inlineCode(row.label),
      ...chunk.map((index) => mark(grid.cells[rowIndex]?.[index] ?? null)),
    ]);
    return [
      ...(chunkIndex === 0 ? [] : ['']),
      `### ${grid.transport.toUpperCase()}${part}: rows = server binds, columns = client targets`,
      '',
      tableRow(header),
      tableRow([':--', ...chunk.map(() => ':-:')]),
      ...rows.map(tableRow),
    ];
  });
  const key = labelKey(grid);
  return [
    `## ${grid.transport.toUpperCase()}`,
    '',
    ...tables,
    '',
    markdownText(transportSummary(grid)),
    ...(key.length === 0 ? [] : ['', 'Key:', '', ...key.map((line) => `- ${line}`)]),
  ];
};

/** A two-servers grid as one table (rows: the first listener; columns: the second), then its totals and the key of its marks. */
const coexistGridSection = (grid: CoexistGrid): string[] => {
  const header = ['first \\ second', ...grid.columns.map((column) => inlineCode(column.label))];
  const rows = grid.rows.map((row, rowIndex) => [
    inlineCode(row.label),
    ...grid.columns.map((_, columnIndex) => mark(grid.cells[rowIndex]?.[columnIndex]?.outcome ?? null)),
  ]);
  const key = coexistKeyLine(grid);
  const labels = coexistLabelKey(grid);
  return [
    `## Two servers on one port: ${markdownText(coexistGridName(grid))}`,
    '',
    'rows = the first listener, columns = the second, binding the same port after it',
    '',
    tableRow(header),
    tableRow([':--', ...grid.columns.map(() => ':-:')]),
    ...rows.map(tableRow),
    '',
    markdownText(coexistSummary(grid)),
    ...(key === null && labels.length === 0
      ? []
      : ['', 'Key:', '', ...(key === null ? [] : [`- ${markdownText(key)}`]), ...labels.map((line) => `- ${line}`)]),
  ];
};

const listenerLine = (which: string, listener: ListenerObservation | null): string => {
  if (listener === null) return `${which}: not listening (it never said it was ready)`;
  const parts = [`bound ${socketAddress(listener.bound)}`];
  if (listener.ipv6OnlyEffective !== null) parts.push(`IPV6_V6ONLY ${listener.ipv6OnlyEffective ? 'on' : 'off'}`);
  parts.push(listener.received.length === 0 ? 'received nothing' : `received from ${listener.received.map(socketAddress).join(', ')}`);
  if (listener.error !== null) parts.push(`then ${inlineCode(listener.error.code)}: ${inlineCode(listener.error.message)}`);
  return `${which}: ${parts.join(', ')}`;
};

const answerLine = (answer: TargetAnswer): string => {
  const who =
    answer.answeredBy === 'nobody'
      ? `nobody${answer.code === null ? '' : ` (${inlineCode(answer.code)})`}`
      : `the ${answer.answeredBy} server${answer.code === null ? '' : `, but the client got ${inlineCode(answer.code)}`}`;
  const resolved = answer.client?.resolved ?? null;
  const name = resolved === null ? '' : ` (resolved ${resolved.map((entry) => inlineCode(entry.address)).join(', ') || 'nothing'})`;
  return `dialed ${inlineCode(answer.target)}${name}: ${who}`;
};

const coexistObservationLines = (observations: CoexistObservations): string[] => [
  `- ${listenerLine('first server', observations.first)}`,
  `- ${listenerLine('second server', observations.second)}`,
  ...observations.answers.map((answer) => `- ${answerLine(answer)}`),
];

const evidence = (parts: readonly EvidencePart[]): string =>
  parts.map(([lead, shown]) => (shown === '' ? lead : `${lead}${inlineCode(shown)}`)).join(', ');

const serverLine = (server: ServerObservation | null): string => {
  if (server === null) return 'server: not listening (it never said it was ready)';
  const program = programServerParts(server);
  if (program !== null) return `server: your program, ${evidence(program)}`;
  const parts = [`bound ${socketAddress(server.bound)}`];
  if (!server.received) parts.push('received nothing');
  else {
    parts.push(`received from ${socketAddress(server.peer)}`);
    if (server.payloadMatched === false) parts.push('but not this cell’s token');
    parts.push(server.replied ? 'replied' : 'did not reply');
  }
  if (server.error !== null) parts.push(`then ${inlineCode(server.error.code)}: ${inlineCode(server.error.message)}`);
  return `server: ${parts.join(', ')}`;
};

const clientLine = (client: ClientObservation | null): string => {
  if (client === null) return 'client: no observation (not started, or it gave no result)';
  const program = programClientParts(client);
  if (program !== null) return `client: your program, ${evidence(program)}`;
  const parts: string[] = [];
  if (client.resolved !== null)
    parts.push(`resolved ${client.resolved.map((address) => inlineCode(address.address)).join(', ') || 'nothing'}`);
  parts.push(`local ${socketAddress(client.local)}`, `remote ${socketAddress(client.remote)}`);
  if (client.attempts.length > 0) {
    const attempts = client.attempts.map((attempt) => inlineCode(`${attempt.address} port ${attempt.port}: ${attempt.code}`));
    parts.push(`attempts ${attempts.join(', ')}`);
  }
  const status = httpStatusPart(client);
  if (status !== null) parts.push(evidence([status]));
  return `client: ${parts.join(', ')}`;
};

const observationLines = (observations: Observations): string[] => [
  `- ${serverLine(observations.server)}`,
  `- ${clientLine(observations.client)}`,
];

const fence = (text: string): string => {
  const longestRun = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const marker = '`'.repeat(longestRun + 1);
  return `${marker}text\n${text.replace(/\n$/, '')}\n${marker}`;
};

/** What both sides (or both servers and each target) of a cell observed, as bullets. */
const cellObservationLines = (cell: ReportCell): string[] =>
  cell.kind === 'coexist' ? coexistObservationLines(cell.outcome.observations) : observationLines(cell.outcome.observations);

/** One cell's evidence as a collapsed block: its id in the summary (the group's example when it has more), a few bullets inside. */
const cellDetails = (cell: ReportCell, example = false): string[] => {
  const { outcome } = cell;
  const summary = `<details><summary>${example ? 'Evidence of the first: ' : 'Evidence: '}<code>${htmlText(cell.id)}</code></summary>`;
  switch (outcome.status) {
    case 'connected':
    case 'coexisted':
      return [];
    case 'failed':
      return [
        summary,
        '',
        `- failed at ${outcome.phase} with ${inlineCode(outcome.code)}: ${inlineCode(outcome.message)}`,
        ...cellObservationLines(cell),
        '',
        '</details>',
      ];
    case 'harness-error': {
      const side = outcome.side === null ? '' : ` (${markdownText(outcome.side)} agent)`;
      const stderr = outcome.stderr.trim() === '' ? ['- stderr: empty'] : ['- stderr:', '', fence(outcome.stderr)];
      return [
        summary,
        '',
        `- harness error ${inlineCode(outcome.reason)}${side}: ${inlineCode(outcome.message)}`,
        ...cellObservationLines(cell),
        ...stderr,
        '',
        '</details>',
      ];
    }
    default:
      return assertNever(outcome);
  }
};

interface FailureGroup {
  heading: string;
  /** The explanation of the group's first cell: why, and what to change. */
  explanation: Explanation | undefined;
  cells: ReportCell[];
}

const cellCount = (count: number): string => `${count} ${count === 1 ? 'cell' : 'cells'}`;

/**
 * The cells that did not connect, grouped where they failed the same way for the same reason (phase, code and
 * explanation rule), in phase order, then the harness errors: one block per group, not one per cell.
 */
const failureGroups = (report: Report): FailureGroup[] => {
  const failed = new Map<string, FailureGroup & { phase: Phase; code: string }>();
  const harnessErrors: ReportCell[] = [];
  for (const cell of report.cells) {
    const { outcome } = cell;
    if (outcome.status === 'harness-error') harnessErrors.push(cell);
    if (outcome.status !== 'failed') continue;
    const key = `${outcome.phase} ${outcome.code} ${cell.explanation?.rule ?? ''}`;
    const group = failed.get(key) ?? { heading: '', explanation: cell.explanation, cells: [], phase: outcome.phase, code: outcome.code };
    group.cells.push(cell);
    failed.set(key, group);
  }
  const ordered = [...failed.values()].sort(
    (a, b) => phases.indexOf(a.phase) - phases.indexOf(b.phase) || a.code.localeCompare(b.code) || b.cells.length - a.cells.length,
  );
  const groups: FailureGroup[] = ordered.map((group) => ({
    heading: `### ✗ ${inlineCode(group.code)} at ${group.phase}: ${cellCount(group.cells.length)}`,
    explanation: group.explanation,
    cells: group.cells,
  }));
  if (harnessErrors.length > 0) {
    groups.push({
      heading: `### Harness errors (sockmatrix problems, not findings): ${cellCount(harnessErrors.length)}`,
      explanation: undefined,
      cells: harnessErrors,
    });
  }
  return groups;
};

/** GitHub's cap on an issue or comment body, in characters. */
export const issueBodyLimit = 65_536;
/** What a whole Markdown report may take: the cap, less room for the words a person adds around it when pasting. */
export const reportBudget = issueBodyLimit - 4_096;

const lineCount = (lines: readonly string[]): number => lines.reduce((total, line) => total + line.length + 1, 0);

const explanationLines = (explanation: Explanation | undefined, many: boolean): string[] => {
  if (explanation === undefined) return [];
  const why = `**Why**${many ? ', for the first of them' : ''}: ${markdownText(explanation.why)}`;
  const change =
    explanation.change.length === 0 ? [] : ['', '**What to change**:', '', ...explanation.change.map((line) => `- ${markdownText(line)}`)];
  return ['', why, ...change];
};

/** The ids of a group's cells in a collapsed list, cut to `room` characters with a line saying how many more report.json has. */
const cellList = (cells: readonly ReportCell[], room: number): string[] => {
  const items = cells.map((cell) => `- ${inlineCode(cell.id)}`);
  let kept = items.length;
  while (kept > 1 && lineCount(items.slice(0, kept)) > room) kept -= 1;
  const more = items.length - kept;
  return [
    `<details><summary>The ${cellCount(cells.length)}</summary>`,
    '',
    ...items.slice(0, kept),
    ...(more > 0 ? [`- and ${more} more: ${inlineCode('report.json')} lists them all`] : []),
    '',
    '</details>',
  ];
};

const evidenceSection = (report: Report, budget: number): string[] => {
  const groups = failureGroups(report);
  if (groups.length === 0) return ['## What failed, and why', '', 'Every cell in this report connected.'];
  // Each group's heading, explanation and one cell's evidence come first; the cell lists share what is left.
  const essentials = groups.map((group) => [
    '',
    group.heading,
    ...explanationLines(group.explanation, group.cells.length > 1),
    '',
    ...(group.cells[0] === undefined ? [] : cellDetails(group.cells[0], group.cells.length > 1)),
  ]);
  const room = Math.max(0, budget - essentials.reduce((total, lines) => total + lineCount(lines), 200));
  const perGroup = Math.floor(room / groups.length);
  const lines = [
    '## What failed, and why',
    '',
    `Cells that failed the same way for the same reason are one block; ${inlineCode('report.json')} has every cell's evidence.`,
  ];
  groups.forEach((group, index) => {
    lines.push(...(essentials[index] ?? []));
    if (group.cells.length > 1) lines.push('', ...cellList(group.cells, perGroup));
  });
  return lines;
};

/** The report as a Markdown bug ticket: environment, run, the check (if any), grids, legend, and each failing cell's evidence. */
export const renderMarkdownReport = (report: Report, _options: RenderOptions): string => {
  const { os } = report.environment;
  const head = [
    [
      `# sockmatrix: loopback pairings on ${markdownText(`${os.platform} ${os.release} (${os.arch}), ${runtimesLine(report.environment)}`)}`,
      '',
      `Made by sockmatrix ${/^[\w.+-]+$/.test(report.run.tool.version) ? report.run.tool.version : inlineCode(report.run.tool.version)}, which runs a real server and a real client for every pairing. To run these cells again: ${inlineCode(reproduceCommand(report))}.`,
    ],
    environmentSection(report),
    runSection(report),
    checkSectionMarkdown(report),
    ...buildGrids(report).map(gridSection),
    ...buildCoexistGrids(report).map(coexistGridSection),
    [
      '## Legend',
      '',
      ...buildLegend(report, { ascii: false }).map((entry) => `- ${markdownText(entry.symbol)} = ${markdownText(entry.meaning)}`),
    ],
  ];
  const used = head.reduce((total, lines) => total + lineCount(lines) + 1, 0);
  const sections = [...head, evidenceSection(report, reportBudget - used)];
  return `${sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n')}\n`;
};
