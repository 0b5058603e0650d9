import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkNamespaceSupport } from '../../harness/namespace-runner.js';

// sockmatrix explain as a user meets it: a pasted error line or a cell id, to why and what to change.

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const scratch = (): string => mkdtempSync(join(tmpdir(), 'sockmatrix-explain-'));
const sockmatrix = (args: string[], cwd: string) =>
  execa(process.execPath, [cli, ...args], { cwd, reject: false, env: { NO_COLOR: '1', GITHUB_ACTIONS: '' } });
const support = await checkNamespaceSupport();

describe('sockmatrix explain, against a report', () => {
  const dir = scratch();
  beforeAll(async () => {
    const run = await sockmatrix(
      ['--runtime', 'node', '--transport', 'tcp', '--server', '127.0.0.1', '--client', '::1,127.0.0.1', '--out', 'runs'],
      dir,
    );
    expect(run.exitCode, run.stderr).toBe(0);
  });

  it('explains a cell by its id: both sides, why, what to change, and the programs to reproduce it', async () => {
    const result = await sockmatrix(['explain', 'tcp 127.0.0.1 -> [::1]', '--report', 'runs/latest'], dir);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^tcp 127\.0\.0\.1 -> \[::1\]\n {2}server {3}127\.0\.0\.1 \(node\): bound 127\.0\.0\.1:\d+; received nothing/,
    );
    expect(result.stdout).toContain('The server listens on IPv4 127.0.0.1 only, and the client dialed IPv6 ::1');
    expect(result.stdout).toMatch(/What to change\n {2}- bind both families/);
    expect(result.stdout).toContain('Repro, the server (javascript; run: node server.mjs)');
    expect(result.stdout).toContain("net.connect({ host: '::1'");
  });

  it('finds the cells that show a pasted symptom', async () => {
    const result = await sockmatrix(['explain', 'connect ECONNREFUSED ::1:3000', '--report', 'runs/latest'], dir);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^"connect ECONNREFUSED ::1:3000": ECONNREFUSED at ::1, in 1 cell of .*runs\/latest\/report\.json\./);
    expect(result.stdout).toContain('The first, in detail:\n\ntcp 127.0.0.1 -> [::1]');
  });

  it.each([
    [['explain'], /explain takes a cell id or the error line your program printed/],
    [['explain', 'it does not work'], /explain: no error code in 'it does not work'\. Paste the line your program printed/],
    [['explain', 'connect ECONNREFUSED ::1:3000', '--report', 'nowhere'], /explain: nowhere does not exist/],
  ])('%j exits 2 and says what to give', async (args, message) => {
    const result = await sockmatrix(args, dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe('sockmatrix explain, with no report yet', () => {
  it('runs the cells that could show the symptom, now, and explains them', async () => {
    const result = await sockmatrix(['explain', 'getaddrinfo ENOTFOUND localhost'], scratch());
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/in \d+ cells? of a run just now/);
    expect(result.stdout).toMatch(/asked for an IPv6 address of localhost, and there is none/);
  }, 120_000);
});

describe.skipIf(!support.ok)(
  `sockmatrix explain in a profile${support.ok ? '' : ` (skipped: ${support.ok ? '' : support.reason})`}`,
  () => {
    it('tells the Node 17+ story where localhost resolves to ::1 first', async () => {
      const result = await sockmatrix(['explain', 'connect ECONNREFUSED ::1:3000', '--profile', 'localhost-v6-first'], scratch());
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toMatch(
        /^1\. The server listens on IPv4 127\.0\.0\.1 only; localhost resolved to ::1 then 127\.0\.0\.1, and this\s+client tries only the first address/m,
      );
      expect(result.stdout).toContain("dns.setDefaultResultOrder('ipv4first')");
    }, 120_000);
  },
);
