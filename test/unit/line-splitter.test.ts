import { describe, expect, it } from 'vitest';
import { splitLines } from '../../harness/line-splitter.js';

// Agents' output and fork servers' reports arrive in chunks cut anywhere: lines come out whole, in order.

describe('splitLines', () => {
  it('gives each line once its newline has come, whatever the chunks', () => {
    const lines: string[] = [];
    const splitter = splitLines((line) => lines.push(line));
    for (const chunk of ['{"a"', ':1}\n{"b":2}\n{"c', '":3}', '\n', '\n']) splitter.push(chunk);
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}', '']);
  });

  it('hands over what follows the last newline, once', () => {
    const lines: string[] = [];
    const splitter = splitLines((line) => lines.push(line));
    splitter.push('ready\nhalf a li');
    splitter.push('ne');
    expect(lines).toEqual(['ready']);
    expect(splitter.takeRest()).toBe('half a line');
    expect(splitter.takeRest()).toBe('');
  });
});
