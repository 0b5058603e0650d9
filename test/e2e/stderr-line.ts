import type { Readable } from 'node:stream';

// Acting at a known point of a running CLI: when its stderr says so, never after a delay, so a loaded
// machine makes the test slower but never different.

/** A child process as far as waiting on its stderr goes (an execa subprocess is one). */
interface RunningProcess {
  stderr: Readable | null;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
}

/** Resolve once the process's stderr has shown `pattern`; reject with what it did say if it exits first. */
export const stderrShows = (running: RunningProcess, pattern: RegExp): Promise<void> =>
  new Promise((resolve, reject) => {
    // Kept whole: a line may arrive in two chunks.
    let seen = '';
    running.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) resolve();
    });
    running.once('exit', (code, signal) =>
      reject(new Error(`the process ended (${signal ?? `status ${code}`}) before its stderr showed ${pattern}; it said:\n${seen}`)),
    );
  });
