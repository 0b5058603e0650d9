import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { validateJunit, validationErrors } from '../fixtures/junit-schema.js';

// The CLI as a GitHub Actions step runs it: a child process with the runner's variables, real agents, real files.

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const freshDir = (): string => mkdtempSync(join(tmpdir(), 'sockmatrix-ci-'));

const onGitHubActions = (args: string[], stepSummary: string) =>
  execa(process.execPath, [cli, ...args], {
    reject: false,
    env: { NO_COLOR: '1', GITHUB_ACTIONS: 'true', CI: 'true', GITHUB_STEP_SUMMARY: stepSummary },
  });

describe('sockmatrix on GitHub Actions', () => {
  it('appends the Markdown report to the step summary, writes a valid report.junit.xml, and never redraws progress', async () => {
    const out = freshDir();
    const stepSummary = join(freshDir(), 'step-summary.md');
    writeFileSync(stepSummary, '## an earlier command of the step\n');
    const result = await onGitHubActions(
      ['--runtime', 'node', '--transport', 'tcp', '--server', '127.0.0.1', '--client', '127.0.0.1,127.0.0.2', '--out', out],
      stepSummary,
    );
    expect(result.exitCode, result.stderr).toBe(0);

    const folder = realpathSync(join(out, 'latest'));
    const markdown = readFileSync(join(folder, 'report.md'), 'utf8');
    expect(readFileSync(stepSummary, 'utf8')).toBe(`## an earlier command of the step\n\n${markdown}`);
    expect(result.stderr).toContain('sockmatrix: step summary: appended the Markdown report');

    const junit = readFileSync(join(folder, 'report.junit.xml'), 'utf8');
    const validation = await validateJunit(junit);
    expect(validation.valid, validationErrors(validation)).toBe(true);
    expect(junit.match(/<testcase /g)).toHaveLength(2);
    expect(junit).toContain('<testcase name="tcp 127.0.0.1 -&gt; 127.0.0.1" classname="sockmatrix.tcp" time="');
    expect(result.stderr).toContain(join(folder, 'report.junit.xml'));

    expect(result.stderr).not.toContain('\r');
    expect(result.stderr).not.toContain('\u001b');
    expect(result.stderr).toMatch(/^sockmatrix: 2\/2 cells done/m);
    // Without --check there is nothing to annotate.
    expect(result.stdout).not.toContain('::error');
  });

  it('prints valid JUnit on stdout with --format junit', async () => {
    const result = await onGitHubActions(
      [
        '--format',
        'junit',
        '--runtime',
        'node',
        '--transport',
        'udp',
        '--server',
        '127.0.0.1',
        '--client',
        '127.0.0.1',
        '--out',
        freshDir(),
      ],
      join(freshDir(), 'step-summary.md'),
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>')).toBe(true);
    const validation = await validateJunit(result.stdout);
    expect(validation.valid, validationErrors(validation)).toBe(true);
    expect(result.stdout.match(/<testcase /g)).toHaveLength(2);
  });
});

describe('sockmatrix --check on GitHub Actions', () => {
  it('annotates a deviated cell, fails its testcase in the JUnit file, and exits 1', async () => {
    const dir = freshDir();
    const expectations = join(dir, 'expectations.json');
    // Deliberately wrong: 127.0.0.1 -> 127.0.0.1 connects on every system.
    writeFileSync(
      expectations,
      JSON.stringify({
        schema: 'sockmatrix/expectations@1',
        platform: process.platform,
        cells: { 'tcp 127.0.0.1 -> 127.0.0.1': { status: 'failed', phase: 'client-connect', code: 'ECONNREFUSED' } },
      }),
    );
    const out = join(dir, 'runs');
    const result = await onGitHubActions(
      [
        '--check',
        '--expectations',
        expectations,
        '--runtime',
        'node',
        '--transport',
        'tcp',
        '--server',
        '127.0.0.1',
        '--client',
        '127.0.0.1,127.0.0.2',
        '--out',
        out,
      ],
      join(dir, 'step-summary.md'),
    );
    expect(result.exitCode, result.stderr).toBe(1);
    const annotations = result.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(
      /^::error title=sockmatrix deviated%3A tcp 127\.0\.0\.1 -> 127\.0\.0\.1::expected ECONNREFUSED at client-connect, got connected/,
    );

    const junit = readFileSync(join(realpathSync(join(out, 'latest')), 'report.junit.xml'), 'utf8');
    const validation = await validateJunit(junit);
    expect(validation.valid, validationErrors(validation)).toBe(true);
    expect(junit).toContain('tests="2" failures="1" errors="0"');
    expect(junit).toContain('<failure message="expected ECONNREFUSED at client-connect, got connected" type="deviated">');
    expect(readFileSync(join(dir, 'step-summary.md'), 'utf8')).toContain('127.0.0.1 -> 127.0.0.1');
  });
});

describe('sockmatrix --check on a GitHub runner that has no expectation file yet', () => {
  it('records one for review with --expectations-missing record: a warning annotation, the step summary leads with it, exit 0', async () => {
    const dir = freshDir();
    const stepSummary = join(dir, 'step-summary.md');
    const platform = process.platform;
    const result = await execa(
      process.execPath,
      [
        cli,
        '--check',
        '--expectations-missing',
        'record',
        '--label',
        'macos-latest-node22',
        '--runtime',
        'node',
        '--transport',
        'tcp',
        '--server',
        '127.0.0.1',
        '--client',
        '127.0.0.1',
      ],
      { cwd: dir, reject: false, env: { NO_COLOR: '1', GITHUB_ACTIONS: 'true', CI: 'true', GITHUB_STEP_SUMMARY: stepSummary } },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const runId = readdirSync(join(dir, 'sockmatrix-runs')).find((name) => name !== 'latest') ?? '';
    const inArtifact = `${runId}/expectations/${platform}.json`;
    expect(existsSync(join(dir, 'sockmatrix-runs', inArtifact))).toBe(true);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('::'))).toEqual([
      `::warning title=sockmatrix%3A no expectations for macos-latest-node22 yet::review and commit ${inArtifact} from this job's artifact as expectations/${platform}.json; this run checked nothing`,
    ]);
    const summary = readFileSync(stepSummary, 'utf8');
    expect(summary.startsWith('### sockmatrix: no expectations for macos-latest-node22 yet\n')).toBe(true);
    expect(summary).toContain(`**Review and commit \`${inArtifact}\` from this job's artifact as \`expectations/${platform}.json\`.**`);
    expect(summary).toContain(`looked for \`${platform}.node`);
    // Then the report itself, as on every run.
    expect(summary.indexOf('# sockmatrix: loopback pairings')).toBeGreaterThan(summary.indexOf('no cell was checked'));
  });
});
