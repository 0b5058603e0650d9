import { describe, expect, it } from 'vitest';
import { describeJsonError } from '../../reports/json-error.js';

// Why a file is not JSON: where, in V8's words, and never the file's own text (it may be anything).

const errorOf = (text: string): unknown => {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error(`the test text parsed as JSON: ${text}`);
};

describe('describeJsonError', () => {
  it.each([
    [
      'an unexpected token, which V8 quotes in context',
      '{\n  "cells": {\n    "tcp a -> b": { "status": x }\n  }\n}',
      "Unexpected token 'x' (line 3, column 31)",
    ],
    [
      'a missing comma, which V8 gives a position for',
      '{\n"a": 1\n"b": 2}',
      "Expected ',' or '}' after property value in JSON at position 9 (line 3, column 1)",
    ],
    ['a short file, which V8 quotes whole: the token alone', '{ "a": }', "Unexpected token '}'"],
    ['an empty file', '', 'Unexpected end of JSON input'],
    [
      'a control character, named by its code point',
      '\u001b]0;owned\u0007 and more text after it',
      'Unexpected character U+001B (line 1, column 1)',
    ],
    ['a C1 control', '\u009b2J', 'Unexpected character U+009B'],
    [
      'a bad control character inside a string',
      '"ab\u0001c"',
      'Bad control character in string literal in JSON at position 3 (line 1, column 4)',
    ],
  ])('describes a JSON error on one line: %s', (_name, text, description) => {
    expect(describeJsonError(text, errorOf(text))).toBe(description);
  });

  it.each([
    ['a terminal escape', '\u001b]0;pwned-title\u0007\u001b[2J hello'],
    ['HTML', '<img src=x onerror=alert(1)> not json'],
    ['a Markdown link', '](http://evil.example) not json'],
    ['a long line of prose', 'This is a perfectly ordinary sentence that is not JSON at all, with secrets: hunter2'],
  ])('quotes none of the text: %s', (_name, text) => {
    const description = describeJsonError(text, errorOf(text));
    for (const word of ['pwned', '\u001b', 'img', 'evil', 'hunter2', 'ordinary', 'hello']) expect(description).not.toContain(word);
  });
});
