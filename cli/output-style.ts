import type { RenderOptions } from '../reports/render-options.js';

// What the output flags of every command that prints a report (the run, diff, merge) come to on stdout.

/** The output flags as parsed. */
export interface OutputFlags {
  color: boolean;
  noColor: boolean;
  width: number | null;
}

/** Width and colour for stdout: as asked, else from the terminal; --no-color wins, and NO_COLOR and a pipe turn colour off. */
export const outputStyle = (flags: OutputFlags): RenderOptions => {
  const noColor = flags.noColor || (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '');
  return {
    color: !noColor && (flags.color || process.stdout.isTTY === true),
    width: flags.width ?? (process.stdout.isTTY ? process.stdout.columns : 120),
  };
};

/** Where GitHub's workflow commands go: stdout, but stderr where stdout carries one JSON or JUnit document (the runner reads both). */
export const annotationStream = (format: string): NodeJS.WritableStream =>
  format === 'json' || format === 'junit' ? process.stderr : process.stdout;
