import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from '../../cli/run-flags.js';

// The flags of CI mode: --check, --update-expectations, --expectations, --repeat, --label.

const runOptions = (argv: string[]) => {
  const command = parseCli(argv);
  if (command.kind !== 'run') throw new Error(`expected a run, got ${command.kind}`);
  return command.options;
};

describe('the command line, CI mode', () => {
  it('runs once, without expectations or a label, by default', () => {
    const options = runOptions([]);
    expect(options.expectations).toEqual({ mode: null, file: null });
    expect(options.repeat).toBe(1);
    expect(options.label).toBeNull();
  });

  it.each([
    [['--check'], { mode: 'check', file: null }],
    [['--update-expectations'], { mode: 'update', file: null }],
    [['--check', '--expectations', 'ci/e.json'], { mode: 'check', file: 'ci/e.json' }],
    [['--update-expectations', '--expectations=ci/e.json'], { mode: 'update', file: 'ci/e.json' }],
  ])('%j', (argv, expectations) => {
    expect(runOptions(argv).expectations).toEqual(expectations);
  });

  it('takes --repeat and --label', () => {
    expect(runOptions(['--repeat', '5']).repeat).toBe(5);
    expect(runOptions(['--label', 'macos-14_node20.1']).label).toBe('macos-14_node20.1');
    expect(runOptions(['--label', 'x'.repeat(64)]).label).toHaveLength(64);
  });

  it.each([
    [['--check', '--update-expectations'], /--check and --update-expectations do not go together/],
    [['--expectations', 'e.json'], /--expectations e\.json names the file for --check or --update-expectations; add one of them/],
    [['--check', '--expectations'], /option '--expectations' needs a value/],
    [['--repeat', '0'], /--repeat takes a whole number from 1 to 100, got '0'/],
    [['--repeat', 'twice'], /--repeat takes a whole number from 1 to 100, got 'twice'/],
    [['--label', 'mac os'], /--label takes 1 to 64 characters among letters, digits, '\.', '_' and '-', got 'mac os'/],
    [['--label', 'x'.repeat(65)], /--label takes 1 to 64 characters/],
    [['--label', 'ünïcode'], /got 'ünïcode'/],
    [['--label='], /--label takes 1 to 64 characters.*got ''/],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });
});
