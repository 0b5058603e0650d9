import { describe, expect, it } from 'vitest';
import { createProgress, progressMode } from '../../cli/run/progress.js';
import type { CellResult } from '../../harness/kinds/kind.js';
import { sampleReport } from '../fixtures/sample-report.js';

describe('progressMode: one redrawn line only on a terminal outside CI', () => {
  it.each([
    [{}, true, 'live'],
    [{}, false, 'plain'],
    [{ CI: 'true' }, true, 'plain'],
    [{ CI: '1' }, true, 'plain'],
    [{ CI: '' }, true, 'plain'],
    [{ CI: 'false' }, true, 'plain'],
    [{ GITHUB_ACTIONS: 'true' }, true, 'plain'],
    [{ GITHUB_ACTIONS: 'true', CI: 'true' }, false, 'plain'],
    [{ TERM: 'dumb' }, true, 'plain'],
    [{ TERM: 'xterm-256color' }, true, 'live'],
  ] as const)('env %j, stderr a TTY: %s -> %s', (env, isTTY, mode) => {
    expect(progressMode(env, isTTY)).toBe(mode);
  });
});

describe('plain progress', () => {
  it('writes whole lines, never a carriage return or an escape sequence', () => {
    const results: CellResult[] = sampleReport()
      .cells.slice(0, 10)
      .map((cell) => ({
        cell: { kind: 'pair', id: cell.id, transport: cell.transport, server: cell.server, client: cell.client },
        outcome: cell.outcome,
        durationMs: cell.durationMs,
      }));
    const written: string[] = [];
    const stream = { write: (chunk: string) => written.push(chunk) } as unknown as NodeJS.WritableStream;
    const progress = createProgress(results.length, stream, progressMode({ GITHUB_ACTIONS: 'true' }, true) === 'live');
    for (const [index, result] of results.entries()) progress.cellDone(result, index + 1);
    progress.finish();
    const output = written.join('');
    expect(output).not.toContain('\r');
    expect(output).not.toContain('\u001b');
    expect(written.every((chunk) => chunk.endsWith('\n'))).toBe(true);
    expect(output).toContain('sockmatrix: 10/10 cells done');
  });
});
