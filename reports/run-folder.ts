import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { renderers } from './formats/index.js';
import { profileSetRenderers } from './formats/profile-set-render.js';
import { latestLinkPlan } from './latest-link.js';
import type { ProfileSet } from './profile-set.js';
import type { Report } from './report.js';

// A run's folder: reports/runs/<run-id>/ with report.json, report.md and report.junit.xml, and `latest` pointing at it.

/** A run id that sorts by time and is safe as a folder name on every system: 2026-11-25T08-30-00Z-1a2b. */
export const makeRunId = (startedAt: Date): string =>
  `${startedAt
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-')}-${randomBytes(2).toString('hex')}`;

/** Where a written run lives. */
export interface WrittenRun {
  folder: string;
  json: string;
  markdown: string;
  junit: string;
}

/** Write a report's files into a folder: report.json, report.md and report.junit.xml. */
export const writeReportFiles = async (report: Report, folder: string): Promise<WrittenRun> => {
  await mkdir(folder, { recursive: true });
  const json = join(folder, 'report.json');
  const markdown = join(folder, 'report.md');
  const junit = join(folder, 'report.junit.xml');
  await writeFile(json, renderers.json(report, { width: 120, color: false }));
  await writeFile(markdown, renderers.markdown(report, { width: 120, color: false }));
  await writeFile(junit, renderers.junit(report, { width: 120, color: false }));
  return { folder, json, markdown, junit };
};

/** Write the report files of a run, then point `latest` at its folder. */
export const writeRunFolder = async (report: Report, outDir: string): Promise<WrittenRun> => {
  const written = await writeReportFiles(report, resolve(outDir, report.run.id));
  await pointLatestAt(outDir, report.run.id);
  return written;
};

/** Where a written profile set lives: the set's files, and each profile's own report folder. */
export interface WrittenProfileSet {
  folder: string;
  json: string;
  markdown: string;
  profiles: WrittenRun[];
}

/**
 * Write a profile run: profiles/<name>/ holds each profile's complete report (so `diff` and `merge`
 * find them as any other report), profile-set.json and report.md the whole; then point `latest` at it.
 */
export const writeProfileSetFolder = async (set: ProfileSet, outDir: string): Promise<WrittenProfileSet> => {
  const folder = resolve(outDir, set.run.id);
  const profiles: WrittenRun[] = [];
  for (const report of set.reports) {
    profiles.push(await writeReportFiles(report, join(folder, 'profiles', report.run.profile?.name ?? 'host')));
  }
  const json = join(folder, 'profile-set.json');
  const markdown = join(folder, 'report.md');
  await writeFile(json, profileSetRenderers.json(set));
  await writeFile(markdown, profileSetRenderers.markdown(set, { width: 120, color: false }));
  await pointLatestAt(outDir, set.run.id);
  return { folder, json, markdown, profiles };
};

// Replace the link in one rename, so a reader never finds `latest` missing; on Windows, where a
// directory cannot be renamed onto, the old junction goes first (rm unlinks it, never its target).
const pointLatestAt = async (outDir: string, runId: string): Promise<void> => {
  const plan = latestLinkPlan(process.platform, resolve(outDir), runId);
  const latest = resolve(outDir, 'latest');
  const staging = resolve(outDir, `.latest-${process.pid}`);
  await rm(staging, { force: true, recursive: true });
  await symlink(plan.target, staging, plan.type);
  if (plan.removeOldFirst) await rm(latest, { force: true });
  await rename(staging, latest);
};
