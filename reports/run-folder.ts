import { randomBytes } from 'node:crypto';
import { rename, rm, rmdir, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomically } from './atomic-file.js';
import type { Format } from './formats/format.js';
import { formats } from './formats/index.js';
import { latestLinkPlan } from './latest-link.js';
import { makeFolder } from './make-folder.js';
import type { ProfileSet } from './profile-set.js';
import type { RenderOptions } from './render-options.js';
import type { Report } from './report.js';

// A run's folder: <out>/<run-id>/ with a file per format that writes one, and `latest` pointing at it.
// Each file is written whole or not at all; one that cannot be written is recorded with its error, and the others
// are still tried: the cells have run by then, and whatever can be kept is kept.

/** A run id that sorts by time and is safe as a folder name on every system: 2026-11-25T08-30-00Z-1a2b. */
export const makeRunId = (startedAt: Date): string =>
  `${startedAt
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-')}-${randomBytes(2).toString('hex')}`;

/** A file (or folder, or link) that could not be written, and the error that says why. */
export interface WriteFailure {
  file: string;
  error: NodeJS.ErrnoException;
}

/** Where a written run lives: its folder, the file of each format that writes one (in registry order), and what failed. */
export interface WrittenRun {
  folder: string;
  files: string[];
  failures: WriteFailure[];
}

const plain: RenderOptions = { width: 120, color: false };

/**
 * Check that a folder can be written before anything runs: create it, write a small file there; throws why not.
 * It leaves no trace: the file goes, and so do the folders it made (empty ones only), so a run stopped by a later
 * check makes nothing; the run folder is made when the reports are written.
 */
export const probeWritable = async (folder: string): Promise<void> => {
  const made = await missingFolders(resolve(folder));
  try {
    await makeFolder(folder);
    const probe = join(folder, `.sockmatrix-probe-${process.pid}`);
    try {
      await writeFile(probe, 'sockmatrix checks that it can write its reports here\n');
    } finally {
      await rm(probe, { force: true });
    }
  } finally {
    // Deepest first; rmdir stops at a folder something else has put a file in meanwhile.
    for (const path of made) await rmdir(path).catch(() => undefined);
  }
};

/** The folders of a path that do not exist yet, deepest first. */
const missingFolders = async (folder: string): Promise<string[]> => {
  const missing: string[] = [];
  for (let path = folder; dirname(path) !== path; path = dirname(path)) {
    if (
      await stat(path).then(
        () => true,
        () => false,
      )
    )
      break;
    missing.push(path);
  }
  return missing;
};

/** Run one write of `file`: null when it went through, else the failure with its error. */
const attempt = async (file: string, write: () => Promise<void>): Promise<WriteFailure | null> =>
  write().then(
    () => null,
    (error: NodeJS.ErrnoException) => ({ file, error }),
  );

/** Write a report's files into a folder: one per format that writes one (report.md, report.json, report.junit.xml). */
export const writeReportFiles = async (report: Report, folder: string): Promise<WrittenRun> => {
  const unmade = await attempt(folder, async () => {
    await makeFolder(folder);
  });
  if (unmade !== null) return { folder, files: [], failures: [unmade] };
  const files: string[] = [];
  const failures: WriteFailure[] = [];
  for (const format of Object.values(formats) as Format[]) {
    if (format.files.report === null) continue;
    const file = join(folder, format.files.report);
    const failure = await attempt(file, () => writeFileAtomically(file, format.report(report, plain)));
    if (failure === null) files.push(file);
    else failures.push(failure);
  }
  return { folder, files, failures };
};

/** Point `latest` at a run folder once all its files are written (else it keeps naming the last complete one). */
const pointLatestWhenWhole = async (outDir: string, runId: string, failures: WriteFailure[]): Promise<void> => {
  if (failures.length > 0) return;
  const failure = await attempt(resolve(outDir, 'latest'), () => pointLatestAt(outDir, runId));
  if (failure !== null) failures.push(failure);
};

/** Write the report files of a run, then point `latest` at its folder. */
export const writeRunFolder = async (report: Report, outDir: string): Promise<WrittenRun> => {
  const written = await writeReportFiles(report, resolve(outDir, report.run.id));
  await pointLatestWhenWhole(outDir, report.run.id, written.failures);
  return written;
};

/** Where a written profile set lives: the set's own files, each profile's report folder, and everything that failed. */
export interface WrittenProfileSet {
  folder: string;
  files: string[];
  profiles: WrittenRun[];
  failures: WriteFailure[];
}

/**
 * Write a profile run: profiles/<name>/ holds each profile's complete report (so `diff` and `merge`
 * find them as any other report), profile-set.json and report.md the whole; then point `latest` at it.
 */
export const writeProfileSetFolder = async (set: ProfileSet, outDir: string): Promise<WrittenProfileSet> => {
  const folder = resolve(outDir, set.run.id);
  // Made first: with every profile skipped or interrupted, no report's files make it.
  await makeFolder(folder);
  const profiles: WrittenRun[] = [];
  for (const report of set.reports) {
    profiles.push(await writeReportFiles(report, join(folder, 'profiles', report.run.profile?.name ?? 'host')));
  }
  const files: string[] = [];
  const failures = profiles.flatMap((profile) => profile.failures);
  // The folder is there already when a profile ran; when every profile was skipped, it is made here.
  const unmade = await attempt(folder, async () => {
    await makeFolder(folder);
  });
  for (const format of Object.values(formats) as Format[]) {
    if (unmade !== null || format.files.profileSet === null || format.profileSet === undefined) continue;
    const file = join(folder, format.files.profileSet);
    const render = format.profileSet;
    const failure = await attempt(file, () => writeFileAtomically(file, render(set, plain)));
    if (failure === null) files.push(file);
    else failures.push(failure);
  }
  if (unmade !== null) failures.push(unmade);
  await pointLatestWhenWhole(outDir, set.run.id, failures);
  return { folder, files, profiles, failures };
};

/** Point `<outDir>/latest` at `<outDir>/<runId>` (runId may be a relative path). */
// Replace the link in one rename, so a reader never finds `latest` missing; on Windows, where a
// directory cannot be renamed onto, the old junction goes first (rm unlinks it, never its target).
export const pointLatestAt = async (outDir: string, runId: string): Promise<void> => {
  const plan = latestLinkPlan(process.platform, resolve(outDir), runId);
  const latest = resolve(outDir, 'latest');
  const staging = resolve(outDir, `.latest-${process.pid}`);
  await rm(staging, { force: true, recursive: true });
  await symlink(plan.target, staging, plan.type);
  if (plan.removeOldFirst) await rm(latest, { force: true });
  await rename(staging, latest);
};
