import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeReportBytes, findReportFiles, readReport } from '../../reports/read-report.js';
import { handMadeReport } from '../fixtures/hand-made-report.js';

const folder = (): string => mkdtempSync(join(tmpdir(), 'sockmatrix-read-'));
const reportJson = JSON.stringify(handMadeReport({ 'tcp 127.0.0.1 -> 127.0.0.1': 'ok' }), null, 2);
const isRoot = process.getuid?.() === 0;

/** runs/<id>/report.json for each id, and runs/latest linking to the last, as the harness leaves it. */
const runsFolder = (ids: string[]): string => {
  const runs = folder();
  for (const id of ids) {
    mkdirSync(join(runs, id));
    writeFileSync(join(runs, id, 'report.json'), reportJson);
  }
  symlinkSync(ids.at(-1) ?? '', join(runs, 'latest'), 'dir');
  return runs;
};

describe('readReport', () => {
  it('reads a report.json file, and a run folder holding one (through the latest link too)', async () => {
    const runs = runsFolder(['run-a']);
    for (const path of [join(runs, 'run-a', 'report.json'), join(runs, 'run-a'), join(runs, 'latest')]) {
      const read = await readReport(path);
      expect(read.ok && read.source.report.cells).toHaveLength(1);
    }
  });

  it.each([
    { case: 'a missing file', make: (dir: string) => join(dir, 'nope.json'), error: 'does not exist' },
    { case: 'a folder without a report', make: (dir: string) => dir, error: 'is a folder without a report.json' },
    {
      case: 'a run over several profiles',
      make: (dir: string) => {
        mkdirSync(join(dir, 'profiles', 'host'), { recursive: true });
        mkdirSync(join(dir, 'profiles', 'no-ipv6'), { recursive: true });
        return dir;
      },
      error: 'is a run over several profiles (host, no-ipv6): give one of them',
    },
    {
      case: 'a truncated file',
      make: (dir: string) => {
        writeFileSync(join(dir, 'report.json'), reportJson.slice(0, 300));
        return join(dir, 'report.json');
      },
      error: 'looks truncated',
    },
  ])('names $case and says what is wrong', async ({ make, error }) => {
    const path = make(folder());
    const read = await readReport(path);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.failure.path).toContain(path);
      expect(read.failure.error).toContain(error);
    }
  });

  it.skipIf(isRoot || process.platform === 'win32')('says a file it may not read cannot be read (not as root, who may)', async () => {
    const path = join(folder(), 'report.json');
    writeFileSync(path, reportJson);
    chmodSync(path, 0o000);
    const read = await readReport(path);
    expect(!read.ok && read.failure.error).toBe('cannot be read (EACCES)');
  });
});

describe('findReportFiles', () => {
  it('finds every run in a runs folder once, not following the latest link', async () => {
    const runs = runsFolder(['2026-a', '2026-b']);
    expect(await findReportFiles(runs)).toEqual({ files: [join(runs, '2026-a', 'report.json'), join(runs, '2026-b', 'report.json')] });
  });

  it('finds reports where download-artifact puts them: <dir>/<artifact>/report.json and deeper', async () => {
    const downloads = folder();
    for (const path of ['sockmatrix-macos-latest-node20', 'sockmatrix-ubuntu-latest-node20/2026-x']) {
      mkdirSync(join(downloads, path), { recursive: true });
      writeFileSync(join(downloads, path, 'report.json'), reportJson);
    }
    expect(await findReportFiles(downloads)).toEqual({
      files: [
        join(downloads, 'sockmatrix-macos-latest-node20', 'report.json'),
        join(downloads, 'sockmatrix-ubuntu-latest-node20', '2026-x', 'report.json'),
      ],
    });
  });

  it('takes a file or a run folder as one report', async () => {
    const runs = runsFolder(['only']);
    expect(await findReportFiles(join(runs, 'only'))).toEqual({ files: [join(runs, 'only', 'report.json')] });
  });

  it('says so when a folder holds no report, or the path is missing', async () => {
    const empty = folder();
    expect(await findReportFiles(empty)).toEqual({ path: empty, error: 'holds no report.json (looked 4 folders deep)' });
    expect(await findReportFiles(join(empty, 'gone'))).toEqual({ path: join(empty, 'gone'), error: 'does not exist' });
  });
});

describe('decodeReportBytes', () => {
  it.each([
    { case: 'UTF-8', bytes: Buffer.from('{"a":"✓"}', 'utf8') },
    { case: 'UTF-8 with a BOM', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":"✓"}', 'utf8')]) },
    {
      case: 'UTF-16 LE with a BOM (PowerShell 5 redirection)',
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":"✓"}', 'utf16le')]),
    },
  ])('decodes $case', ({ bytes }) => {
    expect(decodeReportBytes(bytes)).toBe('{"a":"✓"}');
  });
});
