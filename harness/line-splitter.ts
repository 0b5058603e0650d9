// Text that arrives in chunks (a pipe, a socket), cut into lines as it comes.

/** A splitter: each whole line goes to onLine as its newline arrives; what follows the last newline waits. */
export interface LineSplitter {
  /** Add a chunk, split anywhere. */
  push(chunk: string): void;
  /** What came after the last newline, handed over: nothing is pending after it. */
  takeRest(): string;
}

/** Cut text into lines for onLine, without their newline. */
export const splitLines = (onLine: (line: string) => void): LineSplitter => {
  let pending = '';
  return {
    push: (chunk) => {
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline !== -1) {
        onLine(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    },
    takeRest: () => {
      const rest = pending;
      pending = '';
      return rest;
    },
  };
};
