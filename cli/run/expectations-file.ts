import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { assertNever } from '../../matrix/assert-never.js';
import type { Expectation, ExpectationMap } from '../../matrix/expectations.js';
import { type Phase, phases } from '../../matrix/outcome-summary.js';
import { writeFileAtomically } from '../../reports/atomic-file.js';
import { expectationsFileCap, InputTooLarge, readInputFile } from '../../reports/input-file.js';
import { describeJsonError } from '../../reports/json-error.js';
import { makeFolder } from '../../reports/make-folder.js';
import type { SetupFingerprint } from '../../reports/setup-fingerprint.js';
import { safeLine } from '../../reports/text/control-characters.js';
import { UsageError } from '../usage-error.js';

// Expectation files: expectations/<platform>.json, one line per cell and sorted, so a pull request diff is one line per change.

/** The schema name and version every expectation file carries. */
export const expectationsSchema = 'sockmatrix/expectations@1';

/** An expectation file's content. */
export interface ExpectationsFile {
  schema: typeof expectationsSchema;
  /** The `process.platform` the expectations were recorded on, e.g. `linux`. */
  platform: string;
  /** The runtimes whose cells the file covers; a file from before Python knew only `node`. */
  runtimes: string[];
  /** The setup the cells were recorded on (what localhost resolved to, IPv6, versions); null in a file from before 0.2. */
  environment: SetupFingerprint | null;
  cells: ExpectationMap;
}

/** Where the expectations of a platform live by default, relative to the working directory: `expectations/linux.json`. */
export const defaultExpectationsPath = (platform: string): string => join('expectations', `${platform}.json`);

/** A path as people should read it: relative to the working directory when it is inside it. */
export const displayPath = (path: string): string => {
  const fromHere = relative(process.cwd(), path);
  // Outside the working directory (or on another drive), the absolute path says more than a climb of `..`.
  return fromHere === '' || fromHere.split(sep)[0] === '..' || isAbsolute(fromHere) ? resolve(path) : fromHere;
};

// A value from the file, as an error message quotes it: JSON, on one line, without control characters.
const quoted = (value: unknown): string => safeLine(JSON.stringify(value) ?? 'undefined');

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const parseExpectation = (file: string, cellId: string, value: unknown): Expectation => {
  const where = `${file}: cell "${safeLine(cellId)}"`;
  if (!isRecord(value)) throw new UsageError(`${where} should be an object like { "status": "connected" }, got ${quoted(value)}.`);
  const { status, phase, code, answers, ...extra } = value;
  const extraKeys = Object.keys(extra);
  if (extraKeys.length > 0) throw new UsageError(`${where} has fields an expectation does not have: ${extraKeys.join(', ')}.`);
  if (status === 'connected') {
    if (phase !== undefined || code !== undefined || answers !== undefined) {
      throw new UsageError(`${where} is connected, so it takes no phase, code or answers.`);
    }
    return { status };
  }
  if (status === 'coexisted') {
    if (phase !== undefined || code !== undefined) throw new UsageError(`${where} coexisted, so it takes no phase or code.`);
    if (typeof answers !== 'string') {
      throw new UsageError(
        `${where} has answers ${quoted(answers)}; expected who answered each target, such as "127.0.0.1=first ::1=second" ("" where nothing was dialed).`,
      );
    }
    return { status, answers };
  }
  if (status !== 'failed') {
    throw new UsageError(`${where} has status ${quoted(status)}; an expectation is "connected", "coexisted" or "failed".`);
  }
  if (answers !== undefined) throw new UsageError(`${where} failed, so it takes no answers.`);
  if (typeof phase !== 'string' || !(phases as readonly string[]).includes(phase)) {
    throw new UsageError(`${where} has phase ${quoted(phase)}; expected one of ${phases.join(', ')}.`);
  }
  if (typeof code !== 'string' || code === '') {
    throw new UsageError(`${where} has code ${quoted(code)}; expected an errno-style code such as "ECONNREFUSED".`);
  }
  return { status, phase: phase as Phase, code };
};

/** Parse an expectation file's text; `file` names it in the errors. Throws UsageError. */
export const parseExpectations = (text: string, file: string): ExpectationsFile => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${file} is not valid JSON: ${describeJsonError(text, error)}. Fix it, or delete it and run --update-expectations.`,
    );
  }
  if (!isRecord(json)) throw new UsageError(`${file} should hold a JSON object with schema, platform and cells.`);
  if (json.schema !== expectationsSchema) {
    throw new UsageError(`${file} has schema ${quoted(json.schema)}; this sockmatrix reads "${expectationsSchema}".`);
  }
  if (typeof json.platform !== 'string' || json.platform === '') {
    throw new UsageError(`${file} has platform ${quoted(json.platform)}; expected a name such as "linux".`);
  }
  if (!isRecord(json.cells)) throw new UsageError(`${file} should have "cells": an object from cell id to expected outcome.`);
  const cells: Record<string, Expectation> = {};
  for (const [cellId, value] of Object.entries(json.cells)) cells[cellId] = parseExpectation(file, cellId, value);
  return {
    schema: expectationsSchema,
    platform: json.platform,
    runtimes: parseRuntimes(file, json.runtimes),
    environment: parseEnvironment(file, json.environment),
    cells,
  };
};

// Files written before 0.2 have no "environment" (null says the same): a check against them names no setup differences.
const parseEnvironment = (file: string, value: unknown): SetupFingerprint | null => {
  if (value === undefined || value === null) return null;
  if (isRecord(value) && Object.values(value).every((fact) => typeof fact === 'string')) {
    return Object.fromEntries(Object.entries(value).map(([fact, words]) => [safeLine(fact), safeLine(words as string)]));
  }
  throw new UsageError(
    `${file} has environment ${quoted(value)}; expected an object of facts in words, such as { "localhost": "127.0.0.1, ::1" }. Delete the field, or record the file again with --update-expectations.`,
  );
};

// Files written before Python joined the matrix have no "runtimes": they hold Node's cells only.
const parseRuntimes = (file: string, value: unknown): string[] => {
  if (value === undefined) return ['node'];
  if (Array.isArray(value) && value.every((runtime) => typeof runtime === 'string' && runtime !== '')) return value;
  throw new UsageError(`${file} has runtimes ${quoted(value)}; expected a list of runtime names such as ["node", "python"].`);
};

/** The command that creates or refreshes an expectation file, for messages: `npx sockmatrix` runs in a checkout (its own bin) and in a project that installed it. */
export const updateCommand = (path: string, defaultPath: string): string =>
  `npx sockmatrix --update-expectations${path === defaultPath ? '' : ` --expectations ${path}`}`;

/** Read an expectation file, or null when there is none. Throws UsageError when it cannot be read or is broken. */
export const readExpectations = async (path: string): Promise<ExpectationsFile | null> => {
  let text: string;
  try {
    // A BOM (Notepad, PowerShell) is dropped here, as for reports.
    text = await readInputFile(path, expectationsFileCap);
  } catch (error) {
    if (error instanceof InputTooLarge) {
      throw new UsageError(
        `the expectations ${displayPath(path)} ${error.of('an expectation file')} (the whole default matrix takes about 90 KiB): is it an expectation file?`,
      );
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new UsageError(`could not read the expectations ${displayPath(path)} (${code ?? String(error)}).`);
  }
  return parseExpectations(text, displayPath(path));
};

/** Load the expectations to check against; a missing file is a UsageError that says how to create it. */
export const loadExpectations = async (path: string, defaultPath: string): Promise<ExpectationsFile> => {
  const file = await readExpectations(path);
  if (file === null) {
    throw new UsageError(
      `no expectations at ${displayPath(path)}. Create them from this machine's outcomes with: ${updateCommand(path, defaultPath)}` +
        ' (then review the file, cell by cell, and commit it).',
    );
  }
  return file;
};

// Code-unit order, not the locale's: the same file on every machine.
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const expectationJson = (expectation: Expectation): string => {
  switch (expectation.status) {
    case 'connected':
      return '{ "status": "connected" }';
    case 'coexisted':
      return `{ "status": "coexisted", "answers": ${JSON.stringify(expectation.answers)} }`;
    case 'failed':
      return `{ "status": "failed", "phase": ${JSON.stringify(expectation.phase)}, "code": ${JSON.stringify(expectation.code)} }`;
    default:
      return assertNever(expectation);
  }
};

// A JSON object one member to a line, indented as the file's second level.
const objectLines = (members: readonly string[]): string =>
  members.length === 0 ? '{}' : `{\n${members.map((member) => `    ${member}`).join(',\n')}\n  }`;

/** An expectation file as text: cells sorted by id, one line each, so a diff shows one line per changed cell. */
export const formatExpectations = (file: ExpectationsFile): string => {
  const ids = Object.keys(file.cells).sort(byCodeUnit);
  const cells = objectLines(ids.map((cellId) => `${JSON.stringify(cellId)}: ${expectationJson(file.cells[cellId] as Expectation)}`));
  const runtimes = JSON.stringify(file.runtimes).replaceAll(',', ', ');
  const environment =
    file.environment === null
      ? ''
      : `  "environment": ${objectLines(Object.entries(file.environment).map(([fact, value]) => `${JSON.stringify(fact)}: ${JSON.stringify(value)}`))},\n`;
  return `{\n  "schema": ${JSON.stringify(file.schema)},\n  "platform": ${JSON.stringify(file.platform)},\n  "runtimes": ${runtimes},\n${environment}  "cells": ${cells}\n}\n`;
};

/** Write an expectation file, creating its folder: whole or not at all, so a failed write leaves the old file as it was. */
export const saveExpectations = async (path: string, file: ExpectationsFile): Promise<void> => {
  await makeFolder(dirname(path));
  await writeFileAtomically(path, formatExpectations(file));
};
