import { parseArgs } from 'node:util';
import { askedColor, outputOptionSpec } from '../output-style.js';
import { describeParseError } from '../parse-error.js';
import { UsageError } from '../run-flags.js';

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
  ...outputOptionSpec,
  all: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

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
    throw new UsageError(describeParseError(error, command));
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
    output: { format: format as Format, color: askedColor(values), width },
    all: values.all === true,
  };
};
