import { existsSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { checkPassed } from '../../matrix/expectations.js';
import { appendStepSummary, isGitHubActions, warningAnnotation } from '../../reports/github-actions.js';
import type { Report } from '../../reports/report.js';
import { type SetupNameParts, setupNameParts, setupNamePartsOfFingerprint } from '../../reports/setup-fingerprint.js';
import { reportName } from '../../reports/text/environment-name.js';
import { inlineCode, markdownText } from '../../reports/text/markdown-text.js';
import { say } from '../exit-codes.js';
import { updateExpectations } from './check-mode.js';
import { expectationsFolder, lookupOrder } from './expectation-names.js';
import { displayPath } from './expectations-file.js';
import type { PreparedExpectations } from './host-run.js';

// With --expectations-missing record, a run writes an expectation file for review into its run folder: where its setup
// has none (it checks nothing), or where its check failed against a file recorded on a setup named otherwise (another
// hosts file, another Node major: it writes the file this setup would take). Said on stderr, and on GitHub Actions
// in the step summary and a warning annotation.

/** Why a run recorded a file: no file for its setup, or a failed check against another setup's file. */
export type RecordedBecause = { kind: 'none-found'; lookedFor: string[] } | { kind: 'other-setup'; checked: string; differences: string };

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
  because: RecordedBecause;
}

const slashes = (path: string): string => path.split(sep).join('/');

const title = (recorded: RecordedExpectations): string =>
  recorded.because.kind === 'none-found'
    ? `no expectations for ${recorded.name} yet`
    : `${recorded.name} has no expectation file of its own yet`;

/** The line on stderr. */
export const recordedLine = (recorded: RecordedExpectations): string => {
  const commitAs = slashes(recorded.commitAs);
  if (recorded.because.kind === 'none-found') {
    return `${title(recorded)}: this run recorded its outcomes in ${recorded.file} instead of checking them. Review that file cell by cell, then commit it as ${commitAs}: the next --check uses it.`;
  }
  const { checked, differences } = recorded.because;
  return `${checked} was recorded on another setup (${differences}), so this run also recorded its outcomes in ${recorded.file}. If they are right for this setup, review that file cell by cell and commit it as ${commitAs}: a --check here takes it before ${checked}.`;
};

/** The annotation: short, since GitHub shows it on the run's page. */
export const recordedAnnotation = (recorded: RecordedExpectations): string => {
  const commit = `review and commit ${recorded.inArtifact} from this job's artifact as ${slashes(recorded.commitAs)}`;
  if (recorded.because.kind === 'none-found')
    return warningAnnotation(`sockmatrix: ${title(recorded)}`, `${commit}; this run checked nothing`);
  const { checked, differences } = recorded.because;
  return warningAnnotation(
    `sockmatrix: ${title(recorded)}`,
    `${checked} was recorded on another setup (${differences}); if this run's outcomes are right for this one, ${commit}`,
  );
};

/** The paragraph for the step summary. */
export const recordedMarkdown = (recorded: RecordedExpectations): string => {
  const file = inlineCode(recorded.inArtifact);
  const commitAs = inlineCode(slashes(recorded.commitAs));
  const onRunner = `(on the runner: ${inlineCode(slashes(recorded.file))})`;
  const body =
    recorded.because.kind === 'none-found'
      ? [
          `**Review and commit ${file} from this job's artifact as ${commitAs}.**`,
          '',
          `sockmatrix looked for ${inlineCode(slashes(lookupOrder(recorded.because.lookedFor)))} and found none, so this run recorded its outcomes ${onRunner} instead of checking them: no cell was checked.` +
            ' Every line of the file is a claim about this platform: read it before committing it. The next run checks against it.',
        ]
      : [
          `**If this run's outcomes are right for its setup, review and commit ${file} from this job's artifact as ${commitAs}.**`,
          '',
          `The check ran against ${inlineCode(slashes(recorded.because.checked))}, recorded on another setup (${markdownText(recorded.because.differences)}), and failed;` +
            ` this run also recorded its outcomes ${onRunner}. Committed, that file is checked here before ${inlineCode(slashes(recorded.because.checked))}.`,
        ];
  return [`### sockmatrix: ${markdownText(title(recorded))}`, '', ...body, ''].join('\n');
};

/** The file of a run that found none for its setup, as written; null when it wrote nothing (interrupted, or the write failed: both said already). */
export const recordedExpectations = (report: Report, prepared: PreparedExpectations, outDir: string): RecordedExpectations | null => {
  const { use } = prepared;
  if (use.mode !== 'record' || use.missing === null || !existsSync(use.path)) return null;
  return {
    name: reportName(report),
    file: displayPath(use.path),
    inArtifact: slashes(relative(outDir, use.path)),
    commitAs: use.missing.commitAs,
    because: { kind: 'none-found', lookedFor: use.missing.lookedFor },
  };
};

/**
 * The file this setup would take, where the file it was checked against was recorded on a setup named otherwise:
 * the parts of the checked file's name, and each part that differs (Node major, localhost) and its name lacks.
 * `expectations/linux.localhost-v6v4.json` for a runner whose localhost is ::1 first, checked against linux.json
 * recorded where it was 127.0.0.1. Null where no part differs.
 */
export const ownFileFor = (
  platform: string,
  checkedFile: string,
  recorded: Partial<SetupNameParts>,
  here: SetupNameParts,
): { file: string; differences: string } | null => {
  const named = basename(checkedFile, '.json').split('.');
  const parts = (['node', 'localhost'] as const).filter((part) => named.includes(here[part]));
  const differing = (['node', 'localhost'] as const).filter(
    (part) => recorded[part] !== undefined && recorded[part] !== here[part] && !named.includes(here[part]),
  );
  if (differing.length === 0) return null;
  const keys = (['node', 'localhost'] as const)
    .filter((part) => parts.includes(part) || differing.includes(part))
    .map((part) => here[part]);
  return {
    file: join(expectationsFolder, `${[platform, ...keys].join('.')}.json`),
    differences: differing.map((part) => `${recorded[part]} there, ${here[part]} here`).join('; '),
  };
};

/** After a failed check against another setup's file, with --expectations-missing record: write this setup's own file for review. */
export const recordOwnFile = async (
  report: Report,
  prepared: PreparedExpectations,
  outDir: string,
): Promise<RecordedExpectations | null> => {
  const { use, forCheck } = prepared;
  const { check } = report;
  if (use.mode !== 'check' || use.recordOwn === null || forCheck?.environment == null || check === undefined) return null;
  if (checkPassed(check.verdicts) || !report.run.complete) return null;
  const own = ownFileFor(
    use.recordOwn.platform,
    use.path,
    setupNamePartsOfFingerprint(forCheck.environment),
    setupNameParts(report.environment),
  );
  if (own === null) return null;
  const path = join(use.recordOwn.runFolder, 'expectations', basename(own.file));
  await updateExpectations(report, path, null);
  if (!existsSync(path)) return null;
  return {
    name: reportName(report),
    file: displayPath(path),
    inArtifact: slashes(relative(outDir, path)),
    commitAs: own.file,
    because: { kind: 'other-setup', checked: slashes(displayPath(use.path)), differences: own.differences },
  };
};

/**
 * Say what a run recorded and where it belongs; on GitHub Actions, in the step summary and an annotation too,
 * written to `annotations` (stderr where stdout carries a JSON or JUnit document: the runner reads both).
 */
export const announceRecorded = async (
  report: Report,
  prepared: PreparedExpectations,
  outDir: string,
  annotations: NodeJS.WritableStream,
): Promise<void> => {
  const recorded = recordedExpectations(report, prepared, outDir) ?? (await recordOwnFile(report, prepared, outDir));
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
