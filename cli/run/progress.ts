import type { CellResult } from '../../harness/kinds/kind.js';

// Progress while cells run: one redrawn line on a terminal, sparse plain lines elsewhere (CI logs).

/** Something told about each finished cell, and about the end of the run. */
export interface Progress {
  cellDone(result: CellResult, doneCount: number): void;
  finish(): void;
}

const plainEveryPercent = 25;

/** How progress shows: `live` redraws one line on a terminal; `plain` writes whole lines, for CI logs, pipes and dumb terminals. */
export const progressMode = (env: NodeJS.ProcessEnv, isTTY: boolean): 'live' | 'plain' => {
  // Any CI value counts, even CI=false: a plain line never hurts a terminal, a redraw garbles a log.
  const ci = env.CI !== undefined || env.GITHUB_ACTIONS !== undefined;
  return isTTY && !ci && env.TERM !== 'dumb' ? 'live' : 'plain';
};

/** A progress display for `total` cells (or cell runs, as `noun` says) on `stream`; `live` redraws one line, otherwise plain lines. */
export const createProgress = (total: number, stream: NodeJS.WritableStream, live: boolean, noun = 'cells'): Progress => {
  const counts = { connected: 0, coexisted: 0, failed: 0, 'harness-error': 0 };
  const started = performance.now();
  let lastPlainStep = 0;
  const summary = (): string => {
    const errors = counts['harness-error'] > 0 ? `, ${counts['harness-error']} harness errors` : '';
    const coexisted = counts.coexisted > 0 ? `, ${counts.coexisted} coexisted` : '';
    return `${counts.connected} connected${coexisted}, ${counts.failed} failed${errors}`;
  };
  return {
    cellDone(result, doneCount) {
      counts[result.outcome.status] += 1;
      if (live) {
        const width = 30;
        const filled = Math.round((doneCount / total) * width);
        const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
        stream.write(`\r\x1b[2K[${bar}] ${doneCount}/${total} ${noun} · ${summary()}`);
        return;
      }
      const step = Math.floor(((doneCount / total) * 100) / plainEveryPercent);
      if (step > lastPlainStep || doneCount === total) {
        lastPlainStep = step;
        stream.write(`sockmatrix: ${doneCount}/${total} ${noun} done (${summary()})\n`);
      }
    },
    finish() {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (live) stream.write('\r\x1b[2K');
      const ran = Object.values(counts).reduce((sum, count) => sum + count, 0);
      stream.write(`sockmatrix: ran ${ran} of ${total} ${noun} in ${seconds} s\n`);
    },
  };
};
