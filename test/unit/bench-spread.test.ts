import { describe, expect, it } from 'vitest';
import { spread } from '../../bench/spread.js';

describe('the bench spread', () => {
  it('gives the least, the median and the most of an odd count', () => {
    expect(spread([30, 10, 20])).toEqual({ min: 10, median: 20, max: 30 });
  });

  it('takes the mean of the middle two of an even count', () => {
    expect(spread([40, 10, 20, 30])).toEqual({ min: 10, median: 25, max: 40 });
  });

  it('rounds to whole milliseconds', () => {
    expect(spread([1.4, 2.6])).toEqual({ min: 1, median: 2, max: 3 });
  });
});
