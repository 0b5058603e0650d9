import type { Timeouts } from '../harness/timeouts.js';
import type { RunOptionsRecord } from '../reports/report.js';
import { UsageError } from './usage-error.js';

// What a flag is, and the few shapes flags come in. The flags themselves are declared once, in flags.ts.

/** The commands that take flags: the run (`sockmatrix`), `diff`, `merge` and `explain`. */
export type CommandName = 'run' | 'diff' | 'merge' | 'explain';

/** What node:util parseArgs gives for a flag: a string, a switch, a repeated string, or nothing when absent. */
export type RawValue = string | boolean | string[] | undefined;

/** Where a flag is being parsed: its name (`--concurrency`) and the command it was given to. */
export interface FlagContext {
  flag: string;
  command: CommandName;
}

/** The heading a flag's line stands under in the run's --help. */
export type HelpGroup = 'filters' | 'runtimes' | 'programs' | 'running' | 'expectations' | 'profiles' | 'output';

/** Where the report's `run.options` records a flag's value. */
export type RecordedAs = Exclude<keyof RunOptionsRecord, 'matrix' | 'timeouts'> | `timeouts.${keyof Timeouts}`;

/** One flag, declared once: the parser, every --help, the profile's inner run and the report are generated from it. */
export interface Flag<Commands extends readonly CommandName[], Value> {
  /** The commands that take it. */
  commands: Commands;
  type: 'string' | 'boolean';
  /** Whether it may be repeated (each value may also be a comma-separated list). */
  multiple?: boolean;
  /** A one-letter alias, e.g. `h` for `--help`. */
  short?: string;
  group: HelpGroup;
  /** Its --help line after the flag: a function of the command, since the formats a command takes differ; null keeps it out of --help. */
  help: ((command: CommandName) => string) | null;
  /** The value's name in --help, e.g. `<ms>`; none for a switch. */
  placeholder?: (command: CommandName) => string;
  /** From what parseArgs gave to the typed value; throws UsageError naming the flag. */
  parse: (raw: RawValue, context: FlagContext) => Value;
  /**
   * The value as arguments again, for the run inside a profile's namespace, which repeats the outer run's
   * cells and limits; absent where the profile runner sets its own (--out, --json) or it means nothing inside.
   */
  forward?: (value: Value, flag: string) => string[];
  /** Where the report's `run.options` records the value; absent when it is not recorded there. */
  recordedAs?: RecordedAs;
}

/** Declare a flag, keeping the exact types of its commands and value. */
export const defineFlag = <const Commands extends readonly CommandName[], Value>(flag: Flag<Commands, Value>): Flag<Commands, Value> =>
  flag;

/** The words a subcommand's messages start with: `diff: `, or nothing for the run itself. */
export const commandPrefix = (command: CommandName): string => (command === 'run' ? '' : `${command}: `);

/** Values given as `--flag a,b --flag c`, split and trimmed; an empty one (`--flag ""`, `--flag a,,b`) is refused, never read as "all". */
export const splitList = (raw: RawValue, flag = 'the flag'): string[] => {
  const values = (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim());
  if (values.some((value) => value === '')) {
    throw new UsageError(`${flag} has an empty value: leave the flag out to keep everything, or name what to keep, e.g. ${flag} a,b.`);
  }
  return values;
};

/** A list value as arguments: `--flag a,b`, or nothing for an empty list. */
export const forwardList = (values: readonly string[], flag: string): string[] => (values.length === 0 ? [] : [flag, values.join(',')]);

/** A whole number from `min` to `max`, or `fallback` when absent. */
export const wholeNumber =
  (fallback: number, min: number, max: number, unit = '') =>
  (raw: RawValue, { flag, command }: FlagContext): number => {
    if (raw === undefined) return fallback;
    // Digits only: Number() would also take 0x2, 1e1 and ' 3', which nobody means as a count.
    const parsed = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (typeof raw !== 'string' || !Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new UsageError(
        `${commandPrefix(command)}${flag} takes a whole number ${unit}from ${min} to ${max}, got '${String(raw)}'. Example: ${flag} ${fallback}`,
      );
    }
    return parsed;
  };

/** A number as arguments, `--flag=N` so that no value can be taken for a flag. */
export const forwardNumber = (value: number, flag: string): string[] => [`${flag}=${value}`];

/** A switch: true when given. */
export const parseSwitch = (raw: RawValue): boolean => raw === true;

/** A string, or null when absent; an empty one is refused, since it names nothing. */
export const parseText = (raw: RawValue, { flag }: { flag: string } = { flag: 'the flag' }): string | null => {
  if (raw === '') throw new UsageError(`${flag} has an empty value: name a file or folder, or leave the flag out.`);
  return typeof raw === 'string' ? raw : null;
};
