// A fixed number of workers taking items in order; stops taking new ones once the signal aborts.

/** Run `work` over `items` with at most `concurrency` at once; items not started before an abort are skipped. */
export const runPool = async <Item, Result>(
  items: readonly Item[],
  concurrency: number,
  work: (item: Item, index: number) => Promise<Result>,
  signal: AbortSignal,
): Promise<Array<Result | undefined>> => {
  const results: Array<Result | undefined> = new Array(items.length).fill(undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (!signal.aborted && next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as Item, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
};
