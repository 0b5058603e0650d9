import type { RenderOptions } from '../reports/render-options.js';

// The output flags of every command that prints a report (the run, diff, merge), and what they come to on stdout.

/** The parseArgs spec of --format, --json, --color, --no-color and --width. */
export const outputOptionSpec = {
  format: { type: 'string' },
  json: { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  width: { type: 'string' },
} as const;

/** Colour as asked: false for --no-color (it wins), true for --color, null to decide from the terminal. */
export const askedColor = (values: { color?: boolean; 'no-color'?: boolean }): boolean | null =>
  values['no-color'] ? false : values.color ? true : null;

/** Width and colour for stdout: as asked, else from the terminal; NO_COLOR and a pipe turn colour off. */
export const outputStyle = (flags: { color: boolean | null; width: number | null }): RenderOptions => {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  return {
    color: !noColor && (flags.color ?? process.stdout.isTTY === true),
    width: flags.width ?? (process.stdout.isTTY ? process.stdout.columns : 120),
  };
};
