import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkNamespaceSupport } from '../../harness/namespace-runner.js';
import { normalizeCellId } from '../../matrix/filters.js';
import { explainReport } from '../../reports/explain/index.js';
import { parseSymptom, type Symptom, showsSymptom } from '../../reports/explain/symptom.js';
import { readReport } from '../../reports/read-report.js';
import type { Report, ReportCell } from '../../reports/report.js';
import { makeRunId } from '../../reports/run-folder.js';
import { cellSnippets } from '../../reports/snippets/index.js';
import { explainCellLines, symptomLines } from '../../reports/text/explain-text.js';
import { exitCodes, say } from '../exit-codes.js';
import { parseFlags } from '../flag-table.js';
import { defaultOutDir } from '../flags.js';
import { abortOnSignals } from '../interrupt.js';
import { noExpectations } from '../run/expectations-use.js';
import { prepareExpectations, runOnHost } from '../run/host-run.js';
import { chooseProfiles } from '../run/profile-choice.js';
import { runShapedProfile } from '../run/profile-run.js';
import { planRun } from '../run/run-plan.js';
import { parseRun } from '../run-options.js';
import { explainUsage } from '../usage.js';
import { UsageError } from '../usage-error.js';

// `sockmatrix explain <cell id | symptom>`: from what a person saw to why and what to change. A cell is looked up in
// the latest report (or --report); a symptom line finds the cells that show it. What no report holds is run now.

const cellIdShape = /^((tcp|udp)\s+.+\s->\s.+|coexist\s+(tcp|udp)\s+.+\s\+\s.+)$/i;

/** A cell's repro programs: pairings have them, two-servers cells do not (explainCellLines says so). */
const snippetsOf = (cell: ReportCell): ReturnType<typeof cellSnippets> => (cell.kind === 'coexist' ? null : cellSnippets(cell));

/** The report to look in: --report, else the latest run, if there is one; a broken one is a UsageError. */
const loadReport = async (path: string | null): Promise<{ report: Report; source: string } | null> => {
  const where = path ?? join(defaultOutDir, 'latest');
  if (path === null && !existsSync(where)) return null;
  const read = await readReport(where);
  if (!read.ok) throw new UsageError(`explain: ${read.failure.path} ${read.failure.error}`);
  return { report: explainReport(read.source.report), source: read.source.path };
};

/** Run cells now, as a plain run would (no run folder): on this machine, or in one profile's namespace. */
const runNow = async (args: string[], profileNames: readonly string[]): Promise<Report> => {
  const command = parseRun(['--concurrency', '8', ...args]);
  if (command.kind !== 'run') throw new Error('sockmatrix bug: explain built a command line that is not a run');
  const [profile, ...more] = chooseProfiles(profileNames, []);
  if (more.length > 0 || profile === undefined) throw new UsageError('explain: --profile takes one profile, the set-up to explain in.');
  const signal = abortOnSignals();
  if (profile.shape !== null) {
    const support = await checkNamespaceSupport();
    if (!support.ok) throw new UsageError(`explain: profile ${profile.name} cannot run here: ${support.reason}`);
    const shaped = await runShapedProfile(profile, command.options, noExpectations, signal);
    if ('reason' in shaped) throw new UsageError(`explain: profile ${profile.name}: ${shaped.reason}`);
    return shaped.report;
  }
  const plan = planRun(command.options);
  const expectations = await prepareExpectations(noExpectations);
  const startedAt = new Date();
  return runOnHost(plan, command.options, { id: makeRunId(startedAt), startedAt }, expectations, signal);
};

// Where a symptom can come from: the addresses it names (a name may resolve to it), in the runtime whose words it uses.
const candidateArgs = (line: string, symptom: Symptom): string[] => {
  const python = /\[Errno -?\d+\]|gaierror|Error: \[|ConnectionRefusedError/.test(line);
  const side = symptom.side === 'server-bind' ? 'server' : 'client';
  const runtime = python
    ? [`--${side}-runtime`, 'python']
    : /\b(connect|listen|getaddrinfo|bind) E/.test(line)
      ? [`--${side}-runtime`, 'node']
      : [];
  const addresses =
    symptom.address === null ? [] : [`--${side}`, symptom.address === 'localhost' ? 'localhost' : `${symptom.address},localhost`];
  const transport = symptom.side === 'server-bind' || /udp|dgram|recv|send/i.test(line) ? [] : ['--transport', 'tcp'];
  return [...runtime, ...addresses, ...transport];
};

const width = (asked: number | null): number => asked ?? (process.stdout.isTTY ? Math.min(process.stdout.columns, 120) : 100);

/** Run `sockmatrix explain` with the arguments after its name; resolves to the exit status. */
export const explainCommand = async (argv: readonly string[]): Promise<number> => {
  const { values, positionals } = parseFlags('explain', argv);
  if (values.help) {
    process.stdout.write(explainUsage());
    return exitCodes.ran;
  }
  const query = positionals.join(' ').trim();
  if (query === '') {
    throw new UsageError(
      `explain takes a cell id or the error line your program printed. Example: sockmatrix explain "connect ECONNREFUSED ::1:3000"`,
    );
  }
  const columns = width(values.width);
  // A profile is a set-up to run in: a report from disk was made elsewhere.
  const loaded = values.profile.length > 0 ? null : await loadReport(values.report);

  if (cellIdShape.test(query)) {
    const found = loaded?.report.cells.find((cell) => normalizeCellId(cell.id) === normalizeCellId(query));
    const report = found === undefined ? explainReport(await runNow(['--cell', query], values.profile)) : null;
    const cell = found ?? report?.cells[0];
    if (cell === undefined) return exitCodes.interrupted;
    if (found === undefined) say(`${loaded === null ? 'no report yet' : `${loaded.source} has no such cell`}: ran it just now.`);
    process.stdout.write(`${explainCellLines(cell, snippetsOf(cell), columns).join('\n')}\n`);
    return exitCodes.ran;
  }

  const symptom = parseSymptom(query);
  if (symptom === null) {
    throw new UsageError(
      `explain: no error code in '${query}'. Paste the line your program printed, e.g. "connect ECONNREFUSED ::1:3000" or "socket.gaierror: [Errno -9] Address family for hostname not supported", or give a cell id as --list prints it.`,
    );
  }
  let source = loaded?.source ?? '';
  let report = loaded?.report ?? null;
  const environment = report?.environment;
  let matches = report === null || environment === undefined ? [] : report.cells.filter((cell) => showsSymptom(cell, environment, symptom));
  if (matches.length === 0) {
    if (loaded !== null) say(`no cell of ${loaded.source} shows it: running the cells that could, now.`);
    report = explainReport(await runNow(candidateArgs(query, symptom), values.profile));
    source = values.profile.length > 0 ? `a run just now in profile ${values.profile.join(',')}` : 'a run just now';
    const fresh = report;
    matches = fresh.cells.filter((cell) => showsSymptom(cell, fresh.environment, symptom));
  }
  if (report === null || matches.length === 0) {
    say(
      `no cell shows ${symptom.code}${symptom.address === null ? '' : ` at ${symptom.address}`} on this machine. Try the profiles that imitate other set-ups: npx sockmatrix --profile all, then npx sockmatrix explain "${query}" --report <a profile's folder>.`,
    );
    return exitCodes.differs;
  }
  const { lines, first } = symptomLines(query, symptom, matches, source, report.environment, columns);
  if (first !== undefined) lines.push('', 'The first, in detail:', '', ...explainCellLines(first, snippetsOf(first), columns));
  process.stdout.write(`${lines.join('\n')}\n`);
  return exitCodes.ran;
};
