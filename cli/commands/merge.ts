import { mergeRenderers } from '../../reports/formats/merge-render.js';
import { type MergeInput, mergeReports, type SkippedReport } from '../../reports/merge.js';
import { findReportFiles, readReportFile } from '../../reports/read-report.js';
import { exitCodes, say } from '../exit-codes.js';
import { outputStyle } from '../output-style.js';
import { UsageError } from '../run-flags.js';
import { parseReportCommand } from './report-command-options.js';

// `sockmatrix merge`: many reports (one per machine or CI job) as one table of cells by environment.

/** The help text of `sockmatrix merge`. */
export const mergeUsage = `\
Usage: sockmatrix merge <report or folder>... [options]    (from a checkout: npm run matrix -- merge ...)

Merges reports into one table: rows are cells, columns are environments (named by the run's
--label, else by their fingerprint, e.g. linux-6.18-node20.20). Each argument is a report.json,
a run folder, or a folder searched for report.json files (e.g. reports/runs, or the folder
actions/download-artifact filled). By default only the cells that differ across environments
are shown, marked ≠, then "N cells behave the same everywhere, M differ".

Options:
  --all                      show every cell, not only those that differ
  --format <table|markdown|json>   what goes to stdout (default table; json always lists every cell)
  --json                     the same as --format json
  --no-color                 no colour (also when NO_COLOR is set or stdout is not a terminal)
  --width <columns>          the table width (default: the terminal's, else 120)
  -h, --help                 this text

A report that cannot be read (missing, truncated, another schema version) is named on stderr
and under "Not merged", and the others are merged.
Exit status: 0 merged at least one report, 2 usage error or no readable report at all.
`;

/** Run `sockmatrix merge` with the arguments after its name; resolves to the exit status. */
export const mergeCommand = async (argv: readonly string[]): Promise<number> => {
  const command = parseReportCommand('merge', argv, mergeRenderers);
  if (command.kind === 'help') {
    process.stdout.write(mergeUsage);
    return exitCodes.ran;
  }
  if (command.paths.length === 0) {
    throw new UsageError(
      'merge takes reports to merge: report.json files, run folders, or folders of them. Example: sockmatrix merge reports/runs',
    );
  }
  const inputs: MergeInput[] = [];
  const skipped: SkippedReport[] = [];
  for (const path of command.paths) {
    const found = await findReportFiles(path);
    if ('error' in found) {
      skipped.push({ source: found.path, reason: found.error });
      continue;
    }
    for (const file of found.files) {
      const read = await readReportFile(file);
      if (read.ok) {
        inputs.push({ source: read.source.path, report: read.source.report });
        for (const note of read.source.notes) say(`${file} ${note}`);
      } else skipped.push({ source: read.failure.path, reason: read.failure.error });
    }
  }
  for (const { source, reason } of skipped) say(`not merged: ${source} ${reason}`);
  if (inputs.length === 0) {
    say('nothing to merge: no readable report among the arguments.');
    return exitCodes.usage;
  }
  const merge = mergeReports(inputs, skipped);
  for (const duplicate of merge.skipped.slice(skipped.length)) say(`not merged: ${duplicate.source} ${duplicate.reason}`);
  process.stdout.write(mergeRenderers[command.output.format](merge, { ...outputStyle(command.output), all: command.all }));
  return exitCodes.ran;
};
