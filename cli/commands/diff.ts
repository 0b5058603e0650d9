import { diffReports } from '../../reports/diff.js';
import { diffRenderers } from '../../reports/formats/diff-render.js';
import { readReport } from '../../reports/read-report.js';
import { exitCodes, say } from '../exit-codes.js';
import { outputStyle } from '../output-style.js';
import { UsageError } from '../run-flags.js';
import { parseReportCommand } from './report-command-options.js';

// `sockmatrix diff A B`: the cells whose outcome differs between two reports; exit 1 when any does, so CI can gate on it.

/** The help text of `sockmatrix diff`. */
export const diffUsage = `\
Usage: sockmatrix diff <A> <B> [options]      (from a checkout: npm run matrix -- diff <A> <B>)

Compares two reports cell by cell and lists the cells whose outcome (status, phase, code)
differs, side by side, under each report's environment. A and B are report.json files or
run folders (e.g. reports/runs/latest).

Options:
  --format <table|markdown|json>   what goes to stdout (default table)
  --json                     the same as --format json
  --no-color                 no colour (also when NO_COLOR is set or stdout is not a terminal)
  --width <columns>          the table width (default: the terminal's, else 120)
  -h, --help                 this text

Exit status: 0 the same cells with the same outcomes, 1 they differ (or a cell is in only
one report), 2 usage error or a report that cannot be read.
`;

/** Run `sockmatrix diff` with the arguments after its name; resolves to the exit status. */
export const diffCommand = async (argv: readonly string[]): Promise<number> => {
  const command = parseReportCommand('diff', argv, diffRenderers);
  if (command.kind === 'help') {
    process.stdout.write(diffUsage);
    return exitCodes.ran;
  }
  if (command.paths.length !== 2) {
    const given = command.paths.length === 0 ? 'none' : `${command.paths.length}: ${command.paths.map((path) => `'${path}'`).join(' ')}`;
    throw new UsageError(
      `diff takes two reports, A and B (report.json files or run folders), got ${given}. Example: sockmatrix diff reports/runs/<id> reports/runs/latest`,
    );
  }
  const [pathA, pathB] = command.paths as [string, string];
  const [a, b] = await Promise.all([readReport(pathA), readReport(pathB)]);
  if (!a.ok || !b.ok) {
    for (const result of [a, b]) if (!result.ok) say(`cannot diff: ${result.failure.path} ${result.failure.error}`);
    return exitCodes.usage;
  }
  for (const { path, notes } of [a.source, b.source]) for (const note of notes) say(`${path} ${note}`);
  const diff = diffReports({ report: a.source.report, source: a.source.path }, { report: b.source.report, source: b.source.path });
  process.stdout.write(diffRenderers[command.output.format](diff, outputStyle(command.output)));
  return diff.identical ? exitCodes.ran : exitCodes.differs;
};
