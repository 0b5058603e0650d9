import { runtimeName, type ServerEndpoint } from '../../../matrix/dimensions.js';
import { checkPassed } from '../../../matrix/expectations.js';
import { outcomeStatuses } from '../../../matrix/outcome-summary.js';
import type { CoexistGrid } from '../../coexist-grid.js';
import type { Grid } from '../../grid.js';
import type { CheckRecord, Report } from '../../report.js';
import { checkSummaryLine, listedVerdicts, setupDifferenceLines, uncoveredLine, verdictText } from '../../text/check-section.js';
import { environmentLine, runtimesLine } from '../../text/environment-name.js';
import { runLine } from '../../text/summary.js';
import { htmlText } from './escape.js';
import { statusKey, statusLabels } from './legend.js';

// The parts of a report page around its grids: the run and environment, the check, the filters.

const code = (text: string): string => `<code>${htmlText(text)}</code>`;

/** A definition list of name and value pairs, the values already markup. */
const pairs = (entries: readonly [string, string][]): string =>
  `<dl class="pairs">${entries.map(([name, value]) => `<dt>${htmlText(name)}</dt><dd>${value}</dd>`).join('')}</dl>`;

/** The environment as report.md lists it, each value as code. */
export const environmentPairs = (report: Report): [string, string][] => {
  const { environment } = report;
  const { os, linux, localhost, hostsFile } = environment;
  const entries: [string, string][] = [
    ['OS', `${code(`${os.platform} ${os.release}`)} (${htmlText(os.arch)})`],
    ['Runtimes', htmlText(runtimesLine(environment))],
    ['IPv6 available', environment.ipv6Available ? 'yes' : 'no'],
  ];
  if (linux !== null) {
    const sysctl = (name: string, value: number | null): string => code(`${name}=${value ?? 'unreadable'}`);
    entries.push([
      'Linux',
      [
        sysctl('net.ipv6.bindv6only', linux.bindv6only),
        sysctl('net.ipv6.conf.all.disable_ipv6', linux.disableIpv6All),
        sysctl('net.ipv6.conf.lo.disable_ipv6', linux.disableIpv6Lo),
      ].join(', '),
    ]);
  }
  const interfaces = environment.loopbackInterfaces.map((loopback) => `${code(loopback.name)} ${loopback.addresses.map(code).join(', ')}`);
  entries.push(['Loopback interfaces', interfaces.length === 0 ? 'none found' : interfaces.join('; ')]);
  const resolved = localhost.addresses.map((address) => code(address.address)).join(', ');
  entries.push([
    'localhost resolves to',
    `${localhost.error === null ? resolved || 'no addresses' : `error ${code(localhost.error)}`} <span class="muted">(dns.lookup order)</span>`,
  ]);
  if (hostsFile === null) entries.push(['Hosts file', 'not read']);
  else {
    const lines = hostsFile.localhostLines.map(code).join('; ');
    entries.push(['Hosts file', `${code(hostsFile.path)}: ${lines || 'no line names localhost'}`]);
  }
  return entries;
};

/** How the run was made, as report.md lists it. */
const runPairs = (report: Report): [string, string][] => {
  const { run } = report;
  const { options } = run;
  const { timeouts } = options;
  const entries: [string, string][] = [
    ['Tool', htmlText(`${run.tool.name} ${run.tool.version}`)],
    ['Matrix', code(options.matrix)],
    ['Transports', htmlText(options.transports.length > 0 ? options.transports.join(', ') : 'all')],
    ['From, to', htmlText(`${run.startedAt} to ${run.finishedAt}`)],
    ['Timeouts', htmlText(`startup ${timeouts.startupMs} ms, connect ${timeouts.connectMs} ms, exchange ${timeouts.exchangeMs} ms`)],
  ];
  if (options.servers.length > 0) entries.push(['Server filter', options.servers.map(code).join(', ')]);
  if (options.clients.length > 0) entries.push(['Client filter', options.clients.map(code).join(', ')]);
  const runtimes = [...(options.runtimes ?? []), ...(options.serverRuntimes ?? []), ...(options.clientRuntimes ?? [])];
  if (runtimes.length > 0) entries.push(['Runtime filter', runtimes.map(code).join(', ')]);
  if (run.profile !== undefined) entries.push(['Profile', `${code(run.profile.name)}: ${htmlText(run.profile.imitates)}`]);
  return entries;
};

/** The run line, the environment line, and the details of both, folded. */
export const runAndEnvironment = (report: Report): string =>
  [
    `<p class="run-line${report.run.complete ? '' : ' interrupted'}">${htmlText(runLine(report))}</p>`,
    `<p class="env-line">${htmlText(environmentLine(report.environment))}</p>`,
    '<details class="about"><summary>Environment and run details</summary>',
    pairs([...environmentPairs(report), ...runPairs(report)]),
    '</details>',
  ].join('\n');

/** The check's verdicts to list, in the order people read them: deviations, flaky cells, new cells. */
const verdictOrder = ['deviated', 'flaky', 'new'] as const;

/** The check against expectations, each listed cell a button that opens it; empty without --check. */
export const checkSection = (report: Report, cellIndex: (cellId: string) => number | undefined): string => {
  const { check } = report;
  if (check === undefined) return '';
  const listed = listedVerdicts(report, check);
  const item = (verdict: CheckRecord['verdicts'][number]): string => {
    const index = cellIndex(verdict.cellId);
    const cell =
      index === undefined
        ? code(verdict.cellId)
        : `<button type="button" class="link" data-cell="${index}">${htmlText(verdict.cellId)}</button>`;
    return `<li><span class="verdict-kind">${htmlText(verdict.kind)}</span> ${cell}: ${htmlText(verdictText(verdict, report) ?? 'as expected')}</li>`;
  };
  const groups = verdictOrder.flatMap((kind) => {
    const verdicts = listed.filter((verdict) => verdict.kind === kind);
    if (verdicts.length === 0) return [];
    const list = `<ul class="verdicts">${verdicts.map(item).join('\n')}</ul>`;
    // New cells can be hundreds (a runtime the file predates): folded, where deviations and flaky cells are not.
    return kind === 'new' && verdicts.length > 10
      ? [`<details><summary>${verdicts.length} new cells (no expectation yet: not failures)</summary>${list}</details>`]
      : [list];
  });
  const uncovered = uncoveredLine(report, check);
  const passed = checkPassed(check.verdicts);
  const [heading, ...differences] = setupDifferenceLines(check);
  const setup =
    heading === undefined
      ? []
      : [
          `<p>${htmlText(heading)}</p>`,
          `<ul class="setup">${differences.map((line) => `<li>${htmlText(line.replace(/^ *- /, ''))}</li>`).join('')}</ul>`,
        ];
  return [
    `<section class="check${passed ? '' : ' failed-check'}">`,
    '<h2>Check against expectations</h2>',
    `<p><strong>${htmlText(checkSummaryLine(check))}</strong></p>`,
    ...setup,
    ...groups,
    ...(uncovered === null ? [] : [`<p>${htmlText(uncovered)}</p>`]),
    '</section>',
  ].join('\n');
};

const checkbox = (filter: string, value: string, label: string): string =>
  `<label><input type="checkbox" data-filter="${filter}" value="${htmlText(value)}" checked> ${label}</label>`;

/** The filter bar over the grids of a page: by transport, server runtime, client runtime and outcome (the server of a two-servers row is its first). */
export const filterBar = (grids: readonly Grid[], coexistGrids: readonly CoexistGrid[] = []): string => {
  const distinct = (values: readonly string[]): string[] => [...new Set(values)];
  const transports = distinct([...grids, ...coexistGrids].map((grid) => grid.transport));
  const serverRuntimes = distinct(
    [...grids, ...coexistGrids].flatMap((grid) => grid.rows.map((row: { server: ServerEndpoint }) => runtimeName(row.server))),
  );
  const clientRuntimes = distinct(grids.flatMap((grid) => grid.columns.map((column) => runtimeName(column.client))));
  const group = (legend: string, boxes: readonly string[]): string => `<fieldset><legend>${legend}</legend>${boxes.join('')}</fieldset>`;
  return [
    '<form class="filters" aria-label="Filter the grids">',
    group(
      'Transport',
      transports.map((transport) => checkbox('transport', transport, htmlText(transport.toUpperCase()))),
    ),
    group(
      'Server',
      serverRuntimes.map((runtime) => checkbox('sr', runtime, htmlText(runtime))),
    ),
    group(
      'Client',
      clientRuntimes.map((runtime) => checkbox('cr', runtime, htmlText(runtime))),
    ),
    group(
      'Outcome',
      outcomeStatuses.map((status) => checkbox('status', status, `${statusKey(status)} ${statusLabels[status]}`)),
    ),
    '<span class="tail"><output id="shown-count" aria-live="polite"></output><button type="button" class="text" id="filters-reset">show all</button></span>',
    '</form>',
    '<p class="hint">Click a cell, or focus it and press Enter, for what each side observed; arrow keys move between cells, Esc closes.</p>',
    '<p class="none-shown" id="none-shown" hidden>No cell matches these filters.</p>',
  ].join('\n');
};
