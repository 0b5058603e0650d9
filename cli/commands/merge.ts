import type { CellKind } from '../../matrix/cell-kinds.js';
import { formatRenders, formats } from '../../reports/formats/index.js';
import { type MergeInput, mergeReports, type SkippedReport } from '../../reports/merge.js';
import { findReportFiles, readReportFile } from '../../reports/read-report.js';
import type { Report } from '../../reports/report.js';
import { safeLine } from '../../reports/text/control-characters.js';
import { exitCodes, say } from '../exit-codes.js';
import { parseFlags } from '../flag-table.js';
import { defaultOutDir } from '../flags.js';
import { outputStyle } from '../output-style.js';
import { settledFormat } from '../run-options.js';
import { mergeUsage } from '../usage.js';
import { UsageError } from '../usage-error.js';

// `sockmatrix merge`: many reports (one per machine or CI job) as one table of cells by environment.
// The paths it shows are found in folders anyone could have filled (downloaded artifacts): one line each, no control characters.

/** A report's cells of the kinds --kind names (every cell without it); a cell without kind is a pair. */
const ofKinds = (report: Report, kinds: readonly CellKind[]): Report =>
  kinds.length === 0 ? report : { ...report, cells: report.cells.filter((cell) => kinds.includes(cell.kind ?? 'pair')) };

/** Run `sockmatrix merge` with the arguments after its name; resolves to the exit status. */
export const mergeCommand = async (argv: readonly string[]): Promise<number> => {
  const { values, positionals: paths } = parseFlags('merge', argv);
  if (values.help) {
    process.stdout.write(mergeUsage());
    return exitCodes.ran;
  }
  if (paths.length === 0) {
    throw new UsageError(
      `merge takes reports to merge: report.json files, run folders, or folders of them. Example: sockmatrix merge ${defaultOutDir}`,
    );
  }
  const inputs: MergeInput[] = [];
  const skipped: SkippedReport[] = [];
  for (const path of paths) {
    const found = await findReportFiles(path);
    if ('error' in found) {
      skipped.push({ source: safeLine(found.path), reason: safeLine(found.error) });
      continue;
    }
    for (const file of found.files) {
      const read = await readReportFile(file);
      if (read.ok) {
        inputs.push({ source: safeLine(read.source.path), report: ofKinds(read.source.report, values.kind) });
        for (const note of read.source.notes) say(`${safeLine(file)} ${note}`);
      } else skipped.push({ source: safeLine(read.failure.path), reason: safeLine(read.failure.error) });
    }
  }
  for (const { source, reason } of skipped) say(`not merged: ${source} ${reason}`);
  if (inputs.length === 0) {
    say('nothing to merge: no readable report among the arguments.');
    return exitCodes.usage;
  }
  const merge = mergeReports(inputs, skipped);
  for (const duplicate of merge.skipped.slice(skipped.length)) say(`not merged: ${duplicate.source} ${duplicate.reason}`);
  const format = settledFormat(values, 'merge');
  if (!formatRenders(format, 'merge')) throw new Error(`sockmatrix bug: --format ${format} was taken for merge`);
  process.stdout.write(formats[format].merge(merge, { ...outputStyle(values), all: values.all }));
  return exitCodes.ran;
};
