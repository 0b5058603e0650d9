import { isAbsolute, sep } from 'node:path';
import { summarizeOutcome } from '../../harness/cell-outcome.js';
import {
  type CellRuns,
  checkPassed,
  compareWithExpectations,
  distinctSummaries,
  type Expectation,
  expectationSummary,
  mergeExpectations,
  summaryExpectation,
} from '../../matrix/expectations.js';
import { runtimesOfCells } from '../../matrix/filters.js';
import { redactCheck } from '../../reports/redact.js';
import type { CheckRecord, Report } from '../../reports/report.js';
import { setupDifferences, setupFingerprint } from '../../reports/setup-fingerprint.js';
import {
  checkSummaryLine,
  describeSummary,
  flakyText,
  listedVerdicts,
  setupDifferenceLines,
  uncoveredLine,
  verdictLine,
} from '../../reports/text/check-section.js';
import { exitCodes, say } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';
import { redactionHere } from './build-report.js';
import {
  defaultExpectationsPath,
  displayPath,
  type ExpectationsFile,
  expectationsSchema,
  loadExpectations,
  readExpectations,
  saveExpectations,
} from './expectations-file.js';
import { noteNotWritten } from './write-failures.js';

// --check and --update-expectations around a run: load before it (so a bad file fails fast), act on the report after it.

/** Which expectation file a run uses: the one named with --expectations, else expectations/<platform>.json. */
export const expectationsPathFor = (file: string | null, platform: string = process.platform): string =>
  file ?? defaultExpectationsPath(platform);

/** Every run of each cell of a report, in brief: the repeats when the cell ran more than once, else its one outcome. */
export const cellRunsOf = (report: Report): CellRuns[] =>
  report.cells.map((cell) => ({ cellId: cell.id, summaries: cell.repeats ?? [summarizeOutcome(cell.outcome)] }));

/** Load the expectations --check compares with; a missing or broken file is a UsageError that says what to do. */
export const loadForCheck = async (path: string): Promise<ExpectationsFile> => {
  const file = await loadExpectations(path, defaultExpectationsPath(process.platform));
  if (file.platform !== process.platform) {
    say(`note: ${displayPath(path)} holds expectations recorded on ${file.platform}; this machine is ${process.platform}.`);
  }
  return file;
};

/** Read the file --update-expectations merges into (null when there is none yet); refuses another platform's file. */
export const loadForUpdate = async (path: string): Promise<ExpectationsFile | null> => {
  const file = await readExpectations(path);
  if (file !== null && file.platform !== process.platform) {
    throw new UsageError(
      `${displayPath(path)} holds expectations for ${file.platform}, and this machine is ${process.platform}: updating it would mix platforms. Name another file with --expectations <file>.`,
    );
  }
  return file;
};

/** The check record of a report against expectations; the file's path as a report may show it (no home folder). */
export const checkRecord = (report: Report, expectations: ExpectationsFile, path: string): CheckRecord =>
  redactCheck(
    {
      // Forward slashes inside the working directory, so reports from Windows and elsewhere name the same file alike.
      expectations: isAbsolute(displayPath(path)) ? displayPath(path) : displayPath(path).split(sep).join('/'),
      platform: process.platform,
      verdicts: compareWithExpectations(cellRunsOf(report), expectations.cells),
      uncoveredRuntimes: runtimesOfCells(report.cells).filter((runtime) => !expectations.runtimes.includes(runtime)),
      setupDifferences: setupDifferences(expectations.environment, setupFingerprint(report.environment)),
    },
    redactionHere(),
  );

/** Print a report's check on stderr, one line per cell that did not match and a summary; resolves to the exit status. */
export const announceCheck = (report: Report): number => {
  const { check } = report;
  if (check === undefined) return exitCodes.ran;
  // What differs about this machine comes first: it may be the one reason behind every line that follows.
  for (const line of setupDifferenceLines(check)) say(line);
  for (const verdict of listedVerdicts(report, check)) {
    const line = verdictLine(verdict, report);
    if (line !== null) say(line);
  }
  const uncovered = uncoveredLine(report, check);
  if (uncovered !== null) say(uncovered);
  say(checkSummaryLine(check));
  return checkPassed(check.verdicts) ? exitCodes.ran : exitCodes.differs;
};

/** Without --check, a flaky cell is still a finding: one line on stderr for each. */
export const announceFlakyCells = (report: Report): void => {
  for (const cell of report.cells) {
    if (cell.repeats === undefined) continue;
    const seen = distinctSummaries(cell.repeats);
    if (seen.length > 1) say(`${cell.id}: ${flakyText(seen, cell.repeats)}`);
  }
};

const describeExpectation = (expectation: Expectation | null): string =>
  expectation === null ? 'none' : describeSummary(expectationSummary(expectation));

/** Write the report's outcomes into the expectation file, keeping the cells this run did not cover; says what changed. */
export const updateExpectations = async (report: Report, path: string, existing: ExpectationsFile | null): Promise<void> => {
  if (!report.run.complete) {
    say(`not updating ${displayPath(path)}: the run was interrupted, and expectations come only from a complete run.`);
    return;
  }
  const recorded: Record<string, Expectation> = {};
  const skipped: string[] = [];
  for (const { cellId, summaries } of cellRunsOf(report)) {
    const seen = distinctSummaries(summaries);
    const [only] = seen;
    // A flaky cell has no outcome to expect, and a harness error is a sockmatrix bug, never a finding: neither is written.
    const expectation = seen.length === 1 && only !== undefined ? summaryExpectation(only) : null;
    if (expectation === null) skipped.push(`${cellId}: ${seen.length > 1 ? flakyText(seen, summaries) : 'harness error'}`);
    else recorded[cellId] = expectation;
  }
  const { cells, changes } = mergeExpectations(existing?.cells ?? {}, recorded);
  const runtimes = [...new Set([...(existing?.runtimes ?? []), ...runtimesOfCells(report.cells)])];
  try {
    await saveExpectations(path, {
      schema: expectationsSchema,
      platform: process.platform,
      runtimes,
      environment: setupFingerprint(report.environment),
      cells,
    });
  } catch (error) {
    // The cells have run: the run goes on to its end, and exits 4. The write is whole or nothing: the old file stands.
    noteNotWritten(displayPath(path), error as NodeJS.ErrnoException, '--expectations <file>');
    say(`${displayPath(path)} is as it was: nothing in it changed.`);
    return;
  }
  // A new file is all changes: listing every cell would bury the one line that matters.
  if (existing !== null) {
    for (const change of changes) say(`${change.cellId}: ${describeExpectation(change.before)} -> ${describeExpectation(change.after)}`);
  }
  for (const line of skipped) say(`not recorded, ${line}`);
  const total = Object.keys(cells).length;
  if (existing === null) {
    say(`created ${displayPath(path)} with ${total} cells. Review it cell by cell before committing it.`);
    return;
  }
  const kept = total - Object.keys(recorded).length;
  const keptNote = kept > 0 ? `, ${kept} kept as they were (not in this run, or not recorded)` : '';
  const next = changes.length === 0 ? 'Nothing to review.' : 'Review the diff before committing it.';
  say(`wrote ${displayPath(path)}: ${total} cells, ${changes.length} changed${keptNote}. ${next}`);
};
