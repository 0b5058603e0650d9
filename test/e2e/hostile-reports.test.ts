import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { hostile, hostileReport, markupFound, terminalControl } from '../fixtures/hostile-report.js';
import { sampleReport } from '../fixtures/sample-report.js';

// diff and merge read report.json files from anywhere (CI artifacts). Crafted ones, through the CLI as a user runs
// it: nothing in them reaches the terminal as an escape, or the Markdown (a step summary) as markup.

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const sockmatrix = (args: string[]) =>
  execa(process.execPath, [cli, ...args], { reject: false, env: { NO_COLOR: '1', GITHUB_ACTIONS: '' } });

const work = mkdtempSync(join(tmpdir(), 'sockmatrix-hostile-'));
const write = (path: string, text: string): string => {
  mkdirSync(join(work, path, '..'), { recursive: true });
  writeFileSync(join(work, path), text);
  return join(work, path);
};
const hostileFile = write('artifacts/hostile/report.json', JSON.stringify(hostileReport()));
const plainFile = write('artifacts/plain/report.json', JSON.stringify(sampleReport()));
// Not JSON, and JSON that is no report: merge names them under "Not merged", with its reason.
write('artifacts/garbage/report.json', `\u001b]0;pwned-title\u0007\u001b[2J<img src=x onerror=alert(1)> ${'secret '.repeat(5)}`);
write(
  'artifacts/odd/report.json',
  JSON.stringify({ schema: `<img src=x onerror=alert(1)>\u001b]0;pwned-title\u0007\n## injected heading` }),
);
// A folder name is what an artifact's name makes it: it can hold escapes too.
write(`artifacts/named\u001b]0;pwned-title\u0007\u001b[2J/report.json`, JSON.stringify(sampleReport()));

// Everything a command printed, for the terminal checks.
const printed = (result: { stdout: string; stderr: string }): string => `${result.stdout}\n${result.stderr}`;

describe('crafted reports through diff and merge', () => {
  it.each([
    ['diff as a table', ['diff', hostileFile, plainFile]],
    ['diff as Markdown', ['diff', hostileFile, plainFile, '--format', 'markdown']],
    ['diff as JSON', ['diff', hostileFile, plainFile, '--json']],
    ['merge as a table', ['merge', join(work, 'artifacts'), '--all']],
    ['merge as Markdown', ['merge', join(work, 'artifacts'), '--all', '--format', 'markdown']],
    ['merge as JSON', ['merge', join(work, 'artifacts'), '--json']],
  ])('%s: no control character reaches the terminal', async (_name, args) => {
    const result = await sockmatrix(args);
    expect(result.exitCode).toBe(args[0] === 'diff' ? 1 : 0);
    expect(terminalControl(printed(result))).toBeNull();
    // The words are still shown; the escapes are gone, with what they carried (the title).
    expect(result.stdout).toContain('osc8-click');
    expect(printed(result)).not.toContain('pwned-title');
  });

  it.each([
    ['diff', ['diff', hostileFile, plainFile, '--format', 'markdown']],
    ['merge', ['merge', join(work, 'artifacts'), '--all', '--format', 'markdown']],
  ])('%s --format markdown: no HTML, link, heading or emphasis comes of the reports', async (_name, args) => {
    const result = await sockmatrix(args);
    expect(markupFound(result.stdout)).toEqual([]);
    expect(result.stdout).toContain('&lt;img src=x onerror=alert(1)>');
  });

  it('names a file that is not JSON, and quotes none of it', async () => {
    const result = await sockmatrix(['merge', join(work, 'artifacts'), '--format', 'markdown']);
    const garbage = join(work, 'artifacts', 'garbage', 'report.json');
    expect(result.stderr).toContain(`not merged: ${garbage} is not JSON (Unexpected character U+001B (line 1, column 1))`);
    expect(result.stdout).toContain(`- \`${garbage}\` is not JSON (Unexpected character U+001B (line 1, column 1))`);
    expect(printed(result)).not.toContain('secret');
  });

  it('shows a folder name with escapes in it as one plain line', async () => {
    const result = await sockmatrix(['merge', join(work, 'artifacts'), '--all']);
    expect(result.stdout).toContain(join(work, 'artifacts', 'named', 'report.json'));
  });

  it('has the hostile strings in the crafted report', () => {
    expect(JSON.stringify(hostileReport())).toContain(JSON.stringify(hostile).slice(1, -1));
  });
});
