// Why a file is not JSON, in one line that names the place and never quotes the file: the text may come from
// anywhere (a CI artifact, a hand-edited file), and an error message is no place to replay it.

const lineAndColumn = (text: string, position: number): string => {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
};

// V8 quotes an unexpected token with the 10 characters either side of it ("...context..."), instead of a position.
const v8ContextCharacters = 10;

/** The character V8 found unexpected, as itself when it is printable ASCII, else as its code point (U+001B). */
const unexpected = (token: string): string =>
  /^[!-~]$/.test(token)
    ? `Unexpected token '${token}'`
    : `Unexpected character U+${(token.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Where V8's unexpected token is, from the context it quotes: 10 characters after the context's start when the
 * context was cut before it (`..."`), else (the token among the first 10) where the token is, if it is there once.
 * Null when that cannot be told: a context found twice, or a short text quoted whole.
 */
const tokenPosition = (text: string, token: string, context: string, cutBefore: boolean): number | null => {
  const at = text.indexOf(context);
  if (at < 0 || text.indexOf(context, at + 1) !== -1) return null;
  if (cutBefore) return at + v8ContextCharacters;
  const head = text.slice(0, v8ContextCharacters);
  const first = head.indexOf(token);
  return first >= 0 && head.indexOf(token, first + 1) === -1 && context.length < text.length ? first : null;
};

/** A JSON.parse error on one line, with the line and column where they can be told, and none of the file's text. */
export const describeJsonError = (text: string, error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  // V8's own words and a position: "Expected ',' or '}' after property value in JSON at position 9".
  const position = /^([A-Z][^"]*? in JSON at position (\d+))(?: \(line \d+ column \d+\))?$/.exec(message);
  if (position?.[1] !== undefined) return `${position[1]} (${lineAndColumn(text, Number(position[2]))})`;
  const quoted = /^Unexpected token '([\s\S]+?)', (\.\.\.)?"([\s\S]*)"(?:\.\.\.)? is not valid JSON$/.exec(message);
  const [, token, cutBefore, context] = quoted ?? [];
  if (token !== undefined && context !== undefined) {
    const position = tokenPosition(text, token, context, cutBefore !== undefined);
    return position === null ? unexpected(token) : `${unexpected(token)} (${lineAndColumn(text, position)})`;
  }
  if (message === 'Unexpected end of JSON input') return message;
  return 'not valid JSON';
};
