import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeWritable } from '../../reports/run-folder.js';

// The check before the first cell: can the reports be written there? It answers, and leaves nothing behind.

const fresh = (): string => mkdtempSync(join(tmpdir(), 'sockmatrix-probe-'));

describe('probeWritable', () => {
  it('passes for a folder that can be made, and leaves the folders it made and its file out', async () => {
    const base = fresh();
    await probeWritable(join(base, 'a', 'b', 'runs'));
    expect(readdirSync(base)).toEqual([]);
  });

  it('leaves an existing folder as it was', async () => {
    const base = fresh();
    writeFileSync(join(base, 'kept'), 'x');
    await probeWritable(base);
    expect(readdirSync(base)).toEqual(['kept']);
  });

  it('throws the errno where a file stands in the way', async () => {
    const base = fresh();
    writeFileSync(join(base, 'file'), 'x');
    await expect(probeWritable(join(base, 'file', 'runs'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(probeWritable(join(base, 'file'))).rejects.toMatchObject({ code: expect.stringMatching(/^(EEXIST|ENOTDIR)$/) });
    expect(existsSync(join(base, 'file'))).toBe(true);
  });
});
