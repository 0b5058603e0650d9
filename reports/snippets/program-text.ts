import type { SnippetCell } from './snippet.js';

// Values from a report written into a program's text. A report can come from anywhere (a file someone attached
// to a ticket), so nothing in it may end a string literal or a comment early: the program runs what it shows.

const printableAscii = /^[\x20-\x7e]$/;

/** A string literal in `quote`, each character outside printable ASCII written as the escape `escapeCodePoint` gives. */
const stringLiteral = (text: string, quote: "'" | '"', escapeCodePoint: (codePoint: number) => string): string => {
  let body = '';
  for (const character of text) {
    if (character === '\\' || character === quote) body += `\\${character}`;
    else if (printableAscii.test(character)) body += character;
    else body += escapeCodePoint(character.codePointAt(0) ?? 0);
  }
  return `${quote}${body}${quote}`;
};

const hex = (codePoint: number, digits: number): string => codePoint.toString(16).padStart(digits, '0');

/** A JavaScript string literal in single quotes: `'::1'`. */
export const javascriptString = (text: string): string => stringLiteral(text, "'", (codePoint) => `\\u{${hex(codePoint, 4)}}`);

/** A Python string literal in double quotes: `"::1"`. */
export const pythonString = (text: string): string =>
  stringLiteral(text, '"', (codePoint) => (codePoint <= 0xffff ? `\\u${hex(codePoint, 4)}` : `\\U${hex(codePoint, 8)}`));

// Line breaks (which would end a comment), other control characters and invisible formatting (bidi overrides).
const unsafeInComment = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** Text for a one-line comment: anything that could break the line or hide what follows is a `?`. */
export const commentText = (text: string): string => text.replace(unsafeInComment, '?');

/** The opening comment of a program, without the comment marks: which cell and side it plays, and how to run it. */
export const aboutLines = (cell: SnippetCell, side: 'server' | 'client', run: string): string[] => {
  const { agent } = cell[side];
  return [
    commentText(`The ${side} of the sockmatrix cell "${cell.id}".`),
    ...(agent === undefined
      ? []
      : [commentText(`sockmatrix ran it with ${agent} (--runtimes-file): start it with that runtime's command and flags.`)]),
    `Run: ${run}${side === 'client' ? ' (once the server listens)' : ''}`,
  ];
};

/** A program's text from its lines, `null` for a line this endpoint leaves out; it ends with a newline. */
export const programText = (lines: readonly (string | null)[]): string => `${lines.filter((line) => line !== null).join('\n')}\n`;
