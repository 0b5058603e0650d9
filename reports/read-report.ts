import type { Dirent } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeInputBytes, InputTooLarge, readInputFile, reportFileCap } from './input-file.js';
import { parseReport } from './parse-report.js';
import type { Report } from './report.js';

// Reading report.json files for diff and merge: a file, a run folder, or a folder of run folders.
// Every failure is one line naming the file; nothing here throws for a bad file.

/** A report read from disk, where it came from, and notes for people. */
export interface ReportSource {
  path: string;
  report: Report;
  notes: string[];
}

/** A file or folder that gave no report, and why, in one line that names it. */
export interface ReadFailure {
  path: string;
  error: string;
}

/** One report, or why not. */
export type ReadResult = { ok: true; source: ReportSource } | { ok: false; failure: ReadFailure };

const reportFileName = 'report.json';
// Deep enough for download-artifact's <dir>/<artifact>/<run-id>/report.json, shallow enough to stay quick.
const searchDepth = 4;
// And broad enough for hundreds of jobs' artifacts, yet bounded: `merge /` or `merge /proc` stops in a moment.
const searchEntries = 20_000;

/** The text of report bytes: UTF-8 (with or without a BOM), or UTF-16 LE with its BOM, as Windows PowerShell 5's `>` writes. */
export const decodeReportBytes = decodeInputBytes;

const errnoText = (error: unknown): string => {
  const { code, message } = error as NodeJS.ErrnoException;
  return code ?? message;
};

const failure = (path: string, error: string): ReadResult => ({ ok: false, failure: { path, error } });

/** What is at a path: a file, a folder, or nothing readable (with why). */
const kindOf = async (path: string): Promise<'file' | 'folder' | { error: string }> => {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'file';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { error: 'does not exist' };
    return { error: `cannot be read (${errnoText(error)})` };
  }
};

/** Read and parse one report.json file. */
export const readReportFile = async (path: string): Promise<ReadResult> => {
  let text: string;
  try {
    text = await readInputFile(path, reportFileCap);
  } catch (error) {
    if (error instanceof InputTooLarge) return failure(path, `${error.of('a report file')}: is it a report.json?`);
    const code = (error as NodeJS.ErrnoException).code;
    return failure(path, code === 'ENOENT' ? 'does not exist' : `cannot be read (${errnoText(error)})`);
  }
  const parsed = parseReport(text);
  return parsed.ok ? { ok: true, source: { path, report: parsed.report, notes: parsed.notes } } : failure(path, parsed.error);
};

/** Read one report: a report.json file, or a run folder holding one (e.g. sockmatrix-runs/latest). */
export const readReport = async (path: string): Promise<ReadResult> => {
  const kind = await kindOf(path);
  if (typeof kind === 'object') return failure(path, kind.error);
  if (kind === 'file') return readReportFile(path);
  const inside = join(path, reportFileName);
  if ((await kindOf(inside)) === 'file') return readReportFile(inside);
  const profiles = (await entriesOf(join(path, 'profiles'), searchBudget()))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  if (profiles.length > 0) {
    return failure(
      path,
      `is a run over several profiles (${profiles.join(', ')}): give one of them, e.g. ${join(path, 'profiles', profiles[0] ?? '')}, or merge the whole folder`,
    );
  }
  return failure(path, `is a folder without a ${reportFileName}: give a report.json file or a run folder such as sockmatrix-runs/latest`);
};

/** How many more entries a search may read, and whether it wanted more than that. */
interface SearchBudget {
  left: number;
  exceeded: boolean;
}

const searchBudget = (entries: number = searchEntries): SearchBudget => ({ left: entries, exceeded: false });

/** A folder's entries, as many as the budget allows (each one read is taken from it); none if it cannot be read. */
const entriesOf = async (folder: string, budget: SearchBudget): Promise<Dirent[]> => {
  const entries: Dirent[] = [];
  try {
    for await (const entry of await opendir(folder)) {
      if (budget.left <= 0) {
        budget.exceeded = true;
        break;
      }
      budget.left -= 1;
      entries.push(entry);
    }
  } catch {
    // Unreadable (permissions, gone meanwhile): it holds nothing found.
  }
  return entries;
};

// Links are not followed: reports/runs/latest points at a run folder that is also listed on its own.
const searchFolder = async (folder: string, depth: number, budget: SearchBudget): Promise<string[]> => {
  const entries = (await entriesOf(folder, budget)).sort((a, b) => a.name.localeCompare(b.name));
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isFile() && entry.name === reportFileName) found.push(path);
    else if (entry.isDirectory() && depth > 1) found.push(...(await searchFolder(path, depth - 1, budget)));
  }
  return found;
};

/** The report files a merge argument names: a file, a run folder, or every report.json in the folders below it (reading `entryLimit` entries at most). */
export const findReportFiles = async (path: string, entryLimit: number = searchEntries): Promise<{ files: string[] } | ReadFailure> => {
  const kind = await kindOf(path);
  if (typeof kind === 'object') return { path, error: kind.error };
  if (kind === 'file') return { files: [path] };
  const inside = join(path, reportFileName);
  if ((await kindOf(inside)) === 'file') return { files: [inside] };
  const budget = searchBudget(entryLimit);
  const files = await searchFolder(path, searchDepth, budget);
  if (budget.exceeded) {
    return {
      path,
      error: `holds more than ${entryLimit} files and folders within ${searchDepth} levels: give the folder the reports are in, such as the one download-artifact filled`,
    };
  }
  if (files.length === 0) return { path, error: `holds no ${reportFileName} (looked ${searchDepth} folders deep)` };
  return { files };
};
