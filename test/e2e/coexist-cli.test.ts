import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CoexistReportCell, Report } from '../../reports/report.js';
import { hostHasIpv6, isLinux } from './host-features.js';

// Two servers on one port from the command line, as a user meets them: listed, selected, run, shown, explained and
// checked. Two cells only: a dual-stack [::] then 0.0.0.0 (Linux: EADDRINUSE at listen), and an IPv6-only [::]
// then 0.0.0.0 (both listen; 127.0.0.1 reaches the second, ::1 the first).

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const scratch = (): string => mkdtempSync(join(tmpdir(), 'sockmatrix-coexist-'));
const sockmatrix = (args: string[], cwd: string) =>
  execa(process.execPath, [cli, ...args], { cwd, reject: false, env: { NO_COLOR: '1', GITHUB_ACTIONS: '' } });

const dual = 'coexist tcp [::] dual + 0.0.0.0';
const v6only = 'coexist tcp [::] v6only + 0.0.0.0';
const twoCells = ['--cell', dual, '--cell', v6only];

describe('--kind and --list', () => {
  it('lists the two-servers cells, and only them, with --kind coexist', async () => {
    const result = await sockmatrix(['--kind', 'coexist', '--list'], scratch());
    expect(result.exitCode, result.stderr).toBe(0);
    const ids = result.stdout.trim().split('\n');
    expect(ids).toContain(dual);
    expect(ids.every((id) => id.startsWith('coexist '))).toBe(true);
  });

  it('names the nearest ids of a mistyped two-servers cell', async () => {
    const result = await sockmatrix(['--cell', 'coexist tcp [::] dual + 0.0.0.1', '--list'], scratch());
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`'${dual}'`);
  });
});

describe.skipIf(!isLinux || !hostHasIpv6)('two servers on one port, run from the command line (Linux, IPv6)', () => {
  const dir = scratch();
  let table = '';
  let report: Report;

  beforeAll(async () => {
    const run = await sockmatrix([...twoCells, '--out', 'runs'], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    table = run.stdout;
    report = JSON.parse(readFileSync(join(realpathSync(join(dir, 'runs', 'latest')), 'report.json'), 'utf8')) as Report;
  });

  it('shows the grid: the dual-stack [::] takes 0.0.0.0’s port at listen; the IPv6-only one shares it, and who answered', () => {
    expect(table).toContain('Two servers on one port, TCP, node: rows = first listener, columns = second listener');
    expect(table).toMatch(/│ \[::\] dual +│ +l:INUSE +│/);
    expect(table).toMatch(/│ \[::\] v6only +│ +✓ 2·1·\d +│/);
    expect(table).toContain('dialed in this order: 127.0.0.1 · ::1 · localhost');
    expect(table).toContain('INUSE = EADDRINUSE');
    expect(table).toContain('l: = failed at second-listen');
  });

  it('records both cells in report.json (report@1.3) with their phase, code, answers and explanation', () => {
    expect(report.schema).toBe('sockmatrix/report@1.3');
    const [failed, shared] = report.cells as CoexistReportCell[];
    expect(failed).toMatchObject({
      kind: 'coexist',
      id: dual,
      outcome: { status: 'failed', phase: 'second-listen', code: 'EADDRINUSE' },
      explanation: { rule: 'coexist-dual-stack-takes-ipv4' },
    });
    expect(shared).toMatchObject({ kind: 'coexist', id: v6only, outcome: { status: 'coexisted' }, explanation: { rule: 'coexist-apart' } });
    expect(shared?.outcome.observations.answers.slice(0, 2).map((answer) => [answer.target, answer.answeredBy])).toEqual([
      ['127.0.0.1', 'second'],
      ['::1', 'first'],
    ]);
  });

  it('writes the grid, its key and the failure’s why into report.md', () => {
    const markdown = readFileSync(join(realpathSync(join(dir, 'runs', 'latest')), 'report.md'), 'utf8');
    expect(markdown).toContain('## Two servers on one port: TCP, node');
    expect(markdown).toContain('✗\u00a0l:INUSE');
    expect(markdown).toContain('### ✗ `EADDRINUSE` at second-listen: 1 cell');
    expect(markdown).toContain('holds the port on every IPv4 address as well');
  });

  it('explains a two-servers cell by its id: both servers, who answered, and why', async () => {
    const result = await sockmatrix(['explain', v6only, '--report', 'runs/latest'], dir);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/first {4}\[::\] v6only \(node\): bound \[::\]:\d+/);
    expect(result.stdout).toMatch(/dialed {3}127\.0\.0\.1: the second server from 127\.0\.0\.1:\d+/);
    expect(result.stdout).toContain('Repro programs are written for pairings only');
  });

  it('checks who answers: an expectation with other answers deviates, naming both', async () => {
    const expectations = join(dir, 'linux.json');
    const recorded = await sockmatrix([...twoCells, '--out', 'runs', '--update-expectations', '--expectations', expectations], dir);
    expect(recorded.exitCode, recorded.stderr).toBe(0);
    const text = readFileSync(expectations, 'utf8');
    expect(text).toContain(`"${v6only}": { "status": "coexisted", "answers": "127.0.0.1=second ::1=first localhost=`);
    expect(text).toContain(`"${dual}": { "status": "failed", "phase": "second-listen", "code": "EADDRINUSE" }`);
    writeFileSync(expectations, text.replace('127.0.0.1=second ::1=first', '127.0.0.1=first ::1=first'));
    const checked = await sockmatrix([...twoCells, '--out', 'runs', '--check', '--expectations', expectations], dir);
    expect(checked.exitCode).toBe(1);
    expect(checked.stderr).toContain(`${v6only}: expected coexisted (127.0.0.1=first ::1=first localhost=`);
    expect(checked.stderr).toContain('got coexisted (127.0.0.1=second ::1=first localhost=');
    expect(checked.stderr).toContain('a target reaches another one now');
    expect(checked.stderr).toMatch(/FAILED, 1 matched, 1 deviated/);
  });
});
