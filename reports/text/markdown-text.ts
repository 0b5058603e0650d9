// Text inside Markdown for every Markdown output (the report, its check, the diff, the merge): inline code that
// survives backticks, and table rows.

/** Code in a Markdown line, with a fence longer than any run of backticks inside it. */
export const inlineCode = (text: string): string => {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padded = text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text;
  return `${fence}${padded}${fence}`;
};

/** A Markdown table row: a `|` in a cell would end it, and a newline the row. */
export const tableRow = (cells: readonly string[]): string =>
  `| ${cells.map((cell) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;

/** A legend symbol in Markdown: a code as code, a phrase (`no prefix`) as words. */
export const legendSymbol = (symbol: string): string => (/\s/.test(symbol) ? symbol : inlineCode(symbol));
