import { writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Expectation, ExpectationMap } from '../../matrix/expectations.js';
import { type Phase, phases } from '../../matrix/outcome-summary.js';
import { expectationsFileCap, InputTooLarge, readInputFile } from '../../reports/input-file.js';
import { makeFolder } from '../../reports/make-folder.js';
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

const lineAndColumn = (text: string, position: number): string => {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
};

// V8 quotes an unexpected token with the 10 characters either side of it ("...context..."), instead of a position.
const v8ContextCharacters = 10;

/** A JSON.parse message on one line, with the line and column of the error where they can be told. */
export const describeJsonError = (text: string, error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return `${message} (${lineAndColumn(text, Number(position))})`;
  const unexpected = /^(Unexpected token .*?), \.\.\."([\s\S]*)"(?:\.\.\.)? is not valid JSON$/.exec(message);
  const [, what, context] = unexpected ?? [];
  const at = context === undefined ? -1 : text.indexOf(context);
  if (what !== undefined && context !== undefined && at >= 0 && text.indexOf(context, at + 1) === -1) {
    return `${what} (${lineAndColumn(text, at + v8ContextCharacters)})`;
  }
  return message.replace(/\s*\n\s*/g, ' ');
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const parseExpectation = (file: string, cellId: string, value: unknown): Expectation => {
  const where = `${file}: cell "${cellId}"`;
  if (!isRecord(value)) throw new UsageError(`${where} should be an object like { "status": "connected" }, got ${JSON.stringify(value)}.`);
  const { status, phase, code, ...extra } = value;
  const extraKeys = Object.keys(extra);
  if (extraKeys.length > 0) throw new UsageError(`${where} has fields an expectation does not have: ${extraKeys.join(', ')}.`);
  if (status === 'connected') {
    if (phase !== undefined || code !== undefined) throw new UsageError(`${where} is connected, so it takes no phase or code.`);
    return { status };
  }
  if (status !== 'failed') {
    throw new UsageError(`${where} has status ${JSON.stringify(status)}; an expectation is "connected" or "failed".`);
  }
  if (typeof phase !== 'string' || !(phases as readonly string[]).includes(phase)) {
    throw new UsageError(`${where} has phase ${JSON.stringify(phase)}; expected one of ${phases.join(', ')}.`);
  }
  if (typeof code !== 'string' || code === '') {
    throw new UsageError(`${where} has code ${JSON.stringify(code)}; expected an errno-style code such as "ECONNREFUSED".`);
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
    throw new UsageError(`${file} has schema ${JSON.stringify(json.schema)}; this sockmatrix reads "${expectationsSchema}".`);
  }
  if (typeof json.platform !== 'string' || json.platform === '') {
    throw new UsageError(`${file} has platform ${JSON.stringify(json.platform)}; expected a name such as "linux".`);
  }
  if (!isRecord(json.cells)) throw new UsageError(`${file} should have "cells": an object from cell id to expected outcome.`);
  const cells: Record<string, Expectation> = {};
  for (const [cellId, value] of Object.entries(json.cells)) cells[cellId] = parseExpectation(file, cellId, value);
  return { schema: expectationsSchema, platform: json.platform, runtimes: parseRuntimes(file, json.runtimes), cells };
};

// Files written before Python joined the matrix have no "runtimes": they hold Node's cells only.
const parseRuntimes = (file: string, value: unknown): string[] => {
  if (value === undefined) return ['node'];
  if (Array.isArray(value) && value.every((runtime) => typeof runtime === 'string' && runtime !== '')) return value;
  throw new UsageError(`${file} has runtimes ${JSON.stringify(value)}; expected a list of runtime names such as ["node", "python"].`);
};

/** The command that creates or refreshes an expectation file, for messages. */
export const updateCommand = (path: string, defaultPath: string): string =>
  `npm run matrix -- --update-expectations${path === defaultPath ? '' : ` --expectations ${path}`}`;

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

const expectationJson = (expectation: Expectation): string =>
  expectation.status === 'connected'
    ? '{ "status": "connected" }'
    : `{ "status": "failed", "phase": ${JSON.stringify(expectation.phase)}, "code": ${JSON.stringify(expectation.code)} }`;

/** An expectation file as text: cells sorted by id, one line each, so a diff shows one line per changed cell. */
export const formatExpectations = (file: ExpectationsFile): string => {
  const ids = Object.keys(file.cells).sort(byCodeUnit);
  const lines = ids.map((cellId, index) => {
    const expectation = file.cells[cellId] as Expectation;
    return `    ${JSON.stringify(cellId)}: ${expectationJson(expectation)}${index === ids.length - 1 ? '' : ','}`;
  });
  const cells = lines.length === 0 ? '{}' : `{\n${lines.join('\n')}\n  }`;
  const runtimes = JSON.stringify(file.runtimes).replaceAll(',', ', ');
  return `{\n  "schema": ${JSON.stringify(file.schema)},\n  "platform": ${JSON.stringify(file.platform)},\n  "runtimes": ${runtimes},\n  "cells": ${cells}\n}\n`;
};

/** Write an expectation file, creating its folder. */
export const saveExpectations = async (path: string, file: ExpectationsFile): Promise<void> => {
  await makeFolder(dirname(path));
  await writeFile(path, formatExpectations(file));
};
