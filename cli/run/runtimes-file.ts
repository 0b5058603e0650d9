import { dirname, isAbsolute, resolve } from 'node:path';
import type { AgentCommand } from '../../harness/agent-launch.js';
import { agentsFolder } from '../../harness/runtimes/agents-folder.js';
import type { UserRuntimeDefinition } from '../../harness/runtimes/user-runtime.js';
import { type Runtime, runtimes } from '../../matrix/runtimes.js';
import { definitionsFileCap, InputTooLarge, readInputFileSync } from '../../reports/input-file.js';
import { describeJsonError } from '../../reports/json-error.js';
import { runtimeNamePattern } from '../flags.js';
import { UsageError } from '../usage-error.js';

// --runtimes-file: runtimes a user adds without code, parsed once into definitions the harness can prepare.
// { "runtimes": [{ "name", "like": "node" | "python", "server": [...], "client": [...], "version": [...] }] }

const fail = (file: string, what: string): never => {
  throw new UsageError(`${file}: ${what}. See "Your own runtime" in the README for the format.`);
};

// The runtimes whose agents a user's runtime may take the dialect of: a user's own program has none.
const builtIn = (Object.keys(runtimes) as Runtime[]).filter((name) => name !== 'program');

/** A command as a list of words: `{agents}` stands for sockmatrix's built agents, ./ and ../ for the file's folder. */
const parseCommand = (file: string, where: string, value: unknown): AgentCommand => {
  if (!Array.isArray(value) || value.length === 0 || !value.every((word) => typeof word === 'string' && word !== '')) {
    return fail(file, `${where} must be a command as a list of words, e.g. ["node", "--version"]`);
  }
  const words = (value as string[]).map((word) => {
    const expanded = word.replaceAll('{agents}', agentsFolder);
    return /^\.\.?[\\/]/.test(expanded) && !isAbsolute(expanded) ? resolve(dirname(file), expanded) : expanded;
  });
  const [program = '', ...args] = words;
  return { file: program, args };
};

/** Read the runtimes a user defines in a JSON file. */
export const readRuntimesFile = (file: string): UserRuntimeDefinition[] => {
  let parsed: unknown;
  let text = '';
  try {
    text = readInputFileSync(file, definitionsFileCap);
    parsed = JSON.parse(text);
  } catch (error) {
    if (error instanceof InputTooLarge) return fail(file, `${error.of('a runtimes file')} (a runtime takes a few hundred bytes)`);
    const code = (error as NodeJS.ErrnoException).code;
    return fail(file, code ? `cannot be read (${code})` : `is not valid JSON (${describeJsonError(text, error)})`);
  }
  const list = (parsed as { runtimes?: unknown } | null)?.runtimes;
  if (!Array.isArray(list)) return fail(file, 'needs a "runtimes" list');
  const seen = new Set<string>();
  return list.map((entry: unknown, index): UserRuntimeDefinition => {
    const runtime = (entry ?? {}) as Record<string, unknown>;
    const { name, like } = runtime;
    if (typeof name !== 'string' || !runtimeNamePattern.test(name)) {
      return fail(file, `runtime ${index + 1} needs a "name" of lower-case letters, digits, '.', '_' or '-'`);
    }
    if (Object.hasOwn(runtimes, name)) return fail(file, `runtime '${name}' is a built-in runtime's name: choose another`);
    if (seen.has(name)) return fail(file, `runtime '${name}' is defined twice`);
    seen.add(name);
    const dialect = builtIn.find((own) => own === like);
    if (dialect === undefined) {
      return fail(file, `runtime '${name}' needs "like": the built-in runtime whose protocol its agents speak (${builtIn.join(' or ')})`);
    }
    return {
      name,
      like: dialect,
      server: parseCommand(file, `runtime '${name}': "server"`, runtime.server),
      client: parseCommand(file, `runtime '${name}': "client"`, runtime.client),
      version: parseCommand(file, `runtime '${name}': "version"`, runtime.version),
      source: file,
    };
  });
};
