import { randomBytes } from 'node:crypto';
import { rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Format } from './formats/format.js';
import { formats } from './formats/index.js';
import { latestLinkPlan } from './latest-link.js';
import { makeFolder } from './make-folder.js';
import type { ProfileSet } from './profile-set.js';
import type { RenderOptions } from './render-options.js';
import type { Report } from './report.js';

// A run's folder: <out>/<run-id>/ with a file per format that writes one, and `latest` pointing at it.

/** A run id that sorts by time and is safe as a folder name on every system: 2026-11-25T08-30-00Z-1a2b. */
export const makeRunId = (startedAt: Date): string =>
  `${startedAt
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-')}-${randomBytes(2).toString('hex')}`;

/** Where a written run lives: its folder, and the file of each format that writes one, in registry order. */
export interface WrittenRun {
  folder: string;
  files: string[];
}

const plain: RenderOptions = { width: 120, color: false };

/** Write a report's files into a folder: one per format that writes one (report.md, report.json, report.junit.xml). */
export const writeReportFiles = async (report: Report, folder: string): Promise<WrittenRun> => {
  await makeFolder(folder);
  const files: string[] = [];
  for (const format of Object.values(formats) as Format[]) {
    if (format.files.report === null) continue;
    const file = join(folder, format.files.report);
    await writeFile(file, format.report(report, plain));
    files.push(file);
  }
  return { folder, files };
};

/** Write the report files of a run, then point `latest` at its folder. */
export const writeRunFolder = async (report: Report, outDir: string): Promise<WrittenRun> => {
  const written = await writeReportFiles(report, resolve(outDir, report.run.id));
  await pointLatestAt(outDir, report.run.id);
  return written;
};

/** Where a written profile set lives: the set's own files, and each profile's report folder. */
export interface WrittenProfileSet {
  folder: string;
  files: string[];
  profiles: WrittenRun[];
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
  for (const format of Object.values(formats) as Format[]) {
    if (format.files.profileSet === null || format.profileSet === undefined) continue;
    const file = join(folder, format.files.profileSet);
    await writeFile(file, format.profileSet(set, plain));
    files.push(file);
  }
  await pointLatestAt(outDir, set.run.id);
  return { folder, files, profiles };
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
