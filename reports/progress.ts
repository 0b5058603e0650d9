import type { CellResult } from '../harness/run-cell.js';

// Progress while cells run: one redrawn line on a terminal, sparse plain lines elsewhere (CI logs).

/** Something told about each finished cell, and about the end of the run. */
export interface Progress {
  cellDone(result: CellResult, doneCount: number): void;
  finish(): void;
}

const plainEveryPercent = 25;

/** A progress display for `total` cells on `stream`; `live` redraws one line, otherwise plain lines. */
export const createProgress = (total: number, stream: NodeJS.WritableStream, live: boolean): Progress => {
  const counts = { connected: 0, failed: 0, 'harness-error': 0 };
  const started = performance.now();
  let lastPlainStep = 0;
  const summary = (): string => {
    const errors = counts['harness-error'] > 0 ? `, ${counts['harness-error']} harness errors` : '';
    return `${counts.connected} connected, ${counts.failed} failed${errors}`;
  };
  return {
    cellDone(result, doneCount) {
      counts[result.outcome.status] += 1;
      if (live) {
        const width = 30;
        const filled = Math.round((doneCount / total) * width);
        const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
        stream.write(`\r\x1b[2K[${bar}] ${doneCount}/${total} cells · ${summary()}`);
        return;
      }
      const step = Math.floor(((doneCount / total) * 100) / plainEveryPercent);
      if (step > lastPlainStep || doneCount === total) {
        lastPlainStep = step;
        stream.write(`sockmatrix: ${doneCount}/${total} cells done (${summary()})\n`);
      }
    },
    finish() {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (live) stream.write('\r\x1b[2K');
      stream.write(`sockmatrix: ran ${counts.connected + counts.failed + counts['harness-error']} of ${total} cells in ${seconds} s\n`);
    },
  };
};
