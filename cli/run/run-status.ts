import type { Report } from '../../reports/report.js';
import { exitCodes, say } from '../exit-codes.js';
import { cellRunsOf } from './check-mode.js';
import { notWrittenFiles } from './write-failures.js';

// The exit status of a run whose cells ran, once its output is out: the interruption first, then a file that
// could not be written (4), then a run in which sockmatrix could not run a single pairing (5), then the check's.

/** Whether every run of every cell was a harness error: no finding at all, only sockmatrix breaking. */
export const everyCellBroken = (reports: readonly Report[]): boolean => {
  const runs = reports.flatMap((report) => cellRunsOf(report).flatMap((cell) => cell.summaries));
  return runs.length > 0 && runs.every((run) => run.status === 'harness-error');
};

/** Where the evidence of a run is, for people: the Markdown reports written, else the JSON ones, else none. */
const evidenceOf = (files: readonly string[]): string => {
  const markdown = files.filter((file) => file.endsWith('.md'));
  const shown = markdown.length > 0 ? markdown : files.filter((file) => file.endsWith('.json'));
  return shown.length > 0
    ? `each agent's stderr is in ${shown.join(', ')}`
    : 'the report could not be written (above), so run it again with --out <dir> somewhere writable to see each agent’s stderr';
};

/** The exit status of a complete run; says when no pairing could be run at all. `files` are the report files written. */
export const runExitStatus = (reports: readonly Report[], files: readonly string[], checkStatus: number): number => {
  const broken = everyCellBroken(reports);
  if (broken) {
    const cells = reports.reduce((total, report) => total + report.cells.length, 0);
    say(
      `could not run a single pairing: every one of the ${cells} ${cells === 1 ? 'cell' : 'cells'} was a harness error (sockmatrix or its agents broke, not the pairings); ${evidenceOf(files)}.`,
    );
  }
  if (notWrittenFiles().length > 0) return exitCodes.notWritten;
  if (broken) return exitCodes.allBroken;
  return checkStatus;
};
