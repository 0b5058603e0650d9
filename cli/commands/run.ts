import { resolve } from 'node:path';
import { sweepDeadScratchFolders } from '../../harness/scratch-folders.js';
import { assertNever } from '../../matrix/assert-never.js';
import { checkPassed } from '../../matrix/expectations.js';
import type { Profile } from '../../matrix/profiles.js';
import { formatRenders, formats } from '../../reports/formats/index.js';
import { isGitHubActions, publishToGitHubActions } from '../../reports/github-actions.js';
import type { Report } from '../../reports/report.js';
import { makeRunId, type WriteFailure, writeProfileSetFolder, writeRunFolder } from '../../reports/run-folder.js';
import { exitCodes, say } from '../exit-codes.js';
import { abortOnSignals } from '../interrupt.js';
import { annotationStream, outputStyle } from '../output-style.js';
import { announceCheck, announceFlakyCells } from '../run/check-mode.js';
import { chooseUse, expectationCandidatesFor, setupNamePartsHere } from '../run/expectations-use.js';
import { finishExpectations, prepareExpectations, runOnHost } from '../run/host-run.js';
import { keepLegacyLatest } from '../run/legacy-latest.js';
import { runWithLocalResolver } from '../run/local-resolver-run.js';
import { chooseProfiles, readProfilesFile } from '../run/profile-choice.js';
import { runProfiles } from '../run/profile-run.js';
import { announceRecorded } from '../run/recorded-expectations.js';
import { planRun, type RunPlan } from '../run/run-plan.js';
import { runExitStatus } from '../run/run-status.js';
import { checkOutputFolder, noteNotWritten } from '../run/write-failures.js';
import { expectationsMode, parseRun, type RunOptions } from '../run-options.js';
import { toolVersion } from '../tool-version.js';
import { runUsage } from '../usage.js';
import { UsageError } from '../usage-error.js';

// `sockmatrix` without a subcommand: pick the cells, run them (once, or once per profile), write the
// run folder, print the result.

/** Say each file that could not be written after the cells ran; whether all were. */
const sayFailures = (failures: readonly WriteFailure[]): boolean => {
  for (const failure of failures) noteNotWritten(failure.file, failure.error, '--out <dir>');
  return failures.length === 0;
};

const publish = async (report: Report, options: RunOptions): Promise<void> => {
  if (!isGitHubActions(process.env)) return;
  for (const note of await publishToGitHubActions(report, process.env.GITHUB_STEP_SUMMARY, annotationStream(options.format))) say(note);
};

/** Say where the files went: the first line labelled, the others under it. */
const sayFiles = (label: string, files: readonly string[]): void => {
  files.forEach((file, index) => {
    say(`${index === 0 ? label : ' '.repeat(label.length)} ${file}`);
  });
};

/** One run on this machine as it is: the plain `npm run matrix`. */
const runPlain = async (plan: RunPlan, options: RunOptions, signal: AbortSignal): Promise<number> => {
  const startedAt = new Date();
  const identity = { id: makeRunId(startedAt), startedAt };
  const candidates = expectationCandidatesFor(options.expectations, null, process.platform, await setupNamePartsHere());
  const expectations = await prepareExpectations(
    chooseUse({
      mode: expectationsMode(options),
      missing: options.expectationsMissing ?? 'fail',
      candidates,
      runFolder: resolve(options.out, identity.id),
    }),
  );
  const report = await runOnHost(plan, options, identity, expectations, signal);
  // The output comes out whatever was written: the cells have run, and what they found is not thrown away.
  const written = await writeRunFolder(report, options.out);
  process.stdout.write(formats[options.format].report(report, outputStyle(options)));
  sayFiles('report:', written.files);
  if (sayFailures(written.failures)) await keepLegacyLatest(options.out, report.run.id);
  const checkStatus = announceCheck(report);
  if (report.check === undefined) announceFlakyCells(report);
  await finishExpectations(report, expectations);
  // Before the report goes into the step summary: a file to review and commit is what a reader must see first.
  await announceRecorded(report, expectations, options.out, annotationStream(options.format));
  await publish(report, options);
  if (!report.run.complete) {
    say(`interrupted: ${report.cells.length} of ${report.run.plannedCells} cells finished; the report says complete: false`);
    return exitCodes.interrupted;
  }
  return runExitStatus([report], written.files, checkStatus);
};

/** The whole matrix once per profile, each shaped profile in its own namespace. */
const runPerProfile = async (plan: RunPlan, profiles: readonly Profile[], options: RunOptions, signal: AbortSignal): Promise<number> => {
  const { format } = options;
  if (!formatRenders(format, 'profileSet')) {
    throw new UsageError(
      `--format ${format} writes one report; with several profiles, each profile folder holds its own ${formats[format].files.report ?? 'report'}.`,
    );
  }
  const startedAt = new Date();
  const set = await runProfiles(plan, profiles, options, { id: makeRunId(startedAt), startedAt }, signal);
  const written = await writeProfileSetFolder(set, options.out);
  process.stdout.write(formats[format].profileSet(set, outputStyle(options)));
  sayFiles('reports:', [
    ...written.files,
    ...written.profiles.flatMap((profile) => profile.files.filter((file) => file.endsWith('.json'))),
  ]);
  if (sayFailures(written.failures)) await keepLegacyLatest(options.out, set.run.id);
  for (const report of set.reports) await publish(report, options);
  if (!set.run.complete) {
    say(`interrupted: ${set.reports.length} of ${profiles.length} profiles ran; profile-set.json says complete: false`);
    return exitCodes.interrupted;
  }
  const checked = set.reports.flatMap((report) => (report.check === undefined ? [] : [report.check]));
  const checkStatus = checked.every((check) => checkPassed(check.verdicts)) ? exitCodes.ran : exitCodes.differs;
  return runExitStatus(set.reports, [...written.files, ...written.profiles.flatMap((profile) => profile.files)], checkStatus);
};

/** Run `sockmatrix` with its arguments: the help, the version, the list of cells, or the matrix; resolves to the exit status. */
export const runCommand = async (argv: readonly string[]): Promise<number> => {
  const command = parseRun(argv);
  switch (command.kind) {
    case 'help':
      process.stdout.write(runUsage());
      return exitCodes.ran;
    case 'version':
      process.stdout.write(`${toolVersion()}\n`);
      return exitCodes.ran;
    case 'run':
      return runMatrix(command.options, argv);
    default:
      return assertNever(command);
  }
};

/** Run the matrix as the options say (`argv` is their command line, to make the run again elsewhere); resolves to the exit status. */
const runMatrix = async (options: RunOptions, argv: readonly string[]): Promise<number> => {
  const plan = planRun(options);
  const { cells } = plan;
  const profiles = chooseProfiles(options.profile, options.profilesFile === null ? [] : readProfilesFile(options.profilesFile));
  if (options.list) {
    process.stdout.write(`${cells.map((cell) => cell.id).join('\n')}\n`);
    return exitCodes.ran;
  }
  if (profiles.length > 1 && options.expectations !== null) {
    throw new UsageError(
      '--expectations names one file, and several profiles each need their own: leave it out to use expectations/<platform>.<profile>.json.',
    );
  }
  if (options.resolver === 'hosts-file') {
    // Where names do not already resolve from the hosts file alone, the run is made again where they do.
    const status = await runWithLocalResolver(argv);
    if (status !== null) return status;
  }
  await checkOutputFolder(options.out);
  const signal = abortOnSignals();
  const swept = await sweepDeadScratchFolders();
  if (swept.length > 0) say(`removed ${swept.length} temporary folders left by sockmatrix runs that were killed: ${swept.join(', ')}`);
  const [only] = profiles;
  if (profiles.length === 1 && only?.shape === null) return runPlain(plan, options, signal);
  return runPerProfile(plan, profiles, options, signal);
};
