import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { isLinux } from './host-features.js';
import { inMountNamespace, mountPrefix, mountSkipReason } from './mount-namespace.js';

// A run whose reports cannot be written: refused before the first cell when the folder cannot be written (exit 2,
// with the errno and what to do), and when a write fails only after the cells ran, the table still printed and
// exit 4. A run in which not one pairing could run exits 5. Real file systems: read-only, full, forbidden.

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'main.js');
const oneCell = ['--runtime', 'node', '--transport', 'tcp', '--server', '127.0.0.1', '--client', '127.0.0.1'];
const work = mkdtempSync(join(tmpdir(), 'sockmatrix-write-'));
const node = JSON.stringify(process.execPath);

/** What the CLI run inside a mount namespace said: its status and streams, kept in files outside the namespace's tmpfs. */
interface Said {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Run sockmatrix in a mount namespace after `setup` (which mounts something on "$1"), its run folders under `out`
 * (relative to "$1"); what it said comes back through files in a fresh folder outside.
 */
const runOnDisk = async (setup: string, out: string, extra: readonly string[] = []): Promise<Said> => {
  const logs = mkdtempSync(join(work, 'logs-'));
  const args = [...oneCell, ...extra].map((arg) => JSON.stringify(arg)).join(' ');
  const printed = await inMountNamespace(
    `${setup}
     ${node} ${JSON.stringify(cli)} ${args} --out "$1/${out}" >"$2/stdout" 2>"$2/stderr"
     echo "status: $?"`,
    [logs],
  );
  const status = /status: (\d+)/.exec(printed)?.[1];
  if (status === undefined) throw new Error(`the namespace script did not run sockmatrix: ${printed}`);
  return {
    status: Number(status),
    stdout: readFileSync(join(logs, 'stdout'), 'utf8'),
    stderr: readFileSync(join(logs, 'stderr'), 'utf8'),
  };
};

/** Whether the run started any cell: the progress says each cell done, and the end how many ran. */
const ranACell = (said: Said): boolean => /cells? done|ran \d+ of \d+ cells/.test(said.stderr);

describe.skipIf(mountPrefix === null)(`an --out folder that cannot be written${mountSkipReason}`, () => {
  it.each([
    [
      'read-only',
      'mount -t tmpfs -o size=64k,ro tmpfs "$1"',
      'EROFS',
      'the file system there is read-only: choose a writable place with --out <dir>',
    ],
    [
      'full',
      'mount -t tmpfs -o size=64k tmpfs "$1"; dd if=/dev/zero of="$1/filler" bs=4096 2>/dev/null',
      'ENOSPC',
      'the disk is full: free some space, or choose another disk with --out <dir>',
    ],
  ])('%s: refused before the first cell, with the errno and what to do (exit 2)', async (_name, setup, errno, advice) => {
    const said = await runOnDisk(setup, 'runs');
    expect(said.status, said.stderr).toBe(2);
    expect(said.stderr).toMatch(new RegExp(`cannot write reports under --out .*/runs \\(${errno}\\): `));
    expect(said.stderr).toContain(`${advice}. No cell ran.`);
    expect(ranACell(said)).toBe(false);
    expect(said.stdout).toBe('');
  });

  it('full only after the cells ran: the table is printed, the file that could not be written named, exit 4', async () => {
    // Room for the probe and the small Markdown report, not for report.json as well: one page free after the fill.
    const said = await runOnDisk(
      'mount -t tmpfs -o size=64k tmpfs "$1"; mkdir "$1/runs"; dd if=/dev/zero of="$1/filler" bs=4096 2>/dev/null; truncate -s -4096 "$1/filler"',
      'runs',
    );
    expect(said.status, said.stderr).toBe(4);
    expect(ranACell(said)).toBe(true);
    expect(said.stdout).toContain('TCP: rows = server binds, columns = client targets');
    expect(said.stderr).toMatch(/could not write .*\/runs\/[^/]+\/report\.json \(ENOSPC\): the disk is full/);
    expect(said.stderr).toMatch(/report: .*\/report\.md/);
  });
});

// Root may write anywhere; a process without its privileges (setpriv, as nobody) meets EACCES.
const canDropPrivileges =
  isLinux &&
  process.getuid?.() === 0 &&
  (await execa('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', ''], { reject: false })).exitCode ===
    0;

describe.skipIf(!canDropPrivileges)(
  `an --out folder this user may not write to${canDropPrivileges ? '' : ' (skipped: needs root and setpriv)'}`,
  () => {
    it('is refused before the first cell with EACCES and what to do (exit 2)', async () => {
      const locked = join(mkdtempSync(join(work, 'locked-')), 'runs');
      mkdirSync(locked);
      chmodSync(locked, 0o555);
      const said = await execa(
        'setpriv',
        ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cli, ...oneCell, '--out', join(locked, 'x')],
        {
          reject: false,
          env: { NO_COLOR: '1', GITHUB_ACTIONS: '' },
        },
      );
      expect(said.exitCode, said.stderr).toBe(2);
      expect(said.stderr).toContain(`cannot write reports under --out ${join(locked, 'x')} (EACCES): this user may not write there`);
      expect(ranACell({ status: 2, stdout: said.stdout, stderr: said.stderr })).toBe(false);
    });
  },
);

describe.skipIf(!isLinux)('a run in which every cell is a harness error (a Python whose agents crash, on Linux)', () => {
  it('says sockmatrix could not run a single pairing and where the evidence is, and exits 5', async () => {
    const python = join(work, 'python3');
    writeFileSync(
      python,
      [
        '#!/bin/sh',
        'case "$*" in *"import sys"*) echo "$0"; echo 3.11.7; exit 0;; esac',
        'echo "agent crashed on purpose" >&2',
        'exit 1',
        '',
      ].join('\n'),
    );
    chmodSync(python, 0o755);
    const out = join(work, 'broken');
    const filter = ['--runtime', 'python', '--transport', 'tcp', '--server', '127.0.0.1', '--client', '127.0.0.1'];
    const said = await execa(process.execPath, [cli, ...filter, '--python', python, '--out', out], {
      reject: false,
      env: { NO_COLOR: '1', GITHUB_ACTIONS: '' },
    });
    expect(said.exitCode, said.stderr).toBe(5);
    expect(said.stdout).toContain('!ERR');
    expect(said.stderr).toMatch(
      /sockmatrix: could not run a single pairing: every one of the 4 cells was a harness error \(sockmatrix or its agents broke, not the pairings\); each agent's stderr is in .*\/broken\/[^/]+\/report\.md\.$/m,
    );
  });
});
