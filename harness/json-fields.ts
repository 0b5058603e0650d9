// Reading typed fields out of parsed JSON from another process. A field that is not what it must be
// throws a FieldError naming its path, what was there and what was expected; the parser that started
// the read catches it at its boundary and returns it as a reason.

/** A field that is not what the protocol needs: its path, what it holds and what was expected. */
export class FieldError extends Error {}

type JsonObject = Record<string, unknown>;

const isJsonObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value as a reason quotes it: its type and, for scalars, the value itself, cut short. */
export const shown = (value: unknown): string => {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 40)}...` : text}`;
};

const fail = (path: string, value: unknown, expected: string): never => {
  throw new FieldError(`${path} is ${shown(value)}, expected ${expected}`);
};

/** One JSON object being read; every read names the path it came by, e.g. `observation.local.port`. */
export interface ObjectReader {
  string(key: string): string;
  /** A string with at least one character, e.g. an error code. */
  nonEmptyString(key: string): string;
  integer(key: string, min: number, max: number): number;
  /** An integer from min to max, or nothing at all (null): a field only some messages carry. */
  optionalInteger(key: string, min: number, max: number): number | null;
  boolean(key: string): boolean;
  /** A boolean, or null, or nothing at all (null): a field later versions of the protocol added. */
  optionalBooleanOrNull(key: string): boolean | null;
  /** One of a fixed set of strings or numbers, compared with ===. */
  oneOf<Choice extends string | number>(key: string, choices: readonly Choice[]): Choice;
  /** One of a fixed set, or null, or nothing at all (null): a field later versions of the protocol added. */
  optionalOneOf<Choice extends string | number>(key: string, choices: readonly Choice[]): Choice | null;
  object(key: string): ObjectReader;
  /** An object, or null where null is allowed. */
  objectOrNull(key: string): ObjectReader | null;
  /** An array whose every item is an object. */
  objects(key: string): ObjectReader[];
  /** An array of objects, or null where null is allowed. */
  objectsOrNull(key: string): ObjectReader[] | null;
}

const at = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/** Start reading a value that must be a JSON object; `path` is '' at the top of a message. */
export const readObject = (value: unknown, path: string): ObjectReader => {
  if (!isJsonObject(value)) return fail(path === '' ? 'the line' : path, value, 'an object');
  const json = value;
  const field = (key: string): { path: string; value: unknown } => ({ path: at(path, key), value: json[key] });
  const objectsAt = (fieldPath: string, items: unknown[]): ObjectReader[] =>
    items.map((item, index) => readObject(item, `${fieldPath}[${index}]`));

  return {
    string: (key) => {
      const { path: fieldPath, value: fieldValue } = field(key);
      return typeof fieldValue === 'string' ? fieldValue : fail(fieldPath, fieldValue, 'a string');
    },
    nonEmptyString: (key) => {
      const { path: fieldPath, value: fieldValue } = field(key);
      return typeof fieldValue === 'string' && fieldValue !== '' ? fieldValue : fail(fieldPath, fieldValue, 'a non-empty string');
    },
    integer: (key, min, max) => {
      const { path: fieldPath, value: fieldValue } = field(key);
      return typeof fieldValue === 'number' && Number.isInteger(fieldValue) && fieldValue >= min && fieldValue <= max
        ? fieldValue
        : fail(fieldPath, fieldValue, `an integer from ${min} to ${max}`);
    },
    optionalInteger: (key, min, max) => {
      const { path: fieldPath, value: fieldValue } = field(key);
      if (fieldValue === undefined) return null;
      return typeof fieldValue === 'number' && Number.isInteger(fieldValue) && fieldValue >= min && fieldValue <= max
        ? fieldValue
        : fail(fieldPath, fieldValue, `an integer from ${min} to ${max}, or nothing`);
    },
    boolean: (key) => {
      const { path: fieldPath, value: fieldValue } = field(key);
      return typeof fieldValue === 'boolean' ? fieldValue : fail(fieldPath, fieldValue, 'true or false');
    },
    optionalBooleanOrNull: (key) => {
      const { path: fieldPath, value: fieldValue } = field(key);
      if (fieldValue === undefined || fieldValue === null) return null;
      return typeof fieldValue === 'boolean' ? fieldValue : fail(fieldPath, fieldValue, 'true, false or null');
    },
    oneOf: (key, choices) => {
      const { path: fieldPath, value: fieldValue } = field(key);
      const choice = choices.find((candidate) => candidate === fieldValue);
      return choice ?? fail(fieldPath, fieldValue, `one of ${choices.map((candidate) => JSON.stringify(candidate)).join(', ')}`);
    },
    optionalOneOf: (key, choices) => {
      const { path: fieldPath, value: fieldValue } = field(key);
      if (fieldValue === undefined || fieldValue === null) return null;
      const choice = choices.find((candidate) => candidate === fieldValue);
      return choice ?? fail(fieldPath, fieldValue, `one of ${choices.map((candidate) => JSON.stringify(candidate)).join(', ')}, or null`);
    },
    object: (key) => readObject(json[key], at(path, key)),
    objectOrNull: (key) => {
      const { path: fieldPath, value: fieldValue } = field(key);
      if (fieldValue === null) return null;
      return isJsonObject(fieldValue) ? readObject(fieldValue, fieldPath) : fail(fieldPath, fieldValue, 'an object or null');
    },
    objects: (key) => {
      const { path: fieldPath, value: fieldValue } = field(key);
      return Array.isArray(fieldValue) ? objectsAt(fieldPath, fieldValue) : fail(fieldPath, fieldValue, 'an array of objects');
    },
    objectsOrNull: (key) => {
      const { path: fieldPath, value: fieldValue } = field(key);
      if (fieldValue === null) return null;
      return Array.isArray(fieldValue) ? objectsAt(fieldPath, fieldValue) : fail(fieldPath, fieldValue, 'an array of objects or null');
    },
  };
};
