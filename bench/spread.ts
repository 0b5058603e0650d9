// A handful of timings in brief: the least, the median and the most.

/** The minimum, median and maximum of some timings, in ms. */
export interface Spread {
  min: number;
  median: number;
  max: number;
}

/** The spread of a non-empty list of timings. */
export const spread = (values: readonly number[]): Spread => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { min: Math.round(sorted[0] ?? 0), median: Math.round(median), max: Math.round(sorted.at(-1) ?? 0) };
};
