import { describe, expect, it } from 'vitest';
import { everyNth, kindCounts, scalingParts } from '../../bench/scaling.js';

describe('the bench scaling rows', () => {
  it('keeps every nth item from the first, spread over the whole', () => {
    const items = Array.from({ length: 10 }, (_, index) => index);
    expect(everyNth(items, 4)).toEqual([0, 4, 8]);
    expect(everyNth(items, 2)).toEqual([0, 2, 4, 6, 8]);
    expect(everyNth(items, 1)).toEqual(items);
    expect(everyNth([], 4)).toEqual([]);
  });

  it('measures a quarter and a half, smallest first', () => {
    expect(scalingParts.map(({ label, every }) => [label, every])).toEqual([
      ['1/4', 4],
      ['1/2', 2],
    ]);
  });

  it('counts the cells of each kind, in the kinds order, leaving out kinds without cells', () => {
    expect(kindCounts([{ kind: 'coexist' }, { kind: 'pair' }, { kind: 'pair' }])).toBe('2 pair + 1 coexist');
    expect(kindCounts([{ kind: 'pair' }])).toBe('1 pair');
    expect(kindCounts([])).toBe('');
  });
});
