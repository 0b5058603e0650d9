import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Timeouts } from '../harness/timeouts.js';
import type { RunOptionsRecord } from '../reports/report.js';
import { type CommandName, commandPrefix, type Flag, type HelpGroup, type RawValue } from './flag.js';
import { flags } from './flags.js';
import { describeParseError } from './parse-error.js';
import { UsageError } from './usage-error.js';

// What the flag table generates: each command's parser, its --help lines, the arguments a profile's inner
// run gets, and the options a report records. Nothing here names a flag: flags.ts does.

type Flags = typeof flags;
type FlagKey = keyof Flags;
// biome-ignore lint/suspicious/noExplicitAny: matches any flag, whatever its commands and value
type AnyFlag = Flag<readonly CommandName[], any>;

/** The keys of the flags a command takes. */
export type FlagKeyOf<Command extends CommandName> = {
  [Key in FlagKey]: Command extends Flags[Key]['commands'][number] ? Key : never;
}[FlagKey];

/** The parsed flags of a command: a typed value for each flag it takes. */
export type FlagValues<Command extends CommandName> = {
  [Key in FlagKeyOf<Command>]: ReturnType<Flags[Key]['parse']>;
};

/** `--startup-timeout` from `startupTimeout`. */
export const flagName = (key: string): string => `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

const entries = (): [FlagKey, AnyFlag][] => Object.entries(flags) as [FlagKey, AnyFlag][];

/** The flags a command takes, in table order. */
const flagsOf = (command: CommandName): [FlagKey, AnyFlag][] => entries().filter(([, flag]) => flag.commands.includes(command));

const commandWords: Record<CommandName, string> = {
  run: 'the run (sockmatrix without a command)',
  diff: 'diff',
  merge: 'merge',
  explain: 'explain',
};

/** For a flag another command takes: which one, e.g. `diff: --all is an option of merge`; null for any other parse error. */
const elsewhere = (error: unknown, command: CommandName): string | null => {
  const unknown = /Unknown option '--([^']+)'/.exec(error instanceof Error ? error.message : '')?.[1];
  const owner = entries().find(([key]) => flagName(key) === `--${unknown}`)?.[1];
  if (owner === undefined) return null;
  const help = command === 'run' ? 'sockmatrix --help' : `sockmatrix ${command} --help`;
  return `${commandPrefix(command)}--${unknown} is an option of ${owner.commands.map((name) => commandWords[name]).join(' and ')}. Run '${help}'.`;
};

/** A flag that takes one value, given twice: the last would win silently, so it is refused. */
const refuseRepeats = (tokens: readonly { kind: string; name?: string; value?: string | undefined }[], command: CommandName): void => {
  const seen = new Map<string, string | undefined>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined) continue;
    const flag = entries().find(([key]) => flagName(key) === `--${token.name}`)?.[1];
    if (flag === undefined || flag.multiple) continue;
    if (seen.has(token.name)) {
      const values = [seen.get(token.name), token.value].filter((value) => value !== undefined).map((value) => `'${value}'`);
      const given = values.length === 2 ? ` (${values.join(' and ')})` : '';
      throw new UsageError(`${commandPrefix(command)}--${token.name} is given twice${given}: give it once.`);
    }
    seen.set(token.name, token.value);
  }
};

/** Parse a command's arguments: every flag into its typed value, and the positional arguments (report paths). */
export const parseFlags = <Command extends CommandName>(
  command: Command,
  argv: readonly string[],
): { values: FlagValues<Command>; positionals: string[] } => {
  const spec: ParseArgsConfig['options'] = Object.fromEntries(
    flagsOf(command).map(([key, flag]) => [
      flagName(key).slice(2),
      { type: flag.type, ...(flag.multiple ? { multiple: true } : {}), ...(flag.short ? { short: flag.short } : {}) },
    ]),
  );
  let parsed: { values: Record<string, RawValue>; positionals: string[] };
  try {
    // Only diff and merge take positional arguments: the reports to read.
    const result = parseArgs({ args: [...argv], options: spec, strict: true, allowPositionals: command !== 'run', tokens: true });
    refuseRepeats(result.tokens, command);
    // Strings and switches only: the spec declares no other type.
    parsed = { values: result.values as Record<string, RawValue>, positionals: result.positionals };
  } catch (error) {
    throw new UsageError(elsewhere(error, command) ?? describeParseError(error, command === 'run' ? null : command));
  }
  const values: Record<string, unknown> = {};
  for (const [key, flag] of flagsOf(command)) {
    values[key] = flag.parse(parsed.values[flagName(key).slice(2)], { flag: flagName(key), command });
  }
  // Built flag by flag from the table, whose types FlagValues reads: the one place they meet.
  return { values: values as FlagValues<Command>, positionals: parsed.positionals };
};

/** Where help lines are aligned: the flag, padded to this column, then what it does. */
const helpColumn = 29;
const helpWidth = 104;

/** Words wrapped to the help width, continuation lines under the help column. */
const wrapHelp = (head: string, text: string): string[] => {
  const lines: string[] = [];
  let line = head.length + 3 > helpColumn ? `${head}   ` : head.padEnd(helpColumn);
  let fresh = true;
  for (const word of text.split(' ')) {
    if (!fresh && line.length + 1 + word.length > helpWidth) {
      lines.push(line);
      line = ' '.repeat(helpColumn);
      fresh = true;
    }
    line += fresh ? word : ` ${word}`;
    fresh = false;
  }
  return [...lines, line];
};

/** A command's --help lines for its flags, optionally of one group, in table order. */
export const helpLines = (command: CommandName, group?: HelpGroup): string[] =>
  flagsOf(command).flatMap(([key, flag]) => {
    if (flag.help === null || (group !== undefined && flag.group !== group)) return [];
    const short = flag.short === undefined ? '' : `-${flag.short}, `;
    const placeholder = flag.placeholder === undefined ? '' : ` ${flag.placeholder(command)}`;
    return wrapHelp(`  ${short}${flagName(key)}${placeholder}`, flag.help(command));
  });

/** The arguments that give a run inside a profile's namespace the same cells and limits as this run. */
export const forwardedArguments = (values: FlagValues<'run'>): string[] =>
  flagsOf('run').flatMap(([key, flag]) => (flag.forward === undefined ? [] : flag.forward(values[key as FlagKeyOf<'run'>], flagName(key))));

/** The options a report records, `run.options`, from the run's flags and the matrix's name. */
export const recordedOptions = (values: FlagValues<'run'>, matrix: string): RunOptionsRecord => {
  const record: Record<string, unknown> = { matrix };
  const timeouts: Partial<Timeouts> = {};
  for (const [key, flag] of flagsOf('run')) {
    const where = flag.recordedAs;
    if (where === undefined) continue;
    const value = values[key as FlagKeyOf<'run'>];
    if (where.startsWith('timeouts.')) {
      timeouts[where.slice('timeouts.'.length) as keyof Timeouts] = value as number;
      record.timeouts = timeouts;
    } else record[where] = value;
  }
  // Every field is the value of a flag that recordedAs names; a unit test checks that all are there.
  return record as unknown as RunOptionsRecord;
};
