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

// A code fence closes on a line of the same character, at least as long, and nothing else (CommonMark).
const closesFence = (line: string, opener: string): boolean => {
  const trimmed = line.trim();
  return trimmed.length >= opener.length && /^(`+|~+)$/.test(trimmed) && trimmed[0] === opener[0];
};

/** The Markdown without its `<details>` blocks (the per-cell evidence) and the blank lines they leave; fence-aware. */
export const withoutDetailsBlocks = (markdown: string): string => {
  const kept: string[] = [];
  let openFence: string | null = null;
  let inDetails = false;
  for (const line of markdown.split('\n')) {
    if (openFence !== null) {
      if (closesFence(line, openFence)) openFence = null;
      if (!inDetails) kept.push(line);
      continue;
    }
    const opener = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (opener !== undefined) {
      openFence = opener;
      if (!inDetails) kept.push(line);
      continue;
    }
    if (inDetails) {
      if (line.trim() === '</details>') inDetails = false;
      continue;
    }
    if (line.startsWith('<details>')) {
      inDetails = true;
      continue;
    }
    if (line.trim() === '' && kept.at(-1)?.trim() === '') continue;
    kept.push(line);
  }
  return kept.join('\n');
};
