import { describe, expect, it } from 'vitest';
import { flagName, forwardedArguments, helpLines, parseFlags, recordedOptions } from '../../cli/flag-table.js';
import { defaultConcurrency, flags, formatsOf } from '../../cli/flags.js';
import { innerArguments } from '../../cli/run/profile-arguments.js';
import { expectationsMode, parseRun, type RunOptions } from '../../cli/run-options.js';
import { diffUsage, mergeUsage, runUsage } from '../../cli/usage.js';
import { defaultTimeouts } from '../../harness/timeouts.js';
import { builtInProfiles } from '../../matrix/profiles.js';
import { formatNames } from '../../reports/formats/index.js';

// One flag table: the parser, the help, the inner run's arguments and the recorded options all come from it.

const runOptions = (argv: string[]): RunOptions => {
  const command = parseRun(argv);
  if (command.kind !== 'run') throw new Error(`expected a run, got ${command.kind}`);
  return command.options;
};

const forwardedKeys = Object.entries(flags)
  .filter(([, flag]) => 'forward' in flag)
  .map(([key]) => key as keyof RunOptions);

describe('the inner run of a profile', () => {
  it.each([
    [[]],
    [['--transport', 'udp', '--server', '::1,127.0.0.1', '--client', 'localhost']],
    [['--concurrency', '7', '--startup-timeout', '1234', '--connect-timeout', '55', '--exchange-timeout', '66', '--repeat', '3']],
    [['--server', '[::1]', '--client', '::ffff:127.0.0.1', '--label', 'ci', '--check', '--profile', 'all']],
    [['--resolver', 'hosts-file']],
    [['--no-fork-server', '--python', '/usr/bin/python3.12']],
    [['--kind', 'coexist', '--cell', 'coexist tcp 0.0.0.0 + [::] dual']],
  ])('parses back to the same cells and limits from %j', (argv) => {
    const outer = runOptions(argv);
    const inner = runOptions(
      innerArguments(
        outer,
        builtInProfiles[1] ?? { name: 'x', imitates: '', fidelity: '', shape: null },
        { mode: expectationsMode(outer), path: 'e.json' },
        '/tmp/x',
      ),
    );
    expect(forwardedKeys.length).toBeGreaterThan(0);
    for (const key of forwardedKeys) expect([key, inner[key]]).toEqual([key, outer[key]]);
  });

  it('gets its own output, never the outer run’s', () => {
    const [profile] = builtInProfiles;
    if (profile === undefined) throw new Error('fixture: no built-in profile');
    const inner = runOptions(
      innerArguments(runOptions(['--out', 'mine', '--format', 'table']), profile, { mode: null, path: 'e.json' }, '/tmp/x'),
    );
    expect([inner.out, inner.format, inner.noColor, inner.list, inner.profile]).toEqual(['/tmp/x', 'json', true, false, []]);
  });

  it('forwards nothing for flags left at their defaults but the limits', () => {
    expect(forwardedArguments(runOptions([]))).toEqual([
      `--concurrency=${defaultConcurrency}`,
      `--startup-timeout=${defaultTimeouts.startupMs}`,
      `--connect-timeout=${defaultTimeouts.connectMs}`,
      `--exchange-timeout=${defaultTimeouts.exchangeMs}`,
      '--repeat=1',
    ]);
  });
});

describe('the options a report records', () => {
  it('are every recorded flag, in the order of the flag table', () => {
    const recorded = recordedOptions(runOptions(['--transport', 'tcp', '--client', 'localhost', '--repeat', '2']), 'default');
    expect(JSON.stringify(recorded)).toBe(
      JSON.stringify({
        matrix: 'default',
        kinds: [],
        transports: ['tcp'],
        servers: [],
        clients: ['localhost'],
        runtimes: [],
        serverRuntimes: [],
        clientRuntimes: [],
        concurrency: defaultConcurrency,
        timeouts: defaultTimeouts,
        repeat: 2,
        resolver: 'system',
      }),
    );
  });
});

describe('the help texts', () => {
  it.each(['run', 'diff', 'merge'] as const)('of %s list every flag it takes, and only those', (command) => {
    const usage = { run: runUsage, diff: diffUsage, merge: mergeUsage }[command]();
    for (const [key, flag] of Object.entries(flags)) {
      const listed = new RegExp(`^  (-\\w, )?${flagName(key)}\\b`, 'm').test(usage);
      expect([key, listed]).toEqual([key, flag.help !== null && (flag.commands as readonly string[]).includes(command)]);
    }
  });

  it('name each command’s formats from the format registry', () => {
    expect(runUsage()).toContain(`--format <${formatNames.join('|')}>`);
    expect(diffUsage()).toContain(`--format <${formatsOf('diff').join('|')}>`);
    expect(formatsOf('diff')).not.toContain('junit');
  });

  it('name the built-in profiles', () => {
    expect(helpLines('run', 'profiles').join(' ').replace(/\s+/g, ' ')).toContain(
      builtInProfiles.map((profile) => profile.name).join(', '),
    );
  });
});

describe('diff and merge', () => {
  it('take report paths and the output flags', () => {
    const { values, positionals } = parseFlags('merge', ['a', '--all', 'b', '--format', 'markdown', '--width', '80']);
    expect(positionals).toEqual(['a', 'b']);
    expect(values).toMatchObject({ all: true, format: 'markdown', width: 80, json: false });
  });

  it.each([
    ['diff', ['--all'], /^diff: --all is an option of merge\. Run 'sockmatrix diff --help'\.$/],
    ['diff', ['--format', 'junit'], /^diff: --format takes one of table, markdown, json, html, got 'junit'\.$/],
    ['merge', ['--transport', 'tcp'], /^merge: --transport is an option of the run/],
    ['merge', ['--width', 'wide'], /^merge: --width takes a whole number of columns from 40 to 1000, got 'wide'/],
  ] as const)('%s %j names the problem', (command, argv, message) => {
    expect(() => parseFlags(command, argv)).toThrow(message);
  });
});
