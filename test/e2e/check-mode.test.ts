import { lookup } from 'node:dns/promises';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../reports/report.js';

// CI mode as a new user meets it: record expectations, check against them, break one, repeat cells. Real agents, real sockets.

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const freshDir = (): string => realpathSync(mkdtempSync(join(tmpdir(), 'sockmatrix-check-')));
const looksLikeStackTrace = /^\s+at .+\(.+:\d+:\d+\)$/m;
// Three TCP cells: one that connects and two refused, enough for a match, a deviation and cells kept as they were.
const threeCells = ['--runtime', 'node', '--transport', 'tcp', '--server', '127.0.0.1', '--client', '127.0.0.1,127.0.0.2,::1'];
// One of those three; filters add up, so a run of it names its cell instead of adding to threeCells.
const oneCell = ['--runtime', 'node', '--transport', 'tcp', '--server', '127.0.0.1', '--client', '127.0.0.1'];

const sockmatrix = (dir: string, args: string[], cells: string[] = threeCells) =>
  execa(process.execPath, [cli, ...cells, '--out', join(dir, 'runs'), ...args], {
    cwd: dir,
    reject: false,
    env: { NO_COLOR: '1' },
  });
const latestReport = (dir: string): Report => JSON.parse(readFileSync(join(dir, 'runs', 'latest', 'report.json'), 'utf8')) as Report;

describe('expectations and --check', () => {
  it('records expectations, passes the check, and fails it naming the one cell whose expectation was edited', async () => {
    const dir = freshDir();
    const file = join(dir, 'e.json');

    const update = await sockmatrix(dir, ['--update-expectations', '--expectations', file]);
    expect(update.exitCode, update.stderr).toBe(0);
    expect(update.stderr).toContain('created e.json with 3 cells');
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '{',
      '  "schema": "sockmatrix/expectations@1",',
      `  "platform": "${process.platform}",`,
      '  "runtimes": ["node"],',
    ]);
    const cellLines = lines.filter((line) => line.startsWith('    "tcp '));
    expect(cellLines).toHaveLength(3);
    const ids = cellLines.map((line) => JSON.parse(line.slice(0, line.indexOf(': {'))) as string);
    expect(ids).toEqual([...ids].sort());
    expect(cellLines).toContain('    "tcp 127.0.0.1 -> 127.0.0.1": { "status": "connected" },');

    const passing = await sockmatrix(dir, ['--check', '--expectations', file]);
    expect(passing.exitCode, passing.stderr).toBe(0);
    expect(passing.stderr).toContain('check against e.json');
    expect(passing.stderr).toContain(': passed, 3 matched, 0 deviated, 0 flaky, 0 new');
    expect(latestReport(dir).check?.verdicts.every((verdict) => verdict.kind === 'matched')).toBe(true);

    const edited = readFileSync(file, 'utf8').replace(
      '"tcp 127.0.0.1 -> 127.0.0.1": { "status": "connected" }',
      '"tcp 127.0.0.1 -> 127.0.0.1": { "status": "failed", "phase": "client-connect", "code": "ECONNREFUSED" }',
    );
    writeFileSync(file, edited);
    const failing = await sockmatrix(dir, ['--check', '--expectations', file]);
    expect(failing.exitCode, failing.stderr).toBe(1);
    expect(failing.stderr).toContain(
      'tcp 127.0.0.1 -> 127.0.0.1: expected ECONNREFUSED at client-connect, got connected  (it connects now',
    );
    expect(failing.stderr).toContain(': FAILED, 2 matched, 1 deviated, 0 flaky, 0 new');
    expect(failing.stdout).toContain('Deviations:');
    const check = latestReport(dir).check;
    expect(check?.expectations).toBe('e.json');
    expect(check?.verdicts.filter((verdict) => verdict.kind !== 'matched').map((verdict) => verdict.cellId)).toEqual([
      'tcp 127.0.0.1 -> 127.0.0.1',
    ]);
    expect(readFileSync(join(dir, 'runs', 'latest', 'report.md'), 'utf8')).toContain('### Deviations: 1');

    // A filtered update rewrites only the cell it ran, keeps the others, and says what changed.
    const repair = await sockmatrix(dir, ['--update-expectations', '--expectations', file], oneCell);
    expect(repair.exitCode, repair.stderr).toBe(0);
    expect(repair.stderr).toContain('tcp 127.0.0.1 -> 127.0.0.1: ECONNREFUSED at client-connect -> connected');
    expect(repair.stderr).toContain('wrote e.json: 3 cells, 1 changed, 2 kept as they were');
    expect(readFileSync(file, 'utf8').split('\n')).toEqual(lines);
  });

  it('records the setup in the file, and a check that fails elsewhere says what differs before the cells', async () => {
    const dir = freshDir();
    const file = join(dir, 'e.json');
    const update = await sockmatrix(dir, ['--update-expectations', '--expectations', file], oneCell);
    expect(update.exitCode, update.stderr).toBe(0);
    const recorded = JSON.parse(readFileSync(file, 'utf8')) as { environment: Record<string, string> };
    const here = latestReport(dir).environment;
    expect(recorded.environment).toMatchObject({
      localhost: here.localhost.addresses.map(({ address }) => address).join(', '),
      ipv6: here.ipv6Available ? 'available' : 'not available',
      node: process.version,
    });

    // As if the file came from a machine where localhost is ::1 first, and the cell was refused there.
    const elsewhere = readFileSync(file, 'utf8')
      .replace(/"localhost": ".*"/, '"localhost": "::1, 127.0.0.1"')
      .replace('{ "status": "connected" }', '{ "status": "failed", "phase": "client-connect", "code": "ECONNREFUSED" }');
    writeFileSync(file, elsewhere);
    const failing = await sockmatrix(dir, ['--check', '--expectations', file], oneCell);
    expect(failing.exitCode, failing.stderr).toBe(1);
    const lines = failing.stderr.split('\n');
    const heading = lines.indexOf(
      'sockmatrix: this machine is set up differently from where e.json was recorded, which may explain the cells below:',
    );
    expect(heading, failing.stderr).toBeGreaterThanOrEqual(0);
    expect(lines[heading + 1]).toBe(`sockmatrix:   - localhost resolved to ::1, 127.0.0.1 there; here ${recorded.environment.localhost}`);
    expect(lines.findIndex((line) => line.includes('tcp 127.0.0.1 -> 127.0.0.1: expected ECONNREFUSED'))).toBeGreaterThan(heading + 1);
    expect(latestReport(dir).check?.setupDifferences).toEqual([
      { fact: 'localhost', recorded: '::1, 127.0.0.1', here: recorded.environment.localhost },
    ]);
    expect(readFileSync(join(dir, 'runs', 'latest', 'report.md'), 'utf8')).toContain(
      `- localhost resolved to ::1, 127.0.0.1 there; here ${recorded.environment.localhost}`,
    );
  });

  it('lists cells the file does not have as new, without failing', async () => {
    const dir = freshDir();
    const file = join(dir, 'e.json');
    await sockmatrix(dir, ['--update-expectations', '--expectations', file], oneCell);
    const result = await sockmatrix(dir, ['--check', '--expectations', file]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain(': passed, 1 matched, 0 deviated, 0 flaky, 2 new');
    expect(result.stderr).toContain('tcp 127.0.0.1 -> [::1]: new, got ECONNREFUSED at client-connect');
  });

  it('runs each cell twice with --repeat 2 and records both outcomes, and the label', async () => {
    const dir = freshDir();
    const result = await sockmatrix(dir, ['--repeat', '2', '--label', 'ci.linux-node20']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain('ran 6 of 6 cell runs');
    const report = latestReport(dir);
    expect(report.run.label).toBe('ci.linux-node20');
    expect(report.run.options.repeat).toBe(2);
    expect(report.cells).toHaveLength(3);
    for (const cell of report.cells) {
      expect(cell.repeats, cell.id).toHaveLength(2);
      expect(cell.repeats?.[0]).toEqual({
        status: cell.outcome.status,
        phase: cell.outcome.status === 'failed' ? cell.outcome.phase : null,
        code: cell.outcome.status === 'failed' ? cell.outcome.code : null,
      });
    }
  });

  it('says how to create a missing expectation file, exits 2 without a stack trace, and runs nothing', async () => {
    const dir = freshDir();
    const result = await sockmatrix(dir, ['--check']);
    expect(result.exitCode).toBe(2);
    // Named for this setup: every name looked for, most specific first, then how to make the platform's own file.
    expect(result.stderr).toMatch(
      new RegExp(
        `no expectations for this setup: looked for ${process.platform}\\.node\\d+\\.localhost-\\w+\\.json → ${process.platform}\\.localhost-\\w+\\.json → ${process.platform}\\.node\\d+\\.json → ${process.platform}\\.json in expectations/, and none exists\\.`,
      ),
    );
    expect(result.stderr).toContain(
      `Create expectations/${process.platform}.json from this machine's outcomes with: npx sockmatrix --update-expectations (then review`,
    );
    expect(result.stderr).not.toMatch(looksLikeStackTrace);
    expect(existsSync(join(dir, 'runs'))).toBe(false);
  });

  it('names a broken expectation file and the place of the error, and exits 2', async () => {
    const dir = freshDir();
    const file = join(dir, 'e.json');
    writeFileSync(
      file,
      '{\n  "schema": "sockmatrix/expectations@1",\n  "platform": "linux",\n  "cells": {\n    "tcp a -> b": { "status": },\n  }\n}\n',
    );
    const result = await sockmatrix(dir, ['--check', '--expectations', file]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("sockmatrix: e.json is not valid JSON: Unexpected token '}' (line 5, column 31).");
    expect(result.stderr).not.toMatch(looksLikeStackTrace);
  });

  it('refuses to update another platform’s file', async () => {
    const dir = freshDir();
    const file = join(dir, 'e.json');
    const other = process.platform === 'darwin' ? 'win32' : 'darwin';
    writeFileSync(file, JSON.stringify({ schema: 'sockmatrix/expectations@1', platform: other, cells: {} }));
    const result = await sockmatrix(dir, ['--update-expectations', '--expectations', file]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`e.json holds expectations for ${other}, and this machine is ${process.platform}`);
  });
});

// This machine's name parts, worked out here apart from sockmatrix: the Node major, and the families localhost resolves to.
const setupHere = async (): Promise<{ node: string; localhost: string }> => {
  const families = await lookup('localhost', { all: true, order: 'verbatim' }).then(
    (addresses) => [...new Set(addresses.map(({ family }) => `v${family}`))].join(''),
    () => '',
  );
  return { node: `node${process.versions.node.split('.')[0]}`, localhost: `localhost-${families || 'none'}` };
};

describe('expectation files named for the setup', () => {
  it('prints the names it looks for, most specific first, and checks against the first that exists', async () => {
    const dir = freshDir();
    const { node, localhost } = await setupHere();
    const platform = process.platform;
    const update = await sockmatrix(dir, ['--update-expectations'], oneCell);
    expect(update.exitCode, update.stderr).toBe(0);
    const order = `${platform}.${node}.${localhost}.json → ${platform}.${localhost}.json → ${platform}.${node}.json → ${platform}.json in expectations/`;
    expect(update.stderr).toContain(
      `sockmatrix: expectations: looked for ${order}; none exists yet, so this run creates expectations/${platform}.json`,
    );
    // Another Node major's file is not this setup's.
    const other = `node${Number(process.versions.node.split('.')[0]) + 1}`;
    const wrong = readFileSync(join(dir, 'expectations', `${platform}.json`), 'utf8').replace(
      '{ "status": "connected" }',
      '{ "status": "failed", "phase": "client-connect", "code": "ECONNREFUSED" }',
    );
    writeFileSync(join(dir, 'expectations', `${platform}.${other}.json`), wrong);

    const check = await sockmatrix(dir, ['--check'], oneCell);
    expect(check.exitCode, check.stderr).toBe(0);
    expect(check.stderr).toContain(`sockmatrix: expectations: looked for ${order}; checking against expectations/${platform}.json`);

    // A file for this Node major and this localhost comes before the platform's own: its (wrong) claim is what is checked.
    writeFileSync(join(dir, 'expectations', `${platform}.${node}.${localhost}.json`), wrong);
    const specific = await sockmatrix(dir, ['--check'], oneCell);
    expect(specific.exitCode, specific.stderr).toBe(1);
    expect(specific.stderr).toContain(`checking against expectations/${platform}.${node}.${localhost}.json`);
    expect(specific.stderr).toContain(
      `check against expectations/${platform}.${node}.${localhost}.json (${platform}): FAILED, 0 matched, 1 deviated`,
    );
  });

  it('records the first file in the run folder where none exists, with --expectations-missing record, and checks against it once committed', async () => {
    const dir = freshDir();
    const platform = process.platform;
    const record = await sockmatrix(dir, ['--check', '--expectations-missing', 'record', '--label', 'ci-first'], oneCell);
    expect(record.exitCode, record.stderr).toBe(0);
    expect(record.stderr).toContain('none exists, so this run records its outcomes instead of checking them');
    const report = latestReport(dir);
    expect(report.check).toBeUndefined();
    const recorded = join('runs', report.run.id, 'expectations', `${platform}.json`);
    expect(record.stderr).toContain(
      `sockmatrix: no expectations for ci-first yet: this run recorded its outcomes in ${recorded} instead of checking them. Review that file cell by cell, then commit it as expectations/${platform}.json: the next --check uses it.`,
    );
    expect(existsSync(join(dir, 'expectations'))).toBe(false);
    const file = readFileSync(join(dir, recorded), 'utf8');
    expect(file).toContain('"tcp 127.0.0.1 -> 127.0.0.1": { "status": "connected" }');

    mkdirSync(join(dir, 'expectations'));
    writeFileSync(join(dir, 'expectations', `${platform}.json`), file);
    const check = await sockmatrix(dir, ['--check', '--expectations-missing', 'record'], oneCell);
    expect(check.exitCode, check.stderr).toBe(0);
    expect(check.stderr).toContain(`check against expectations/${platform}.json (${platform}): passed, 1 matched`);
    expect(existsSync(join(dir, 'runs', latestReport(dir).run.id, 'expectations'))).toBe(false);
  });

  it('records this setup’s own file when its check fails against a file recorded on another Node major, and takes it once committed', async () => {
    const dir = freshDir();
    const platform = process.platform;
    const { node } = await setupHere();
    expect((await sockmatrix(dir, ['--update-expectations'], oneCell)).exitCode).toBe(0);
    const file = join(dir, 'expectations', `${platform}.json`);
    // As if recorded with Node 1, which refused the cell.
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace(/"node": "v[\d.]+"/, '"node": "v1.0.0"')
        .replace('{ "status": "connected" }', '{ "status": "failed", "phase": "client-connect", "code": "ECONNREFUSED" }'),
    );
    const check = await sockmatrix(dir, ['--check', '--expectations-missing', 'record'], oneCell);
    expect(check.exitCode, check.stderr).toBe(1);
    const own = join('runs', latestReport(dir).run.id, 'expectations', `${platform}.${node}.json`);
    expect(check.stderr).toContain(
      `sockmatrix: expectations/${platform}.json was recorded on another setup (node1 there, ${node} here), so this run also recorded its outcomes in ${own}. If they are right for this setup, review that file cell by cell and commit it as expectations/${platform}.${node}.json: a --check here takes it before expectations/${platform}.json.`,
    );
    writeFileSync(join(dir, 'expectations', `${platform}.${node}.json`), readFileSync(join(dir, own), 'utf8'));
    const again = await sockmatrix(dir, ['--check', '--expectations-missing', 'record'], oneCell);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toContain(`check against expectations/${platform}.${node}.json (${platform}): passed, 1 matched`);
  });

  it('refuses --expectations-missing without --check, and a value it does not know', async () => {
    const dir = freshDir();
    const alone = await sockmatrix(dir, ['--expectations-missing', 'record'], oneCell);
    expect(alone.exitCode).toBe(2);
    expect(alone.stderr).toContain('--expectations-missing record says what --check does where no expectation file exists; add --check.');
    const unknown = await sockmatrix(dir, ['--check', '--expectations-missing', 'skip'], oneCell);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("--expectations-missing takes fail or record, got 'skip'.");
  });
});
