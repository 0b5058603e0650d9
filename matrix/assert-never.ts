/** Compile-time proof that a switch covered every case; reaching it at run time is a sockmatrix bug. */
export const assertNever = (value: never): never => {
  throw new Error(`sockmatrix bug: unexpected value ${JSON.stringify(value)}`);
};
