import Table from 'cli-table3';

// A box table as every terminal table draws it (the grids, the diff, the merge): no colour of cli-table3's own.

/** How each column is aligned. */
export type Align = 'left' | 'center' | 'right';

/** A table cell: already painted text, or text spanning several columns (a group's heading). */
export type BoxCell = string | { content: string; colSpan: number; hAlign: Align };

/**
 * A table of already painted text: a header row, body rows, one alignment per column. With `fixedWidths`, each column
 * is exactly that wide and cli-table3 pads nothing of its own: the caller's widths already hold the spare columns.
 */
export const boxTable = (
  head: readonly string[],
  rows: readonly (readonly BoxCell[])[],
  aligns: readonly Align[],
  fixedWidths?: readonly number[],
): string => {
  const unpadded = fixedWidths === undefined ? {} : { 'padding-left': 0, 'padding-right': 0 };
  const table = new Table({
    head: [...head],
    ...(fixedWidths === undefined ? {} : { colWidths: [...fixedWidths] }),
    colAligns: [...aligns],
    wordWrap: false,
    // cli-table3 colours headers red and borders grey by default; colour here is ours to decide.
    style: { head: [], border: [], compact: true, ...unpadded },
  });
  for (const row of rows) table.push([...row]);
  return table.toString();
};

/** How wide boxTable draws a table whose columns hold text at most this wide: a space each side, and the rules. */
export const boxTableWidth = (contentWidths: readonly number[]): number => 1 + contentWidths.reduce((total, width) => total + width + 3, 0);
