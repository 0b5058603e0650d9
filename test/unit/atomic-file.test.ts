import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../reports/atomic-file.js';

// Whole or not at all, on any system (a full disk is in test/e2e/atomic-writes.test.ts).

const fresh = (): string => mkdtempSync(join(tmpdir(), 'sockmatrix-atomic-'));

describe('writeFileAtomically', () => {
  it('replaces a file, keeping its mode, and leaves nothing else in the folder', async () => {
    const folder = fresh();
    const file = join(folder, 'linux.json');
    writeFileSync(file, 'old');
    chmodSync(file, 0o640);
    await writeFileAtomically(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(folder)).toEqual(['linux.json']);
  });

  it('creates a file that was not there', async () => {
    const folder = fresh();
    await writeFileAtomically(join(folder, 'report.json'), '{}\n');
    expect(readFileSync(join(folder, 'report.json'), 'utf8')).toBe('{}\n');
  });

  it.skipIf(process.platform === 'win32')('writes through a link to the file it names, and keeps the link', async () => {
    const folder = fresh();
    writeFileSync(join(folder, 'real.json'), 'old');
    symlinkSync('real.json', join(folder, 'link.json'));
    await writeFileAtomically(join(folder, 'link.json'), 'new');
    expect(lstatSync(join(folder, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(folder, 'real.json'), 'utf8')).toBe('new');
  });

  it('when the rename fails, throws, and leaves what was there and no temporary file', async () => {
    const folder = fresh();
    // A folder where the file should go: the data is written, the rename onto it fails (EISDIR).
    mkdirSync(join(folder, 'report.json'));
    writeFileSync(join(folder, 'report.json', 'inside'), 'kept');
    await expect(writeFileAtomically(join(folder, 'report.json'), 'new')).rejects.toMatchObject({ code: expect.stringMatching(/^E/) });
    expect(readdirSync(folder)).toEqual(['report.json']);
    expect(readFileSync(join(folder, 'report.json', 'inside'), 'utf8')).toBe('kept');
  });

  it('when the folder is missing, throws ENOENT and creates nothing', async () => {
    const folder = fresh();
    await expect(writeFileAtomically(join(folder, 'missing', 'x.json'), 'new')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readdirSync(folder)).toEqual([]);
  });
});
