// What node:util parseArgs threw, said for people: which option was wrong, and where the options are listed.

/** A parseArgs error as a message for people; `command` names a subcommand (`diff`, `merge`), null the run itself. */
export const describeParseError = (error: unknown, command: string | null = null): string => {
  const message = error instanceof Error ? error.message : String(error);
  const prefix = command === null ? '' : `${command}: `;
  const invocation = command === null ? 'sockmatrix' : `sockmatrix ${command}`;
  const help = `Run '${invocation} --help' to see ${command === null ? 'the' : 'its'} options.`;
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `${prefix}unknown option '${unknown[1]}'. ${help}`;
  const missing = /Option '(--[\w-]+)[^']*' argument (?:missing|is ambiguous)/.exec(message);
  if (missing) {
    const dashHint = command === null ? ` (one that starts with a dash goes as ${missing[1]}=VALUE)` : '';
    return `${prefix}option '${missing[1]}' needs a value${dashHint}. ${help}`;
  }
  // Only the run takes no positional arguments: diff and merge read theirs as report paths.
  const positional = /Unexpected argument '([^']+)'/.exec(message);
  if (positional) return `${prefix}unexpected argument '${positional[1]}': options start with --. Run '${invocation} --help'.`;
  return `${prefix}${message}. ${help}`;
};
