// Text inside Markdown for every Markdown output (the report, its check, the diff, the merge, the profile set):
// inline code that survives backticks, table rows, and words from a report or a user file that stay words.
// A Markdown report goes into GitHub step summaries and tickets, and what it quotes may come from anywhere
// (a merged CI artifact, a user's profile): nothing it quotes may become a heading, a link, an image or HTML.

// A new line inside quoted text could start a heading or end a table row: it is one space.
const oneLine = (text: string): string => text.replace(/\r\n|[\r\n]/g, ' ');

/** Code in a Markdown line, with a fence longer than any run of backticks inside it; on one line. */
export const inlineCode = (text: string): string => {
  const line = oneLine(text);
  const longestRun = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padded = line.startsWith('`') || line.endsWith('`') ? ` ${line} ` : line;
  return `${fence}${padded}${fence}`;
};

/**
 * Words from a report or a user file, as Markdown that shows them as they are, on one line: `&` and `<` as HTML
 * references (no tag, in Markdown or in an HTML block), the marks of code, emphasis, links and strikethrough
 * escaped, and a mark that would start a heading, quote or list escaped at the start. An `_` inside a word
 * (`EAI_ADDRFAMILY`) emphasises nothing and stays as it is, as does everything in ordinary text.
 */
export const markdownText = (text: string): string =>
  oneLine(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/[\\`*[\]~]/g, '\\$&')
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
    .replace(/^(\s*)([#>+=-])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');

/** Words inside HTML (a `<details>` summary): the characters HTML gives a meaning escaped, on one line. */
export const htmlText = (text: string): string =>
  oneLine(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A Markdown table row: a `|` in a cell would end it, and a newline the row. */
export const tableRow = (cells: readonly string[]): string =>
  `| ${cells.map((cell) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;

/** A legend symbol in Markdown: a code as code, a phrase (`no prefix`) as words. */
export const legendSymbol = (symbol: string): string => (/\s/.test(symbol) ? markdownText(symbol) : inlineCode(symbol));

/** A legend entry in Markdown: its symbol, and what it means (a code from a report, perhaps) as words. */
export const legendEntryText = (entry: { symbol: string; meaning: string }): string =>
  `${legendSymbol(entry.symbol)} ${markdownText(entry.meaning)}`;

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
