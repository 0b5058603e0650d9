import { describe, expect, it } from 'vitest';
import { safeBlock, safeJson, safeLine } from '../../reports/text/control-characters.js';

// Text from a report or a user file, made safe for a terminal: the hostile strings real terminals act on.

const esc = '\u001b';
const bel = '\u0007';

describe('safeLine', () => {
  it.each([
    ['a window title (OSC 0, ended by BEL)', `tcp${esc}]0;pwned${bel} a`, 'tcp a'],
    ['a window title (OSC 2, ended by ST)', `x${esc}]2;pwned${esc}\\y`, 'xy'],
    ['an OSC 8 hyperlink, both ends', `${esc}]8;;http://evil.example${esc}\\click${esc}]8;;${esc}\\`, 'click'],
    ['an OSC without an end, cut at the end of the text', `ok${esc}]0;pwned forever`, 'ok'],
    ['clear screen', `${esc}[2J${esc}[Hlinux`, 'linux'],
    ['colour', `${esc}[31mred${esc}[0m`, 'red'],
    ['a CSI without its final byte', `a${esc}[31`, 'a'],
    ['the C1 forms of CSI and OSC', `\u009b2Ja\u009d0;pwned${bel}b`, 'ab'],
    ['a full reset (ESC c) and a lone ESC', `${esc}cA${esc}`, 'A'],
    ['backspace, bell, NUL, DEL', 'a\u0008b\u0007c\u0000d\u007f', 'abcd'],
    ['new lines and tabs, as spaces', 'one\ntwo\r\nthree\tfour', 'one two  three four'],
    ['a carriage return, which would overwrite the line', 'real\rfake', 'real fake'],
  ])('removes %s', (_name, text, safe) => {
    expect(safeLine(text)).toBe(safe);
  });

  it.each([
    ['a cell id', 'tcp [::ffff:127.0.0.1] v6only -> localhost family=6'],
    ['a message', 'getaddrinfo EAI_ADDRFAMILY 127.0.0.1: [Errno -9] Address family for hostname not supported'],
    ['non-ASCII text', 'résumé ✓ · ≠ 東京'],
  ])('leaves ordinary text as it is: %s', (_name, text) => {
    expect(safeLine(text)).toBe(text);
  });
});

describe('safeBlock', () => {
  it('keeps the lines and tabs of a traceback, and nothing a terminal would act on', () => {
    const stderr = `Traceback:\n\tFile "x.py"\r\n${esc}[2J${esc}]0;pwned${bel}Error: boom\roverwritten\n`;
    expect(safeBlock(stderr)).toBe('Traceback:\n\tFile "x.py"\nError: boom\noverwritten\n');
  });
});

describe('safeJson', () => {
  it('cleans every string, keys included, and keeps the lines of the block fields only', () => {
    const value = {
      [`node${esc}[2J`]: 'v20',
      cells: [{ id: `a\nb${esc}]0;t${bel}`, outcome: { stderr: `line 1\nline 2${esc}[31m`, message: 'one\ntwo' } }],
      count: 3,
      none: null,
    };
    expect(safeJson(value, new Set(['stderr']))).toEqual({
      node: 'v20',
      cells: [{ id: 'a b', outcome: { stderr: 'line 1\nline 2', message: 'one two' } }],
      count: 3,
      none: null,
    });
  });
});
