import os from 'node:os';
import { parseArgs } from 'node:util';

/** The bench's flags, parsed. */
export interface BenchArgs {
  concurrency: number;
  json: boolean;
  /** Profiles to measure (--profile); empty for the host alone. */
  profiles: string[];
  /** How many times each row is measured (--runs), matrix and floor in turn; min, median and max are printed. */
  runs: number;
  /** Whether to time a quarter and a half of the whole matrix too (off with --no-scaling). */
  scaling: boolean;
}

/** A bad flag: its message is one line for a person, naming the flag and the fix. */
export class BenchUsageError extends Error {}

/** How to call the bench, for error messages. */
export const benchUsage = 'usage: npm run bench -- [--concurrency N] [--runs N] [--profile NAME[,NAME...]|all] [--no-scaling] [--json]';

/** Parse the bench's command line; throws BenchUsageError on anything it does not accept. */
export const parseBenchArgs = (argv: readonly string[]): BenchArgs => {
  let values: { concurrency?: string; json?: boolean; 'no-scaling'?: boolean; profile?: string[]; runs?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        concurrency: { type: 'string' },
        runs: { type: 'string' },
        json: { type: 'boolean', default: false },
        'no-scaling': { type: 'boolean', default: false },
        profile: { type: 'string', multiple: true },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // Node's messages name the flag; their first sentence is enough, the usage line is the fix.
    const message = error instanceof Error ? (error.message.split(/\.\s/)[0] ?? error.message) : String(error);
    throw new BenchUsageError(`${message.replace(/\.$/, '')}; ${benchUsage}`);
  }
  const profiles = (values.profile ?? []).flatMap((value) => value.split(',')).filter((name) => name !== '');
  return {
    concurrency: positive('concurrency', values.concurrency, os.availableParallelism() * 2),
    runs: positive('runs', values.runs, 1),
    json: values.json === true,
    scaling: values['no-scaling'] !== true,
    profiles,
  };
};

/** A positive whole number, or `fallback` when absent (the pool is twice the cores by default: agents mostly wait on start-up). */
const positive = (flag: string, raw: string | undefined, fallback: number): number => {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1) {
    throw new BenchUsageError(`Expected --${flag} to be a positive integer, got \`${raw}\`; ${benchUsage}`);
  }
  return value;
};
