import { diffReports } from '../../reports/diff.js';
import { formatRenders, formats } from '../../reports/formats/index.js';
import { readReport } from '../../reports/read-report.js';
import { safeLine } from '../../reports/text/control-characters.js';
import { exitCodes, say } from '../exit-codes.js';
import { parseFlags } from '../flag-table.js';
import { defaultOutDir } from '../flags.js';
import { outputStyle } from '../output-style.js';
import { settledFormat } from '../run-options.js';
import { diffUsage } from '../usage.js';
import { UsageError } from '../usage-error.js';

// `sockmatrix diff A B`: the cells whose outcome differs between two reports; exit 1 when any does, so CI can gate on it.

/** Run `sockmatrix diff` with the arguments after its name; resolves to the exit status. */
export const diffCommand = async (argv: readonly string[]): Promise<number> => {
  const { values, positionals: paths } = parseFlags('diff', argv);
  if (values.help) {
    process.stdout.write(diffUsage());
    return exitCodes.ran;
  }
  if (paths.length !== 2) {
    const given = paths.length === 0 ? 'none' : `${paths.length}: ${paths.map((path) => `'${path}'`).join(' ')}`;
    throw new UsageError(
      `diff takes two reports, A and B (report.json files or run folders), got ${given}. Example: sockmatrix diff ${defaultOutDir}/<id> ${defaultOutDir}/latest`,
    );
  }
  const [pathA, pathB] = paths as [string, string];
  const [a, b] = await Promise.all([readReport(pathA), readReport(pathB)]);
  if (!a.ok || !b.ok) {
    for (const result of [a, b]) if (!result.ok) say(`cannot diff: ${safeLine(result.failure.path)} ${safeLine(result.failure.error)}`);
    return exitCodes.usage;
  }
  // A path is shown as one line without control characters: a folder name can hold anything.
  for (const { path, notes } of [a.source, b.source]) for (const note of notes) say(`${safeLine(path)} ${note}`);
  const diff = diffReports(
    { report: a.source.report, source: safeLine(a.source.path) },
    { report: b.source.report, source: safeLine(b.source.path) },
  );
  const format = settledFormat(values, 'diff');
  if (!formatRenders(format, 'diff')) throw new Error(`sockmatrix bug: --format ${format} was taken for diff`);
  process.stdout.write(formats[format].diff(diff, outputStyle(values)));
  return diff.identical ? exitCodes.ran : exitCodes.differs;
};
