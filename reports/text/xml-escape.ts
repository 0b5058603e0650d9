// Text and attribute values for XML 1.0 documents (JUnit), whatever an agent or a message holds.

// XML 1.0 allows tab, newline, carriage return and U+0020 upwards, except the surrogates and U+FFFE/U+FFFF.
// With the `u` flag a lone surrogate is one code point in D800-DFFF, so it is matched and dropped too.
const forbiddenInXml = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The text without the characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE, U+FFFF). */
export const stripForbiddenXmlCharacters = (text: string): string => text.replace(forbiddenInXml, '');

/** Character data for an element: `&`, `<`, `>` escaped; a carriage return kept as a reference, since parsers fold CR LF to LF. */
export const xmlText = (text: string): string =>
  stripForbiddenXmlCharacters(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');

/** A double-quoted attribute value: also quotes escaped, and tab, newline, CR as references, which attribute normalisation would turn into spaces. */
export const xmlAttribute = (text: string): string =>
  xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
