import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { appendStepSummary, isGitHubActions, warningAnnotation } from '../../reports/github-actions.js';
import type { Report } from '../../reports/report.js';
import { reportName } from '../../reports/text/environment-name.js';
import { inlineCode, markdownText } from '../../reports/text/markdown-text.js';
import { say } from '../exit-codes.js';
import { lookupOrder } from './expectation-names.js';
import { displayPath } from './expectations-file.js';
import type { ExpectationsUse } from './expectations-use.js';

// A --check that found no expectation file for its setup and recorded one instead (--expectations-missing record):
// what to review and where to commit it, on stderr, and on GitHub Actions in the step summary and an annotation.

/** What a recording run tells people: which setup, the file it wrote, where that file sits in an upload of --out, where it belongs. */
export interface RecordedExpectations {
  /** The run's label, else its fingerprint name: `macos-latest-node22`. */
  name: string;
  /** The file written, as people read a path here. */
  file: string;
  /** The same file relative to the --out folder, as an artifact of that folder holds it: `<run id>/expectations/darwin.json`. */
  inArtifact: string;
  /** Where it belongs once reviewed: `expectations/darwin.json`. */
  commitAs: string;
  lookedFor: string[];
}

const slashes = (path: string): string => path.split(sep).join('/');

/** The line on stderr. */
export const recordedLine = (recorded: RecordedExpectations): string =>
  `no expectations for ${recorded.name} yet: this run recorded its outcomes in ${recorded.file} instead of checking them. Review that file cell by cell, then commit it as ${slashes(recorded.commitAs)}: the next --check uses it.`;

/** The annotation's title and message: short, since GitHub shows them on the run's page. */
export const recordedAnnotation = (recorded: RecordedExpectations): string =>
  warningAnnotation(
    `sockmatrix: no expectations for ${recorded.name} yet`,
    `review and commit ${recorded.inArtifact} from this job's artifact as ${slashes(recorded.commitAs)}; this run checked nothing`,
  );

/** The paragraph for the step summary. */
export const recordedMarkdown = (recorded: RecordedExpectations): string =>
  [
    `### sockmatrix: no expectations for ${markdownText(recorded.name)} yet`,
    '',
    `**Review and commit ${inlineCode(recorded.inArtifact)} from this job's artifact as ${inlineCode(slashes(recorded.commitAs))}.**`,
    '',
    `sockmatrix looked for ${inlineCode(slashes(lookupOrder(recorded.lookedFor)))} and found none, so this run recorded its outcomes` +
      ` (on the runner: ${inlineCode(slashes(recorded.file))}) instead of checking them: no cell was checked.` +
      ' Every line of the file is a claim about this platform: read it before committing it. The next run checks against it.',
    '',
  ].join('\n');

/** What a recording run wrote, or null when it wrote nothing (interrupted, or the write failed: both said already). */
export const recordedExpectations = (report: Report, use: ExpectationsUse, outDir: string): RecordedExpectations | null => {
  if (use.mode !== 'record' || use.missing === null || !existsSync(use.path)) return null;
  return {
    name: reportName(report),
    file: displayPath(use.path),
    inArtifact: slashes(relative(outDir, use.path)),
    commitAs: use.missing.commitAs,
    lookedFor: use.missing.lookedFor,
  };
};

/**
 * Say what a recording run wrote and where it belongs; on GitHub Actions, in the step summary and an annotation too,
 * written to `annotations` (stderr where stdout carries a JSON or JUnit document: the runner reads both).
 */
export const announceRecorded = async (
  report: Report,
  use: ExpectationsUse,
  outDir: string,
  annotations: NodeJS.WritableStream,
): Promise<void> => {
  const recorded = recordedExpectations(report, use, outDir);
  if (recorded === null) return;
  say(recordedLine(recorded));
  if (!isGitHubActions(process.env)) return;
  annotations.write(`${recordedAnnotation(recorded)}\n`);
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary === undefined || summary === '') return;
  try {
    await appendStepSummary(summary, recordedMarkdown(recorded));
  } catch (error) {
    say(
      `step summary: could not append to '${summary}' (${(error as NodeJS.ErrnoException).code ?? String(error)}); the line above says the same`,
    );
  }
};
