import { answeredByChoices } from '../harness/coexist-outcome.js';
import { type CellKind, cellKindNames } from '../matrix/cell-kinds.js';
import { transports } from '../matrix/expand.js';
import { coexistPhases, type OutcomeStatus, type Phase, pairPhases } from '../matrix/outcome-summary.js';
import { describeJsonError } from './json-error.js';
import { type Report, reportSchema } from './report.js';
import { safeJson } from './text/control-characters.js';

// A report.json's text, parsed once into a Report or into one sentence saying what is wrong with it.
// It checks every field diff and merge read (schema, run, environment fingerprint, each cell's id,
// transport and outcome); the evidence inside the observations is taken as written, but for one thing:
// a report may come from anywhere (a CI artifact), so no string in it keeps a control character or an
// escape sequence, and no error message quotes text that is not JSON.

// The fields whose lines matter: an agent's stderr, a user's program's output. Every other string becomes one line.
const blockFields = new Set(['stderr', 'output']);

/** A parsed report, with notes for people (e.g. a newer minor schema read in part); or why it could not be read. */
export type ParsedReport = { ok: true; report: Report; notes: string[] } | { ok: false; error: string };

const schemaPattern = /^sockmatrix\/report@(\d+)(?:\.(\d+))?$/;

/** The version a schema string names, or null when it is not a sockmatrix report schema at all. */
const schemaVersion = (schema: string): { major: number; minor: number } | null => {
  const match = schemaPattern.exec(schema);
  return match === null ? null : { major: Number(match[1]), minor: Number(match[2] ?? 0) };
};

// The major version this sockmatrix reads: any minor version of it is read too.
const readMajor = schemaVersion(reportSchema)?.major ?? 1;
// The minor version this sockmatrix writes: older minors are read whole, newer ones in part.
const readMinor = schemaVersion(reportSchema)?.minor ?? 0;

type Json = Record<string, unknown>;

/** A field that is not what the report needs: the path to it and what was expected there. */
class ShapeError extends Error {}

/** Whether a JSON value is one of a list's strings. */
const isOneOf = (list: readonly string[], value: unknown): boolean => list.some((item) => item === value);

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const shown = (value: unknown): string => {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}...` : value}'`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
};

const at = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

const check = (condition: boolean, path: string, expected: string, value: unknown): void => {
  if (!condition) throw new ShapeError(`${path} is ${shown(value)}, expected ${expected}`);
};

const objectField = (parent: Json, key: string, path: string): Json => {
  const value = parent[key];
  check(isRecord(value), at(path, key), 'an object', value);
  return value as Json;
};

const stringField = (parent: Json, key: string, path: string): string => {
  const value = parent[key];
  check(typeof value === 'string', at(path, key), 'a string', value);
  return value as string;
};

const checkEnvironment = (environment: Json): void => {
  const os = objectField(environment, 'os', 'environment');
  for (const key of ['platform', 'release', 'arch']) stringField(os, key, 'environment.os');
  stringField(environment, 'node', 'environment');
  check(typeof environment.ipv6Available === 'boolean', 'environment.ipv6Available', 'true or false', environment.ipv6Available);
  const { linux } = environment;
  check(linux === null || isRecord(linux), 'environment.linux', 'an object or null', linux);
  if (isRecord(linux)) {
    const { bindv6only } = linux;
    check(bindv6only === null || typeof bindv6only === 'number', 'environment.linux.bindv6only', 'a number or null', bindv6only);
  }
  const localhost = objectField(environment, 'localhost', 'environment');
  const { addresses, error } = localhost;
  check(Array.isArray(addresses), 'environment.localhost.addresses', 'an array', addresses);
  (addresses as unknown[]).forEach((address, index) => {
    const path = `environment.localhost.addresses[${index}]`;
    check(isRecord(address) && typeof address.address === 'string', path, 'an object with an address', address);
  });
  check(error === null || typeof error === 'string', 'environment.localhost.error', 'a string or null', error);
};

const checkRun = (run: Json): void => {
  stringField(run, 'id', 'run');
  const { label, complete, plannedCells } = run;
  check(label === undefined || label === null || typeof label === 'string', 'run.label', 'a string or null', label);
  check(typeof complete === 'boolean', 'run.complete', 'true or false', complete);
  check(Number.isInteger(plannedCells), 'run.plannedCells', 'a whole number', plannedCells);
};

// Each kind's statuses and phases: a pair never coexists, two servers never connect.
const kindShapes = {
  pair: { statuses: ['connected', 'failed', 'harness-error'], phases: pairPhases },
  coexist: { statuses: ['coexisted', 'failed', 'harness-error'], phases: coexistPhases },
} as const satisfies Record<CellKind, { statuses: readonly OutcomeStatus[]; phases: readonly Phase[] }>;

const listed = (values: readonly string[]): string => `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;

/** Check one cell; throws ShapeError naming the field. A cell without `kind` is a pair (reports before 1.3). */
const checkCell = (cell: unknown, path: string): void => {
  check(isRecord(cell), path, 'an object', cell);
  const json = cell as Json;
  const kind = json.kind ?? 'pair';
  check(isOneOf(cellKindNames, kind), `${path}.kind`, listed(cellKindNames), json.kind);
  stringField(json, 'id', path);
  check(isOneOf(transports, json.transport), `${path}.transport`, transports.join(' or '), json.transport);
  if (kind === 'coexist') {
    objectField(json, 'first', path);
    objectField(json, 'second', path);
    check(Array.isArray(json.targets) && json.targets.every(isRecord), `${path}.targets`, 'an array of objects', json.targets);
  } else {
    objectField(json, 'server', path);
    objectField(json, 'client', path);
  }
  const shape = kindShapes[kind as CellKind];
  const outcome = objectField(json, 'outcome', path);
  const { status } = outcome;
  check(isOneOf(shape.statuses, status), `${path}.outcome.status`, listed(shape.statuses), status);
  if (status === 'failed') {
    check(
      shape.phases.some((phase) => phase === outcome.phase),
      `${path}.outcome.phase`,
      `one of ${shape.phases.join(', ')}`,
      outcome.phase,
    );
    stringField(outcome, 'code', `${path}.outcome`);
  }
  if (status === 'coexisted' || kind === 'coexist') {
    const observations = objectField(outcome, 'observations', `${path}.outcome`);
    const { answers } = observations;
    check(Array.isArray(answers), `${path}.outcome.observations.answers`, 'an array', answers);
    (answers as unknown[]).forEach((answer, index) => {
      const answerPath = `${path}.outcome.observations.answers[${index}]`;
      check(isRecord(answer), answerPath, 'an object', answer);
      stringField(answer as Json, 'target', answerPath);
      check(
        isOneOf(answeredByChoices, (answer as Json).answeredBy),
        `${answerPath}.answeredBy`,
        listed(answeredByChoices),
        (answer as Json).answeredBy,
      );
    });
  }
};

/** Whether JSON text stops inside a string or with brackets still open: a file cut off while being written or copied. */
export const looksTruncated = (text: string): boolean => {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const char of text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') depth -= 1;
  }
  return inString || depth > 0;
};

const parseJson = (text: string): { ok: true; value: unknown } | { ok: false; error: string } => {
  if (text.trim() === '') return { ok: false, error: 'is empty, not a report' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = describeJsonError(text, error);
    if (/^\s*[{[]/.test(text) && looksTruncated(text)) {
      return { ok: false, error: `looks truncated: the JSON stops after ${text.length} characters (${reason}). Copy or download it again` };
    }
    return { ok: false, error: `is not JSON (${reason})` };
  }
  return { ok: true, value: safeJson(value, blockFields) };
};

/** Parse a report.json's text; never throws. */
export const parseReport = (text: string): ParsedReport => {
  const json = parseJson(text.replace(/^\uFEFF/, ''));
  if (!json.ok) return json;
  const { value } = json;
  const expected = `an object with "schema": "${reportSchema}"`;
  if (!isRecord(value)) return { ok: false, error: `is not a sockmatrix report: expected ${expected}, got ${shown(value)}` };
  if (typeof value.schema !== 'string') {
    return { ok: false, error: `is not a sockmatrix report: it has no "schema" field (expected "${reportSchema}")` };
  }
  const version = schemaVersion(value.schema);
  if (version === null)
    return { ok: false, error: `is not a sockmatrix report: its schema is "${value.schema}", expected "${reportSchema}"` };
  if (version.major !== readMajor) {
    const which = version.major > readMajor ? 'a newer sockmatrix: upgrade this one' : 'an older sockmatrix: run it again';
    return {
      ok: false,
      error: `is a ${value.schema} report, and this sockmatrix reads sockmatrix/report@${readMajor} only (it was made by ${which} to compare it)`,
    };
  }
  const notes: string[] = [];
  const newerMinor = version.minor > readMinor;
  if (newerMinor) notes.push(`is ${value.schema}, newer than the ${reportSchema} this sockmatrix reads: reading the fields it knows`);

  try {
    checkRun(objectField(value, 'run', ''));
    checkEnvironment(objectField(value, 'environment', ''));
    const { cells } = value;
    check(Array.isArray(cells), 'cells', 'an array', cells);
    const seen = new Set<string>();
    const kept = (cells as unknown[]).filter((cell, index) => {
      try {
        checkCell(cell, `cells[${index}]`);
      } catch (error) {
        // A newer minor version may add outcomes this one does not know: leave such a cell out and say so.
        if (!(newerMinor && error instanceof ShapeError)) throw error;
        notes.push(`left out ${error.message}`);
        return false;
      }
      const id = (cell as Json).id as string;
      check(!seen.has(id), `cells[${index}].id`, 'an id no other cell has', id);
      seen.add(id);
      return true;
    });
    const report = { ...value, schema: reportSchema, cells: kept } as unknown as Report;
    if (report.run.label === undefined) report.run.label = null;
    return { ok: true, report, notes };
  } catch (error) {
    if (error instanceof ShapeError) return { ok: false, error: `is not a valid ${reportSchema} report: ${error.message}` };
    throw error;
  }
};
