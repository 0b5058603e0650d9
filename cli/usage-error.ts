// The one error a person can fix: a flag, a file or a combination sockmatrix cannot run with.

/** A command line or input file sockmatrix cannot run with: what is wrong, where, and how to fix it. */
export class UsageError extends Error {
  override name = 'UsageError';
}
