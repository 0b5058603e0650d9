import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { defaultTimeouts, type Timeouts } from '../harness/timeouts.js';
import type { Transport } from '../matrix/dimensions.js';
import { type CellFilter, normalizeAddress } from '../matrix/filters.js';
import { isAllowedBind, isLoopbackTarget } from '../matrix/loopback.js';
import { type Format, renderers } from '../reports/formats/index.js';
import { askedColor, outputOptionSpec } from './output-style.js';
import { describeParseError } from './parse-error.js';

// The command line, parsed once into typed options; everything past this file trusts the types.

/** What the command line asks for. */
export type CliCommand = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; options: RunOptions; listOnly: boolean };

/** The options of a matrix run. */
export interface RunOptions {
  filter: CellFilter;
  concurrency: number;
  timeouts: Timeouts;
  outDir: string;
  format: Format;
  color: boolean | null;
  width: number | null;
  /** What to do with the expectation file: compare the run with it (--check), rewrite it (--update-expectations), or nothing. */
  expectations: { mode: 'check' | 'update' | null; file: string | null };
  /** How many times each cell runs (--repeat), each time with fresh agents. */
  repeat: number;
  /** A name for this environment (--label), recorded in the report; null when none. */
  label: string | null;
  /** The profiles asked for with --profile (names, or `all`); empty for the host alone. */
  profiles: string[];
  /** A JSON file of user-defined profiles (--profiles-file); null when none. */
  profilesFile: string | null;
}

/** A command line sockmatrix cannot run: what is wrong, and how to fix it. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The defaults, for the help text and for parsing. */
export const cliDefaults = {
  concurrency: Math.max(2, availableParallelism() * 2),
  ...defaultTimeouts,
  out: 'reports/runs',
};

const optionSpec = {
  transport: { type: 'string', multiple: true },
  profile: { type: 'string', multiple: true },
  'profiles-file': { type: 'string' },
  server: { type: 'string', multiple: true },
  client: { type: 'string', multiple: true },
  list: { type: 'boolean' },
  concurrency: { type: 'string' },
  'startup-timeout': { type: 'string' },
  'connect-timeout': { type: 'string' },
  'exchange-timeout': { type: 'string' },
  out: { type: 'string' },
  ...outputOptionSpec,
  check: { type: 'boolean' },
  'update-expectations': { type: 'boolean' },
  expectations: { type: 'string' },
  repeat: { type: 'string' },
  label: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

const splitList = (values: readonly string[] | undefined): string[] =>
  (values ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');

const positiveInteger = (flag: string, value: string | undefined, fallback: number, max: number): number => {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > max) {
    throw new UsageError(`--${flag} takes a whole number from 1 to ${max}, got '${value}'. Example: --${flag} ${fallback}`);
  }
  return parsed;
};

const parseTransports = (values: readonly string[] | undefined): Transport[] =>
  splitList(values).map((value) => {
    const lower = value.toLowerCase();
    if (lower === 'tcp' || lower === 'udp') return lower;
    throw new UsageError(`--transport takes tcp or udp, got '${value}'. Example: --transport tcp`);
  });

const parseFormat = (format: string | undefined, json: boolean | undefined): Format => {
  if (json) return 'json';
  if (format === undefined) return 'table';
  if (Object.hasOwn(renderers, format)) return format as Format;
  throw new UsageError(`--format takes one of ${Object.keys(renderers).join(', ')}, got '${format}'.`);
};

const parseLabel = (label: string | undefined): string | null => {
  if (label === undefined) return null;
  if (/^[A-Za-z0-9._-]{1,64}$/.test(label)) return label;
  throw new UsageError(
    `--label takes 1 to 64 characters among letters, digits, '.', '_' and '-', got '${label}'. Example: --label macos-14-node20`,
  );
};

const parseExpectationsMode = (values: {
  check?: boolean;
  'update-expectations'?: boolean;
  expectations?: string;
}): RunOptions['expectations'] => {
  if (values.check && values['update-expectations']) {
    throw new UsageError('--check and --update-expectations do not go together: one compares with the file, the other rewrites it.');
  }
  const mode = values.check ? 'check' : values['update-expectations'] ? 'update' : null;
  if (mode === null && values.expectations !== undefined) {
    throw new UsageError(`--expectations ${values.expectations} names the file for --check or --update-expectations; add one of them.`);
  }
  return { mode, file: values.expectations ?? null };
};

// sockmatrix never sends a packet off the machine: a non-loopback address is refused before anything runs.
const loopbackOnly = (flag: string, addresses: string[], allowed: (address: string) => boolean, what: string): string[] => {
  for (const address of addresses) {
    if (!allowed(normalizeAddress(address))) {
      throw new UsageError(
        `--${flag} ${address}: sockmatrix only ${what}, never an address off this machine. Try 127.0.0.1, ::1 or localhost.`,
      );
    }
  }
  return addresses;
};

/** Parse the command line; throws UsageError with a message for people. */
export const parseCli = (argv: readonly string[]): CliCommand => {
  let values: ReturnType<typeof parseArgs<{ options: typeof optionSpec; strict: true; allowPositionals: false }>>['values'];
  try {
    ({ values } = parseArgs({ args: [...argv], options: optionSpec, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const servers = loopbackOnly(
    'server',
    splitList(values.server),
    isAllowedBind,
    'binds loopback addresses and the wildcards 0.0.0.0 and ::',
  );
  const clients = loopbackOnly('client', splitList(values.client), isLoopbackTarget, 'dials loopback addresses and localhost');
  const options: RunOptions = {
    filter: { transports: parseTransports(values.transport), servers, clients },
    concurrency: positiveInteger('concurrency', values.concurrency, cliDefaults.concurrency, 256),
    timeouts: {
      startupMs: positiveInteger('startup-timeout', values['startup-timeout'], cliDefaults.startupMs, 600_000),
      connectMs: positiveInteger('connect-timeout', values['connect-timeout'], cliDefaults.connectMs, 600_000),
      exchangeMs: positiveInteger('exchange-timeout', values['exchange-timeout'], cliDefaults.exchangeMs, 600_000),
    },
    outDir: values.out ?? cliDefaults.out,
    format: parseFormat(values.format, values.json),
    color: askedColor(values),
    width: values.width === undefined ? null : positiveInteger('width', values.width, 120, 1000),
    expectations: parseExpectationsMode(values),
    repeat: positiveInteger('repeat', values.repeat, 1, 100),
    label: parseLabel(values.label),
    profiles: splitList(values.profile),
    profilesFile: values['profiles-file'] ?? null,
  };
  return { kind: 'run', options, listOnly: values.list === true };
};
