// Text from a report, made safe for an HTML page. Every string in a report is data from a file someone may have
// crafted: it goes into the page only through these functions, as text, an attribute value or JSON data.

// C0 controls but tab and newline, DEL, and the C1 controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this expression's job.
const controlCharacters = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// Bidirectional overrides and isolates reorder the text around them on screen, so `a -> b` could read `b -> a`.
const bidiControls = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

// Written as code writes them (`\x1B[31m`), which every font can show; their Unicode pictures (␛) many fonts lack.
const written = (character: string): string => {
  const code = character.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase();
  return code < 0x100 ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`;
};

/** The text with control and bidi characters written out (ESC as `\x1B`), so a page shows what the file holds. */
export const visibleText = (text: string): string => text.replace(controlCharacters, written).replace(bidiControls, written);

/** Text for an element's content or a double-quoted attribute value: `& < > " '` escaped, controls made visible. */
export const htmlText = (text: string): string =>
  visibleText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * A value as JSON for a `<script type="application/json">` block: every `<` as `\u003c`, so no `</script>` or
 * `<!--` inside a string can end or change the block; U+2028 and U+2029 escaped for any reader that evaluates it.
 */
export const jsonInScript = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
