// ANSI colour for the terminal tables (the grids, the diff, the merge): plain SGR codes, each closed by its own
// reset, so a colour never leaks into the border cli-table3 draws.

/** The styles a table cell can have. */
export type Paint = 'green' | 'red' | 'magenta' | 'yellow' | 'dim' | 'bold';

const sgr: Readonly<Record<Paint, readonly [number, number]>> = {
  green: [32, 39],
  red: [31, 39],
  magenta: [35, 39],
  yellow: [33, 39],
  dim: [2, 22],
  bold: [1, 22],
};

/** Text in a style when colour is wanted, else the text as it is. */
export const paint = (text: string, style: Paint, color: boolean): string =>
  color ? `\x1b[${sgr[style][0]}m${text}\x1b[${sgr[style][1]}m` : text;
