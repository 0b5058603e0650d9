import { resolve } from 'node:path';
import { checkNamespaceSupport, type NamespaceSupport, runInNamespace } from '../../harness/namespace-runner.js';
import { makeScratchFolder, removeScratchFolder } from '../../harness/scratch-folders.js';
import type { Profile } from '../../matrix/profiles.js';
import { parseReport } from '../../reports/parse-report.js';
import type { ProfileSet, SkippedProfile } from '../../reports/profile-set.js';
import { profileSetSchema } from '../../reports/profile-set.js';
import { redactText } from '../../reports/redact.js';
import type { ProfileRecord, Report } from '../../reports/report.js';
import { exitCodes, say } from '../exit-codes.js';
import { parentLifelineVariable } from '../interrupt.js';
import { annotationStream } from '../output-style.js';
import { expectationsMode, type RunOptions } from '../run-options.js';
import { UsageError } from '../usage-error.js';
import { redactionHere } from './build-report.js';
import { announceCheck, announceFlakyCells } from './check-mode.js';
import { cliScript } from './cli-script.js';
import { chooseUse, type ExpectationsUse, expectationCandidatesFor, setupNamePartsHere } from './expectations-use.js';
import { finishExpectations, type PreparedExpectations, prepareExpectations, type RunIdentity, runOnHost } from './host-run.js';
import { innerArguments, profileLabel } from './profile-arguments.js';
import { announceRecorded } from './recorded-expectations.js';
import type { RunPlan } from './run-plan.js';
import { noteNotWrittenElsewhere } from './write-failures.js';

// --profile: the whole matrix once per profile, each shaped profile inside its own new namespace.

/** A profile as its report records it. */
export const profileRecord = (profile: Profile): ProfileRecord => ({
  name: profile.name,
  imitates: profile.imitates,
  fidelity: profile.fidelity,
});

/** Pass a child's stderr through line by line, each line marked with its profile; lines naming its scratch folder stay hidden. */
const prefixedLines = (prefix: string, scratch: string): ((chunk: string) => void) => {
  let pending = '';
  return (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (!line.includes(scratch)) process.stderr.write(`[${prefix}] ${line}\n`);
  };
};

/** Run one shaped profile: the sockmatrix CLI inside a fresh namespace; its report, or why there is none. */
export const runShapedProfile = async (
  profile: Profile,
  options: RunOptions,
  expectations: ExpectationsUse,
  signal: AbortSignal,
): Promise<{ report: Report } | { reason: string }> => {
  if (profile.shape === null) return { reason: 'sockmatrix bug: the host profile has no namespace to run in' };
  const scratch = await makeScratchFolder('inner');
  try {
    // The outer run publishes to GitHub Actions once for all profiles; the inner runs only report.
    // The inner run leaves when its stdin, held by this process, ends: a SIGKILL here leaves nothing running there.
    const env = { ...process.env, GITHUB_ACTIONS: '', NO_COLOR: '1', [parentLifelineVariable]: 'stdin' };
    const command = [process.execPath, cliScript, ...innerArguments(options, profile, expectations, scratch)];
    const result = await runInNamespace(profile.shape, command, { signal, env, onStderr: prefixedLines(profile.name, scratch) });
    const parsed = parseReport(result.stdout);
    // The run inside could not write a file of its own (its expectations): it has said which; the whole run exits 4.
    if (result.exitCode === exitCodes.notWritten) noteNotWrittenElsewhere(`a file of profile ${profile.name}`);
    if (parsed.ok) return { report: parsed.report };
    const lastWords = result.stderr.trim().split('\n').slice(-1)[0] ?? '';
    return {
      reason: `the run inside the namespace ended with status ${result.exitCode} and no report${lastWords ? `: ${lastWords}` : ''}`,
    };
  } finally {
    await removeScratchFolder(scratch);
  }
};

/** Run the cells once per profile; profiles that cannot run here are skipped with their reason. */
export const runProfiles = async (
  plan: RunPlan,
  profiles: readonly Profile[],
  options: RunOptions,
  identity: RunIdentity,
  signal: AbortSignal,
): Promise<ProfileSet> => {
  // Every expectation file is read first, so a missing one fails before the first profile runs.
  const prepared = new Map<string, PreparedExpectations>();
  const parts = await setupNamePartsHere();
  for (const profile of profiles) {
    const use = chooseUse({
      mode: expectationsMode(options),
      missing: options.expectationsMissing ?? 'fail',
      candidates: expectationCandidatesFor(options.expectations, profile, process.platform, parts),
      runFolder: resolve(options.out, identity.id),
    });
    prepared.set(profile.name, await prepareExpectations(use));
  }
  const support: NamespaceSupport = profiles.some((profile) => profile.shape !== null) ? await checkNamespaceSupport() : { ok: true };
  const reports: Report[] = [];
  const skipped: SkippedProfile[] = [];
  let complete = true;
  for (const profile of profiles) {
    if (signal.aborted) {
      complete = false;
      break;
    }
    const expectations = prepared.get(profile.name) as PreparedExpectations;
    if (profile.shape !== null && !support.ok) {
      say(`profile ${profile.name} skipped: ${support.reason}`);
      skipped.push({ profile: profileRecord(profile), reason: support.reason });
      continue;
    }
    say(`profile ${profile.name}: ${profile.imitates}`);
    const outcome =
      profile.shape === null
        ? { report: await runOnHost(plan, { ...options, label: profileLabel(options.label, profile) }, identity, expectations, signal) }
        : await runShapedProfile(profile, options, expectations.use, signal);
    if ('reason' in outcome) {
      say(`profile ${profile.name} skipped: ${outcome.reason}`);
      skipped.push({ profile: profileRecord(profile), reason: outcome.reason });
      continue;
    }
    const report = outcome.report;
    report.run.id = identity.id;
    report.run.profile = profileRecord(profile);
    if (profile.shape === null) {
      // A shaped profile's inner run has said all this on its own stderr already.
      announceCheck(report);
      if (report.check === undefined) announceFlakyCells(report);
      await finishExpectations(report, expectations);
    }
    // The run inside a shaped profile has recorded its file, where it had none: what to commit is said here, once.
    await announceRecorded(report, expectations, options.out, annotationStream(options.format));
    reports.push(report);
    if (!report.run.complete) complete = false;
  }
  if (reports.length === 0 && !signal.aborted) {
    const names = skipped.map((skip) => skip.profile.name);
    throw new UsageError(
      `no profile could run here: ${names.join(', ')} ${names.length === 1 ? 'was' : 'were'} skipped, for the reasons above. --profile host runs on this machine as it is.`,
    );
  }
  return {
    schema: profileSetSchema,
    run: {
      id: identity.id,
      startedAt: identity.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      complete: complete && !signal.aborted,
      label: options.label,
      profiles: profiles.map((profile) => profile.name),
    },
    reports,
    // Why a profile did not run may quote its run's last words: no path of this machine, no address off loopback.
    skipped: skipped.map((entry) => ({ ...entry, reason: redactText(entry.reason, redactionHere()) })),
  };
};
