#!/usr/bin/env node
import { diffCommand } from './commands/diff.js';
import { explainCommand } from './commands/explain.js';
import { mergeCommand } from './commands/merge.js';
import { runCommand } from './commands/run.js';
import { exitCodes, say } from './exit-codes.js';
import { UsageError } from './usage-error.js';

// The command line entry: dispatch to a subcommand, or run the matrix; turn errors into exit statuses.

/** Subcommands by name: each takes the arguments after its name and resolves to an exit status. */
const subcommands: Record<string, (argv: readonly string[]) => Promise<number>> = {
  diff: diffCommand,
  merge: mergeCommand,
  explain: explainCommand,
};

const main = async (argv: readonly string[]): Promise<number> => {
  try {
    const [first, ...rest] = argv;
    const subcommand = first === undefined ? undefined : subcommands[first];
    return subcommand ? await subcommand(rest) : await runCommand(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      say(error.message);
      return exitCodes.usage;
    }
    say('internal error: this is a bug in sockmatrix; please report it with the trace below.');
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return exitCodes.bug;
  }
};

// A reader that stops early (`| head -1`, `| true`) closes the pipe: not sockmatrix's error, and no reason
// to stop. What is left to print goes nowhere; the command finishes (its run folder, its expectation file)
// and exits with its own status, so `set -o pipefail` still sees a diff's 1.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

process.exitCode = await main(process.argv.slice(2));
