import type { Timeouts } from '../harness/timeouts.js';
import type { CellFilter } from '../matrix/filters.js';
import type { FormatName } from '../reports/formats/index.js';
import { type CommandName, commandPrefix } from './flag.js';
import { type FlagValues, parseFlags } from './flag-table.js';
import { UsageError } from './usage-error.js';

// The run's command line (`sockmatrix` without a subcommand), parsed once into typed options, and the few
// views the run takes of them. Everything past this file trusts the types.

/** The options of a matrix run: every run flag's value, as flags.ts declares it, the output format settled. */
export type RunOptions = Omit<FlagValues<'run'>, 'format'> & { format: FormatName };

/** What the run's command line asks for. */
export type RunCommand = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; options: RunOptions };

/** What to do with the expectation file: compare the run with it (--check), rewrite it (--update-expectations), or nothing. */
export type ExpectationsMode = 'check' | 'update' | null;

/** Parse the run's command line; throws UsageError with a message for people. */
export const parseRun = (argv: readonly string[]): RunCommand => {
  const { values } = parseFlags('run', argv);
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  if (values.check && values.updateExpectations) {
    throw new UsageError('--check and --update-expectations do not go together: one compares with the file, the other rewrites it.');
  }
  if (!values.check && values.expectationsMissing !== null) {
    throw new UsageError(
      `--expectations-missing ${values.expectationsMissing} says what --check does where no expectation file exists; add --check.`,
    );
  }
  if (!values.check && !values.updateExpectations && values.expectations !== null) {
    throw new UsageError(`--expectations ${values.expectations} names the file for --check or --update-expectations; add one of them.`);
  }
  return { kind: 'run', options: { ...values, format: settledFormat(values, 'run') } };
};

/** The one output format a command line asks for: --json, --format, or the table; both at odds is a UsageError. */
export const settledFormat = <Format extends FormatName>(
  values: { json: boolean; format: Format | null; color: boolean; noColor: boolean },
  command: CommandName,
): Format | 'json' | 'table' => {
  const prefix = commandPrefix(command);
  if (values.json && values.format !== null && values.format !== 'json') {
    throw new UsageError(`${prefix}--json and --format ${values.format} ask for two outputs: give one of them.`);
  }
  if (values.color && values.noColor) throw new UsageError(`${prefix}--color and --no-color contradict each other: give one of them.`);
  return values.json ? 'json' : (values.format ?? 'table');
};

/** Which cells the run keeps. */
export const cellFilter = (options: RunOptions): CellFilter => ({
  kinds: options.kind,
  transports: options.transport,
  servers: options.server,
  clients: options.client,
  cells: options.cell,
  serverRuntimes: bothSides(options.runtime, options.serverRuntime),
  clientRuntimes: bothSides(options.runtime, options.clientRuntime),
});

/** The runtimes one side may run in: those both lists allow, where an empty list allows all; null for any. */
const bothSides = (runtimes: readonly string[], side: readonly string[]): string[] | null => {
  if (runtimes.length === 0) return side.length === 0 ? null : [...side];
  return side.length === 0 ? [...runtimes] : side.filter((runtime) => runtimes.includes(runtime));
};

/** The runtimes the command line names, on either side: a missing one is then an error, not a skip. */
export const askedRuntimes = (options: RunOptions): Set<string> =>
  new Set([...options.runtime, ...options.serverRuntime, ...options.clientRuntime]);

/** The time limits of each cell. */
export const timeoutsOf = (options: RunOptions): Timeouts => ({
  startupMs: options.startupTimeout,
  connectMs: options.connectTimeout,
  exchangeMs: options.exchangeTimeout,
});

/** Whether the run checks against expectations, rewrites them, or neither. */
export const expectationsMode = (options: RunOptions): ExpectationsMode =>
  options.check ? 'check' : options.updateExpectations ? 'update' : null;
