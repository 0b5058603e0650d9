// ANSI colour for the diff and merge tables: plain SGR codes, each closed by its own reset, so a
// colour never leaks into a border. The same codes as the grids' (terminal-table.ts).

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
