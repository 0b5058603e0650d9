import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { prepareRuntimes } from '../../harness/runtimes/index.js';
import type { Report } from '../../reports/report.js';

// A runtime this machine lacks: skipped with one line when the matrix merely includes it, exit 2 when asked for.

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const scratch = (): string => mkdtempSync(join(tmpdir(), 'sockmatrix-missing-'));
const sockmatrix = (args: string[]) =>
  execa(process.execPath, [cli, ...args], { reject: false, env: { NO_COLOR: '1', GITHUB_ACTIONS: '', SOCKMATRIX_PYTHON: '' } });
const oneNodeServer = ['--transport', 'tcp', '--server', '127.0.0.1', '--client', '127.0.0.1', '--server-runtime', 'node'];

/** An executable that answers the interpreter probe like an old Python would. */
const oldPython = (): string => {
  const file = join(scratch(), 'python3.6');
  writeFileSync(file, '#!/bin/sh\necho /usr/bin/python3.6\necho 3.6.9\n');
  chmodSync(file, 0o755);
  return file;
};

describe('a runtime that is not here', () => {
  it('is skipped with one line saying why and how to point at one, and the other cells run', async () => {
    const result = await sockmatrix(['--json', ...oneNodeServer, '--python', '/nonexistent/python3', '--out', scratch()]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'sockmatrix: python cells skipped: Python /nonexistent/python3 cannot be started (not found): install Python 3.8 or newer, or name one with --python <path> (or SOCKMATRIX_PYTHON)',
    );
    const report = JSON.parse(result.stdout) as Report;
    expect(report.cells.map((cell) => cell.id)).toEqual(['tcp 127.0.0.1 -> 127.0.0.1']);
    expect(report.run.plannedCells).toBe(1);
    expect(Object.keys(report.environment.runtimes ?? {})).toEqual(['node']);
  });

  it('is exit 2 with that line when the command line asks for it', async () => {
    const result = await sockmatrix([
      ...oneNodeServer,
      '--client-runtime',
      'python',
      '--python',
      '/nonexistent/python3',
      '--out',
      scratch(),
    ]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--runtime python: Python /nonexistent/python3 cannot be started (not found)');
    expect(result.stdout).toBe('');
  });

  it('is refused when too old, naming the version found', async () => {
    const prepared = await prepareRuntimes(['python'], { python: oldPython(), forkServer: true });
    expect(prepared.unavailable).toEqual([
      {
        runtime: 'python',
        reason: expect.stringMatching(
          /python3\.6 is Python 3\.6\.9, and the Python agents need 3\.8 or newer: name one with --python <path>/,
        ),
      },
    ]);
  });
});
