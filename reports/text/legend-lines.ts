// A legend packed into as few lines as fit a width, after a `Legend:` label, as the grids print theirs.

/** The entries joined by wide gaps, wrapped at `width`, continuation lines indented under the first entry. */
export const legendLines = (entries: readonly string[], width: number): string[] => {
  const label = 'Legend: ';
  const gap = '   ';
  const lines: string[][] = [];
  for (const entry of entries) {
    const last = lines.at(-1);
    if (last !== undefined && label.length + [...last, entry].join(gap).length <= width) last.push(entry);
    else lines.push([entry]);
  }
  return lines.map((line, index) => `${index === 0 ? label : ' '.repeat(label.length)}${line.join(gap)}`);
};
