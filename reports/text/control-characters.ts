// Text from a report or a user file, made safe for a terminal: no escape sequence (clear screen, window title,
// OSC 8 hyperlink) and no control character survives, whatever a CI artifact or a hand-edited file holds.
// Matching control characters is this file's purpose, hence the lint exceptions.

// Whole sequences go, not only their ESC, or `]0;title` would be left in the text. A string command (OSC, DCS,
// SOS, PM, APC) runs to BEL or ST; an unterminated one is cut at the end of its line, as a terminal would swallow it.
// biome-ignore lint/suspicious/noControlCharactersInRegex: see above
const stringCommand = /(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\n\x07\x9c]*?(?:\x07|\x1b\\|\x9c|(?=\n)|$)/g;
// CSI (ESC [ or its C1 form) with its parameters and final byte, or what there is of one.
// biome-ignore lint/suspicious/noControlCharactersInRegex: see above
const controlSequence = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?/g;
// Any other escape: ESC, intermediate bytes, a final byte (e.g. ESC c, a full reset), or a lone ESC.
// biome-ignore lint/suspicious/noControlCharactersInRegex: see above
const otherEscape = /\x1b[ -/]*[0-~]?/g;
// C0 controls, DEL and C1 controls: in a line every one of them; in a block all but tab and LF.
// biome-ignore lint/suspicious/noControlCharactersInRegex: see above
const lineControls = /[\x00-\x1f\x7f-\x9f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: see above
const blockControls = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

const withoutEscapeSequences = (text: string): string =>
  text.replace(stringCommand, '').replace(controlSequence, '').replace(otherEscape, '');

/** Text for one line: escape sequences, C0 controls, DEL and C1 controls removed; tab, CR and LF become spaces. */
export const safeLine = (text: string): string =>
  withoutEscapeSequences(text)
    .replace(/[\t\n\r]/g, ' ')
    .replace(lineControls, '');

/**
 * Text for a block that keeps its lines (an agent's stderr): as `safeLine`, but LF and tab are kept, and a CR
 * (which would let a line overwrite the one before it) ends a line.
 */
export const safeBlock = (text: string): string => withoutEscapeSequences(text).replace(/\r\n?/g, '\n').replace(blockControls, '');

/** Every string of a JSON value (keys too) made safe: the values of `blockKeys` with `safeBlock`, all others with `safeLine`. */
export const safeJson = (value: unknown, blockKeys: ReadonlySet<string>, key = ''): unknown => {
  if (typeof value === 'string') return blockKeys.has(key) ? safeBlock(value) : safeLine(value);
  if (Array.isArray(value)) return value.map((item) => safeJson(item, blockKeys, key));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [safeLine(name), safeJson(item, blockKeys, name)]));
};
