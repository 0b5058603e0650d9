import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The workflow users copy: the file CI runs and the README's snippet are the same text, and it does what the README says.

const workflow = readFileSync(new URL('../../.github/workflows/matrix.yml', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const withoutComments = (text: string): string => text.replace(/^#.*\n/gm, '');

describe('.github/workflows/matrix.yml', () => {
  it('is the snippet the README shows', () => {
    const snippet = /```yaml\n(name: sockmatrix\n[\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toBeDefined();
    expect(withoutComments(workflow)).toBe(snippet);
  });

  it('runs every OS with Node 20 and 22, each labelled <os>-node<version>', () => {
    expect(workflow).toContain('os: [ubuntu-latest, macos-latest, windows-latest]');
    expect(workflow).toContain('node: [20, 22]');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
    expect(workflow).toContain('npm ci && npm run matrix -- --label ${{ matrix.os }}-node${{ matrix.node }}');
    // --label takes 1 to 64 of A-Z a-z 0-9 . _ -: every label the matrix makes must pass.
    for (const os of ['ubuntu-latest', 'macos-latest', 'windows-latest']) {
      for (const node of [20, 22]) expect(`${os}-node${node}`).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
    }
  });

  it('uses the v4 actions, uploads reports but not the latest link, and merges into the step summary', () => {
    const actions = [...workflow.matchAll(/uses: (\S+)/g)].map((match) => match[1]);
    expect(new Set(actions)).toEqual(
      new Set(['actions/checkout@v4', 'actions/setup-node@v4', 'actions/upload-artifact@v4', 'actions/download-artifact@v4']),
    );
    expect(workflow).toContain('sockmatrix-runs/*/report.json');
    expect(workflow).toContain('!sockmatrix-runs/latest/**');
    expect(workflow).toContain('npm run --silent matrix -- merge sockmatrix-reports --format markdown >> "$GITHUB_STEP_SUMMARY"');
  });

  it('shows every two-servers cell on every OS in the summary, whether it differs or not', () => {
    expect(workflow).toContain(
      'npm run --silent matrix -- merge sockmatrix-reports --kind coexist --all --format markdown >> "$GITHUB_STEP_SUMMARY"',
    );
  });
});
