import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { resolveLocalhost } from '../../harness/environment.js';
import type { Profile } from '../../matrix/profiles.js';
import { type SetupNameParts, setupNameParts } from '../../reports/setup-fingerprint.js';
import { say } from '../exit-codes.js';
import type { MissingExpectationsAction } from '../flags.js';
import type { ExpectationsMode } from '../run-options.js';
import { UsageError } from '../usage-error.js';
import { chooseExpectations, expectationCandidates, lookupOrder, profileExpectationsFile } from './expectation-names.js';
import { defaultExpectationsPath, displayPath, updateCommand } from './expectations-file.js';

// Which expectation file a run (or one profile of it) reads or writes, settled before any cell runs.

/** What a run does with expectations: compare (--check), rewrite (--update-expectations), record a first file in its run folder, or nothing. */
export type ExpectationsAction = ExpectationsMode | 'record';

/** Where --check and --update-expectations read and write for one run. */
export interface ExpectationsUse {
  mode: ExpectationsAction;
  /** The file compared with or written; with `record`, a new file in the run folder. */
  path: string;
  /** With `record`: where the file belongs once reviewed (`expectations/darwin.json`), and every name looked for. */
  missing: { commitAs: string; lookedFor: string[] } | null;
  /**
   * With `check` on a file found by this setup's names, where --expectations-missing record allows it: the run folder
   * and platform, to record this setup's own file if the check fails on a file recorded on a setup named otherwise.
   */
  recordOwn: { runFolder: string; platform: string } | null;
}

/** A use that reads and writes nothing. */
export const noExpectations: ExpectationsUse = { mode: null, path: '', missing: null, recordOwn: null };

/** The files a run may use, most specific first: the one --expectations names, a shaped profile's own, or those named for this setup. */
export const expectationCandidatesFor = (
  file: string | null,
  profile: Profile | null,
  platform: string,
  parts: SetupNameParts,
): string[] => {
  if (file !== null) return [file];
  if (profile !== null && profile.shape !== null) return [profileExpectationsFile(platform, profile.name)];
  return expectationCandidates(platform, parts);
};

/** This machine's name parts: its Node major and what localhost resolves to (one lookup, before any cell runs). */
export const setupNamePartsHere = async (): Promise<SetupNameParts> =>
  setupNameParts({ node: process.version, localhost: await resolveLocalhost() });

/** What a run asks of its expectations, and where. */
export interface ExpectationsRequest {
  mode: ExpectationsMode;
  missing: MissingExpectationsAction;
  /** The files to look for, most specific first (one when the file is given). */
  candidates: readonly string[];
  /** The run's folder, where `record` writes its file. */
  runFolder: string;
}

const missingMessage = (candidates: readonly string[]): string => {
  const newFile = candidates.at(-1) ?? '';
  // Where the names were made for this setup, a plain --update-expectations creates the last of them.
  const defaultPath = candidates.length === 1 ? defaultExpectationsPath(process.platform) : newFile;
  const create = `${updateCommand(newFile, defaultPath)} (then review the file, cell by cell, and commit it)`;
  const record = 'or let --check record them in its run folder for you to review: --expectations-missing record';
  if (candidates.length === 1)
    return `no expectations at ${displayPath(newFile)}. Create them from this machine's outcomes with: ${create}, ${record}.`;
  return `no expectations for this setup: looked for ${lookupOrder(candidates)}, and none exists. Create ${displayPath(newFile)} from this machine's outcomes with: ${create}, ${record}.`;
};

/**
 * Settle which file the run uses: the first candidate that exists; where none does, --update-expectations creates
 * the last (`expectations/<platform>.json`) and --check fails, or records. Where the names were made for this setup,
 * says the order it looked in. Throws UsageError for a --check that has no file and may not record one.
 */
export const chooseUse = (request: ExpectationsRequest, exists: (path: string) => boolean = existsSync): ExpectationsUse => {
  const { mode, candidates } = request;
  if (mode === null) return noExpectations;
  const { found, lookedFor } = chooseExpectations(candidates, exists);
  const newFile = lookedFor.at(-1) ?? '';
  const sayOrder = (then: string): void => {
    if (lookedFor.length > 1) say(`expectations: looked for ${lookupOrder(lookedFor)}; ${then}`);
  };
  if (found !== null) {
    sayOrder(`${mode === 'check' ? 'checking against' : 'updating'} ${displayPath(found)}`);
    const mayRecordOwn = mode === 'check' && request.missing === 'record' && lookedFor.length > 1;
    const recordOwn = mayRecordOwn ? { runFolder: request.runFolder, platform: basename(newFile, '.json') } : null;
    return { mode, path: found, missing: null, recordOwn };
  }
  if (mode === 'update') {
    sayOrder(`none exists yet, so this run creates ${displayPath(newFile)}`);
    return { mode, path: newFile, missing: null, recordOwn: null };
  }
  if (request.missing === 'fail') throw new UsageError(missingMessage(lookedFor));
  const path = join(request.runFolder, 'expectations', basename(newFile));
  const where = lookedFor.length > 1 ? `looked for ${lookupOrder(lookedFor)}; none exists` : `there is no ${displayPath(newFile)}`;
  say(`expectations: ${where}, so this run records its outcomes instead of checking them`);
  return { mode: 'record', path, missing: { commitAs: newFile, lookedFor }, recordOwn: null };
};
