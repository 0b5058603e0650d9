// The exit statuses of every sockmatrix command, documented in the README.

/**
 * 0 ran (and matched), 1 deviations or differences, 2 usage or configuration error (nothing ran), 3 a bug,
 * 4 the cells ran but a report file could not be written, 5 every cell was a harness error (no finding at all),
 * 130 interrupted.
 */
export const exitCodes = { ran: 0, differs: 1, usage: 2, bug: 3, notWritten: 4, allBroken: 5, interrupted: 130 } as const;

/** A line for people on stderr, prefixed with the tool's name. */
export const say = (line: string): void => {
  process.stderr.write(`sockmatrix: ${line}\n`);
};
