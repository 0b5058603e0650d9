import { existsSync, mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExpectations } from '../../cli/run/expectations-file.js';
import { readProfilesFile } from '../../cli/run/profile-choice.js';
import { readRuntimesFile } from '../../cli/run/runtimes-file.js';
import { UsageError } from '../../cli/usage-error.js';
import { InputTooLarge, readInputFile, readInputFileSync, shownSize } from '../../reports/input-file.js';
import { makeFolder } from '../../reports/make-folder.js';
import { findReportFiles, readReport } from '../../reports/read-report.js';
import { handMadeReport } from '../fixtures/hand-made-report.js';

// The files people hand to sockmatrix, read with a cap, and the folders it makes, made in bounded steps:
// a wrong path or a huge file is refused in a moment, with the file, its size and the cap named.

const freshDir = (): string => mkdtempSync(join(tmpdir(), 'sockmatrix-inputs-'));
const isLinux = process.platform === 'linux';

/** A file of `bytes` bytes that takes no disk and no time to make: sparse, all zeros. */
const sparseFile = (bytes: number, name = 'big.json'): string => {
  const path = join(freshDir(), name);
  writeFileSync(path, '');
  truncateSync(path, bytes);
  return path;
};

const mib = 1024 * 1024;

describe('reading a file with a cap', () => {
  it.each([
    [512, '512 bytes'],
    [1024, '1 KiB'],
    [mib, '1 MiB'],
    [36.2 * mib, '36.2 MiB'],
  ])('shows %i bytes as %s', (bytes, shown) => {
    expect(shownSize(bytes)).toBe(shown);
  });

  it('reads a file under the cap whole, both ways', async () => {
    const path = join(freshDir(), 'small.json');
    writeFileSync(path, 'x'.repeat(600_000));
    expect((await readInputFile(path, mib)).length).toBe(600_000);
    expect(readInputFileSync(path, mib).length).toBe(600_000);
  });

  it('refuses a regular file over the cap by its size, before reading it', async () => {
    const path = sparseFile(3 * mib);
    await expect(readInputFile(path, mib)).rejects.toThrow(new InputTooLarge(3 * mib, mib));
    expect(() => readInputFileSync(path, mib)).toThrow('is 3 MiB, over the 1 MiB limit of a file');
  });

  it.skipIf(!isLinux)('stops reading a device with no end (/dev/zero) at the cap (Linux)', async () => {
    await expect(readInputFile('/dev/zero', mib)).rejects.toThrow('is over the 1 MiB limit of a file (read that far, and stopped)');
    expect(() => readInputFileSync('/dev/zero', mib)).toThrow(InputTooLarge);
  });

  it.skipIf(!isLinux)('reads a /proc file, whose size says 0, to its end (Linux)', async () => {
    expect(await readInputFile('/proc/self/status', mib)).toMatch(/^Name:/);
  });
});

describe('the files people hand to sockmatrix, refused past their caps with the file, its size and the cap', () => {
  it('a profiles file', () => {
    const path = sparseFile(Math.round(36.2 * mib), 'profiles.json');
    expect(() => readProfilesFile(path)).toThrow(UsageError);
    expect(() => readProfilesFile(path)).toThrow(`${path}: is 36.2 MiB, over the 1 MiB limit of a profiles file`);
  });

  it('a runtimes file', () => {
    const path = sparseFile(2 * mib, 'runtimes.json');
    expect(() => readRuntimesFile(path)).toThrow(`${path}: is 2 MiB, over the 1 MiB limit of a runtimes file`);
  });

  it('an expectation file', async () => {
    const path = sparseFile(17 * mib, 'linux.json');
    await expect(readExpectations(path)).rejects.toThrow(UsageError);
    await expect(readExpectations(path)).rejects.toThrow(
      /the expectations .*linux\.json is 17 MiB, over the 16 MiB limit of an expectation file/,
    );
  });

  it('a report read by diff or merge', async () => {
    const path = sparseFile(65 * mib, 'report.json');
    const read = await readReport(path);
    expect(!read.ok && read.failure).toEqual({ path, error: 'is 65 MiB, over the 64 MiB limit of a report file: is it a report.json?' });
  });
});

describe('an expectation file with a byte order mark (Notepad, PowerShell)', () => {
  const content = {
    schema: 'sockmatrix/expectations@1',
    platform: 'linux',
    runtimes: ['node'],
    environment: { localhost: '127.0.0.1, ::1' },
    cells: { 'tcp 127.0.0.1 -> 127.0.0.1': { status: 'connected' } },
  };

  it.each([
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(content), 'utf8')])],
    ['UTF-16 LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(content), 'utf16le')])],
  ])('is read as %s', async (_, bytes) => {
    const path = join(freshDir(), 'linux.json');
    writeFileSync(path, bytes);
    expect(await readExpectations(path)).toEqual(content);
  });
});

describe('making a folder and its parents', () => {
  it('makes every missing parent', async () => {
    const path = join(freshDir(), 'a', 'b', 'c');
    await makeFolder(path);
    expect(existsSync(path)).toBe(true);
    await makeFolder(path);
  });

  it('fails where a file is in the way', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'file'), '');
    await expect(makeFolder(join(dir, 'file', 'run'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  // Node's mkdir({ recursive: true }) loops for ever there: /proc exists, and mkdir of /proc/x says ENOENT.
  it.skipIf(!isLinux)('fails at once under /proc, where a parent exists and refuses children (Linux)', { timeout: 10_000 }, async () => {
    await expect(makeFolder('/proc/x/run')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('searching folders for reports', () => {
  it('stops past its budget of entries and says so, instead of walking a whole tree', async () => {
    const tree = freshDir();
    for (let index = 0; index < 30; index += 1) mkdirSync(join(tree, `folder-${index}`, 'inside'), { recursive: true });
    writeFileSync(join(tree, 'folder-29', 'inside', 'report.json'), JSON.stringify(handMadeReport({ 'tcp 127.0.0.1 -> 127.0.0.1': 'ok' })));
    expect(await findReportFiles(tree, 100)).toEqual({ files: [join(tree, 'folder-29', 'inside', 'report.json')] });
    expect(await findReportFiles(tree, 40)).toEqual({
      path: tree,
      error:
        'holds more than 40 files and folders within 4 levels: give the folder the reports are in, such as the one download-artifact filled',
    });
  });
});
