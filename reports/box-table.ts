import Table from 'cli-table3';

// A box table as the grids draw theirs, for the diff and merge outputs: no colour of cli-table3's own.

/** How each column is aligned. */
export type Align = 'left' | 'center' | 'right';

/** A table cell: already painted text, or text spanning several columns (a group's heading). */
export type BoxCell = string | { content: string; colSpan: number; hAlign: Align };

/** A table of already painted text: a header row, body rows, one alignment per column. */
export const boxTable = (head: readonly string[], rows: readonly (readonly BoxCell[])[], aligns: readonly Align[]): string => {
  const table = new Table({
    head: [...head],
    colAligns: [...aligns],
    wordWrap: false,
    style: { head: [], border: [], compact: true },
  });
  for (const row of rows) table.push([...row]);
  return table.toString();
};

/** How wide boxTable draws a table whose columns hold text at most this wide: a space each side, and the rules. */
export const boxTableWidth = (contentWidths: readonly number[]): number => 1 + contentWidths.reduce((total, width) => total + width + 3, 0);
