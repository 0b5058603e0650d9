import { describe, expect, it } from 'vitest';
import { stripForbiddenXmlCharacters, xmlAttribute, xmlText } from '../../reports/text/xml-escape.js';

describe('XML escaping', () => {
  it.each([
    ['plain text', 'tcp [::1] dual -> 127.0.0.1', 'tcp [::1] dual -&gt; 127.0.0.1', 'tcp [::1] dual -&gt; 127.0.0.1'],
    ['markup', '<a href="x">&amp;</a>', '&lt;a href="x"&gt;&amp;amp;&lt;/a&gt;', '&lt;a href=&quot;x&quot;&gt;&amp;amp;&lt;/a&gt;'],
    ['quotes', `"double" 'single'`, `"double" 'single'`, '&quot;double&quot; &apos;single&apos;'],
    ['the end of a CDATA section', ']]>', ']]&gt;', ']]&gt;'],
    ['tab, LF and CR, which attribute normalisation would blank', 'a\tb\nc\r\nd', 'a\tb\nc&#13;\nd', 'a&#9;b&#10;c&#13;&#10;d'],
    [
      'control characters XML 1.0 forbids',
      'nul\u0000 bell\u0007 esc\u001b[31m vt\u000b ff\u000c',
      'nul bell esc[31m vt ff',
      'nul bell esc[31m vt ff',
    ],
    ['DEL and C1 controls, which XML 1.0 allows', 'del\u007f c1\u0085', 'del\u007f c1\u0085', 'del\u007f c1\u0085'],
    ['a lone surrogate, U+FFFE and U+FFFF', 'lone\ud800 low\udc00 fffe\ufffe ffff\uffff', 'lone low fffe ffff', 'lone low fffe ffff'],
    ['characters beyond the BMP, kept whole', 'emoji 🔌 and é', 'emoji 🔌 and é', 'emoji 🔌 and é'],
  ])('%s', (_name, input, asText, asAttribute) => {
    expect(xmlText(input)).toBe(asText);
    expect(xmlAttribute(input)).toBe(asAttribute);
  });

  it('strips only what XML 1.0 forbids', () => {
    expect(stripForbiddenXmlCharacters('\t\n\r ok \u{10FFFF}')).toBe('\t\n\r ok \u{10FFFF}');
  });
});
