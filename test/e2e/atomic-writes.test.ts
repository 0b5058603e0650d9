import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectationsSchema, formatExpectations } from '../../cli/run/expectations-file.js';
import { inMountNamespace, mountPrefix, mountSkipReason } from './mount-namespace.js';

// Writes that fail for real: a small tmpfs, filled up, in a private mount namespace. Whatever sockmatrix was
// writing, the old file survives byte for byte and no temporary file is left behind.

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'main.js');
const dist = (path: string): string => join(root, 'dist', path);
const pageSize = 4096;

/**
 * Run a shell script in a private mount namespace, with "$1" a fresh tmpfs of `size`, filled up after `setup` so
 * that nothing more fits; the other arguments follow. Resolves to what the script printed.
 */
const onFullDisk = (size: string, setup: string, script: string, args: string[]): Promise<string> =>
  inMountNamespace(
    [
      `mount -t tmpfs -o size=${size} tmpfs "$1"`,
      setup,
      // Every page taken: dd stops at ENOSPC, as it is meant to here.
      'dd if=/dev/zero of="$1/filler" bs=4096 2>/dev/null',
      script,
      // What is left on the disk, for the test to read.
      'echo "listing: $(ls -A "$1" | tr "\\n" " ")"',
    ].join('\n'),
    args,
  );

describe.skipIf(mountPrefix === null)(`writing on a full disk${mountSkipReason}`, () => {
  const work = mkdtempSync(join(tmpdir(), 'sockmatrix-atomic-'));
  /** A Node script in a file, run as `node <file> <args>` by the shell; its path, quoted for the shell. */
  const nodeScript = (name: string, code: string): string => {
    const file = join(work, name);
    writeFileSync(file, code);
    return `${JSON.stringify(process.execPath)} ${JSON.stringify(file)}`;
  };

  it('writeFileAtomically fails with ENOSPC and leaves the old file and nothing else', async () => {
    const old = join(work, 'old.json');
    writeFileSync(old, `${JSON.stringify({ old: 'x'.repeat(20_000) })}\n`);
    const write = nodeScript(
      'write.mjs',
      `import { writeFileAtomically } from ${JSON.stringify(dist('reports/atomic-file.js'))};
      await writeFileAtomically(process.argv[2], 'y'.repeat(30000)).then(() => console.log('written'), (error) => console.log('failed', error.code));`,
    );
    const printed = await onFullDisk(
      '64k',
      'cp "$2" "$1/file.json"',
      `${write} "$1/file.json"
       cmp -s "$1/file.json" "$2" && echo "old file: same" || echo "old file: changed"`,
      [old],
    );
    expect(printed).toContain('failed ENOSPC');
    expect(printed).toContain('old file: same');
    expect(printed).toContain('listing: file.json filler ');
  });

  it('a run folder on a full disk has no report cut short and no temporary file', async () => {
    const write = nodeScript(
      'write-run.mjs',
      `import { readFileSync } from 'node:fs';
      import { writeReportFiles } from ${JSON.stringify(dist('reports/run-folder.js'))};
      const report = JSON.parse(readFileSync(${JSON.stringify(join(root, 'test', 'fixtures', 'sample-report.json'))}, 'utf8'));
      const written = await writeReportFiles(report, process.argv[2]);
      console.log('failed:', written.failures.map((failure) => failure.file.split('/').at(-1) + ' ' + failure.error.code).join(', '));`,
    );
    const printed = await onFullDisk(
      // The Markdown report (15 kB) fits, and the JUnit file (37 kB); report.json (200 kB) and report.html (500 kB) do not.
      '96k',
      'mkdir "$1/run"',
      `rm "$1/filler"
       ${write} "$1/run"
       echo "run folder: $(ls -A "$1/run" | tr "\\n" " ")"`,
      [],
    );
    expect(printed).toContain('failed: report.json ENOSPC, report.html ENOSPC\n');
    // What fitted is there whole; what did not is not there at all, and no temporary file is left.
    expect(printed).toContain('run folder: report.junit.xml report.md \n');
  });

  it('--update-expectations on a full disk keeps the expectation file byte for byte', async () => {
    // An expectation file that ends just short of a page, so that adding the run's one cell (tcp 127.0.0.1 -> 127.0.0.1) needs another: a
    // write in place (truncate, then write) would free its own pages, refill them and break off in the last one.
    const withPadding = (length: number): string =>
      formatExpectations({
        schema: expectationsSchema,
        platform: process.platform,
        runtimes: ['node'],
        environment: null,
        cells: { [`tcp 127.0.0.2 -> ${'p'.repeat(length)}`]: { status: 'connected' } },
      });
    const base = withPadding(0).length;
    const text = withPadding((((pageSize - 16 - base) % pageSize) + pageSize) % pageSize);
    expect(text.length % pageSize).toBe(pageSize - 16);
    const original = join(work, 'linux.json');
    writeFileSync(original, text);
    const out = join(work, 'out');
    mkdirSync(out);
    const printed = await onFullDisk(
      '128k',
      'cp "$2" "$1/linux.json"',
      `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} --update-expectations --expectations "$1/linux.json" \\
         --runtime node --transport tcp --server 127.0.0.1 --client 127.0.0.1 --out "$3" >"$3/stdout" 2>"$3/stderr"
       echo "status: $?"
       cmp -s "$1/linux.json" "$2" && echo "old file: same" || echo "old file: changed"`,
      [original, out],
    );
    const stderr = readFileSync(join(out, 'stderr'), 'utf8');
    expect(printed, stderr).toContain('old file: same');
    expect(printed).toContain('listing: filler linux.json ');
    // The cells ran; a file could not be written after them: exit 4.
    expect(printed).toContain('status: 4');
    expect(stderr).toMatch(/could not write .*linux\.json \(ENOSPC\)/);
  });
});
