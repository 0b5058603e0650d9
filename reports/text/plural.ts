// Counted nouns for every sentence sockmatrix prints: `1 cell`, `3 cells`.

/** A count with its noun: `1 cell`, `3 cells`. */
export const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;
