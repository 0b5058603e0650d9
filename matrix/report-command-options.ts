import { parseArgs } from 'node:util';
import type { RenderOptions } from '../reports/render-options.js';
import { UsageError } from './cli-options.js';

// The command lines of `sockmatrix diff` and `sockmatrix merge`, which read reports rather than run cells:
// both take report paths and the same output flags; merge adds --all.

/** The output flags both commands take, parsed. */
export interface ReportOutputFlags<Format extends string> {
  format: Format;
  /** Colour as asked: true (--color), false (--no-color), null (decide from the terminal). */
  color: boolean | null;
  width: number | null;
}

/** What a report command's command line asks for. */
export type ReportCommandLine<Format extends string> =
  | { kind: 'help' }
  | { kind: 'run'; paths: string[]; output: ReportOutputFlags<Format>; all: boolean };

const optionSpec = {
  format: { type: 'string' },
  json: { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  width: { type: 'string' },
  all: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const describeParseError = (command: string, error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  const help = `Run 'sockmatrix ${command} --help' to see its options.`;
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `${command}: unknown option '${unknown[1]}'. ${help}`;
  const missing = /Option '(--[\w-]+)[^']*' argument (?:missing|is ambiguous)/.exec(message);
  if (missing) return `${command}: option '${missing[1]}' needs a value. ${help}`;
  return `${command}: ${message}. ${help}`;
};

/** Parse a report command's arguments; `formats` is its renderer registry, whose keys are the --format values. */
export const parseReportCommand = <Format extends string>(
  command: 'diff' | 'merge',
  argv: readonly string[],
  formats: Readonly<Record<Format, unknown>>,
): ReportCommandLine<Format> => {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof optionSpec; strict: true; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: optionSpec, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(describeParseError(command, error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.all && command !== 'merge')
    throw new UsageError(`${command}: --all is an option of merge. Run 'sockmatrix ${command} --help'.`);

  const names = Object.keys(formats) as Format[];
  const format = values.json ? 'json' : (values.format ?? 'table');
  if (!names.some((name) => name === format)) {
    throw new UsageError(`${command}: --format takes one of ${names.join(', ')}, got '${format}'.`);
  }
  let width: number | null = null;
  if (values.width !== undefined) {
    width = Number(values.width);
    if (!Number.isInteger(width) || width < 40 || width > 1000) {
      throw new UsageError(
        `${command}: --width takes a whole number of columns from 40 to 1000, got '${values.width}'. Example: --width 120`,
      );
    }
  }
  return {
    kind: 'run',
    paths: positionals,
    output: { format: format as Format, color: values['no-color'] ? false : values.color ? true : null, width },
    all: values.all === true,
  };
};

/** Width and colour for stdout: as asked, else from the terminal; NO_COLOR and a pipe turn colour off. */
export const outputStyle = (flags: { color: boolean | null; width: number | null }): RenderOptions => {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  return {
    color: !noColor && (flags.color ?? process.stdout.isTTY === true),
    width: flags.width ?? (process.stdout.isTTY ? process.stdout.columns : 120),
  };
};
