import type { ClientObservation, Observations, ServerObservation, SocketAddress } from '../../../harness/outcome.js';
import { assertNever } from '../../../matrix/assert-never.js';
import { type Phase, phases } from '../../../matrix/outcome-summary.js';
import type { Grid } from '../../grid.js';
import { buildGrids } from '../../grid.js';
import type { RenderOptions } from '../../render-options.js';
import type { Report, ReportCell } from '../../report.js';
import { checkSectionMarkdown } from '../../text/check-section.js';
import { absentSymbol, outcomeCode } from '../../text/codes.js';
import { resolverText, runtimesLine } from '../../text/environment-name.js';
import { buildLegend } from '../../text/legend.js';
import { htmlText, inlineCode, markdownText, tableRow } from '../../text/markdown-text.js';
import { runLine, transportSummary } from '../../text/summary.js';

// The report as Markdown for a bug ticket: environment, grids, legend, and the evidence of every cell that did not connect.
// Issue bodies are capped (GitHub: 65,536 characters), so the evidence is a few short bullets per cell, never a JSON dump.
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

const gridSection = (grid: Grid): string[] => {
  const header = ['server \\ client', ...grid.columns.map((column) => inlineCode(column.label))];
  const rows = grid.rows.map((row, rowIndex) => [
    inlineCode(row.label),
    ...grid.columns.map((_, columnIndex) => {
      const outcome = grid.cells[rowIndex]?.[columnIndex] ?? null;
      return outcome === null ? absentSymbol({ ascii: false }) : markdownText(outcomeCode(outcome, { ascii: false }));
    }),
  ]);
  return [
    `## ${grid.transport.toUpperCase()}: rows = server binds, columns = client targets`,
    '',
    tableRow(header),
    tableRow([':--', ...grid.columns.map(() => ':-:')]),
    ...rows.map(tableRow),
    '',
    transportSummary(grid),
  ];
};

const serverLine = (server: ServerObservation | null): string => {
  if (server === null) return 'server: not listening (it never said it was ready)';
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
  const parts: string[] = [];
  if (client.resolved !== null)
    parts.push(`resolved ${client.resolved.map((address) => inlineCode(address.address)).join(', ') || 'nothing'}`);
  parts.push(`local ${socketAddress(client.local)}`, `remote ${socketAddress(client.remote)}`);
  if (client.attempts.length > 0) {
    const attempts = client.attempts.map((attempt) => inlineCode(`${attempt.address} port ${attempt.port}: ${attempt.code}`));
    parts.push(`attempts ${attempts.join(', ')}`);
  }
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

/** One cell's evidence as a collapsed block: its id in the summary, a few bullets inside. */
const cellDetails = (cell: ReportCell): string[] => {
  const { outcome } = cell;
  const summary = `<details><summary><code>${htmlText(cell.id)}</code></summary>`;
  switch (outcome.status) {
    case 'connected':
      return [];
    case 'failed':
      return [
        summary,
        '',
        `- failed at ${outcome.phase} with ${inlineCode(outcome.code)}: ${inlineCode(outcome.message)}`,
        ...observationLines(outcome.observations),
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
        ...observationLines(outcome.observations),
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
  cells: ReportCell[];
}

/** The cells that did not connect, grouped by (phase, code) in phase order, then the harness errors. */
const failureGroups = (report: Report): FailureGroup[] => {
  const failed = new Map<string, FailureGroup & { phase: Phase; code: string }>();
  const harnessErrors: ReportCell[] = [];
  for (const cell of report.cells) {
    const { outcome } = cell;
    if (outcome.status === 'harness-error') harnessErrors.push(cell);
    if (outcome.status !== 'failed') continue;
    const key = `${outcome.phase} ${outcome.code}`;
    const group = failed.get(key) ?? { heading: '', cells: [], phase: outcome.phase, code: outcome.code };
    group.cells.push(cell);
    failed.set(key, group);
  }
  const ordered = [...failed.values()].sort((a, b) => phases.indexOf(a.phase) - phases.indexOf(b.phase) || a.code.localeCompare(b.code));
  const groups = ordered.map((group) => ({
    heading: `### Failed at ${group.phase} with ${markdownText(group.code)}: ${group.cells.length} ${group.cells.length === 1 ? 'cell' : 'cells'}`,
    cells: group.cells,
  }));
  if (harnessErrors.length > 0) {
    const count = `${harnessErrors.length} ${harnessErrors.length === 1 ? 'cell' : 'cells'}`;
    groups.push({ heading: `### Harness errors (sockmatrix problems, not findings): ${count}`, cells: harnessErrors });
  }
  return groups;
};

/** GitHub's cap on an issue or comment body, in characters. */
export const issueBodyLimit = 65_536;
/** What a whole Markdown report may take: the cap, less room for the words a person adds around it when pasting. */
export const reportBudget = issueBodyLimit - 4_096;

const lineCount = (lines: readonly string[]): number => lines.reduce((total, line) => total + line.length + 1, 0);

/**
 * Which cells of each group keep their evidence within `budget` characters: the first cell of every
 * group first (so each kind of failure shows one example), then the rest in order while they fit.
 */
const keptEvidence = (groups: readonly FailureGroup[], budget: number): Set<ReportCell> => {
  const kept = new Set<ReportCell>();
  let left = budget;
  const longest = Math.max(0, ...groups.map((group) => group.cells.length));
  for (let index = 0; index < longest; index += 1) {
    for (const group of groups) {
      const cell = group.cells[index];
      if (cell === undefined) continue;
      const size = lineCount(cellDetails(cell));
      if (size > left) return kept;
      kept.add(cell);
      left -= size;
    }
  }
  return kept;
};

const evidenceSection = (report: Report, budget: number): string[] => {
  const groups = failureGroups(report);
  if (groups.length === 0) return ['## Evidence', '', 'Every cell in this report connected.'];
  // The headings and the closing notes take their room first; the evidence fills what is left.
  const frame = groups.reduce((total, group) => total + group.heading.length + 160, 400);
  const kept = keptEvidence(groups, budget - frame);
  const left = groups.reduce((total, group) => total + group.cells.filter((cell) => !kept.has(cell)).length, 0);
  const lines = ['## Evidence for the cells that did not connect'];
  for (const group of groups) {
    const shown = group.cells.filter((cell) => kept.has(cell));
    lines.push('', group.heading, '', ...shown.flatMap(cellDetails));
    const more = group.cells.length - shown.length;
    if (more > 0)
      lines.push(
        `- and ${more} more ${more === 1 ? 'cell' : 'cells'} failed the same way: ${inlineCode('report.json')} has each one's evidence`,
      );
  }
  if (left > 0) {
    lines.push(
      '',
      `The evidence of ${left} of the ${groups.reduce((total, group) => total + group.cells.length, 0)} cells that did not connect is left out here, to stay under GitHub's ${issueBodyLimit.toLocaleString('en-US')}-character limit: ${inlineCode('report.json')} in the run folder has every cell's observations.`,
    );
  }
  return lines;
};

/** The report as a Markdown bug ticket: environment, run, the check (if any), grids, legend, and each failing cell's evidence. */
export const renderMarkdownReport = (report: Report, _options: RenderOptions): string => {
  const { os } = report.environment;
  const head = [
    [
      `# sockmatrix: loopback pairings on ${markdownText(`${os.platform} ${os.release} (${os.arch}), ${runtimesLine(report.environment)}`)}`,
    ],
    environmentSection(report),
    runSection(report),
    checkSectionMarkdown(report),
    ...buildGrids(report).map(gridSection),
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
