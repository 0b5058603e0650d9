import { describe, expect, it } from 'vitest';
import { cellFilter, expectationsMode, parseRun, type RunOptions, settledFormat, timeoutsOf } from '../../cli/run-options.js';
import { UsageError } from '../../cli/usage-error.js';

// The run's command line, parsed into typed options: what each flag gives, and every input it refuses.

const runOptions = (argv: string[]): RunOptions => {
  const command = parseRun(argv);
  if (command.kind !== 'run') throw new Error(`expected a run, got ${command.kind}`);
  return command.options;
};

describe('the command line', () => {
  it('runs the whole matrix with no options', () => {
    expect(cellFilter(runOptions([]))).toEqual({
      kinds: [],
      transports: [],
      servers: [],
      clients: [],
      cells: [],
      serverRuntimes: null,
      clientRuntimes: null,
    });
  });

  it('takes comma-separated and repeated filters', () => {
    const options = runOptions(['--transport', 'tcp,udp', '--server', '::1', '--server', '0.0.0.0', '--client', 'localhost']);
    expect(cellFilter(options)).toEqual({
      kinds: [],
      transports: ['tcp', 'udp'],
      servers: ['::1', '0.0.0.0'],
      clients: ['localhost'],
      cells: [],
      serverRuntimes: null,
      clientRuntimes: null,
    });
  });

  it('keeps the kinds --kind names, in any case', () => {
    expect(cellFilter(runOptions(['--kind', 'Coexist'])).kinds).toEqual(['coexist']);
    expect(cellFilter(runOptions(['--kind', 'pair,coexist'])).kinds).toEqual(['pair', 'coexist']);
  });

  it.each([
    [['--runtime', 'python'], ['python'], ['python']],
    [['--server-runtime', 'node', '--client-runtime', 'python'], ['node'], ['python']],
    [['--runtime', 'node,python', '--client-runtime', 'python'], ['node', 'python'], ['python']],
    [['--runtime', 'node', '--server-runtime', 'python'], [], ['node']],
  ])('%j runs servers in %j and clients in %j', (argv, servers, clients) => {
    const filter = cellFilter(runOptions(argv));
    expect([filter.serverRuntimes, filter.clientRuntimes]).toEqual([servers, clients]);
  });

  it('reads --json as the json format', () => {
    expect(runOptions(['--json']).format).toBe('json');
  });

  it('takes the time limits in milliseconds', () => {
    expect(timeoutsOf(runOptions(['--startup-timeout', '100', '--connect-timeout=200', '--exchange-timeout', '300']))).toEqual({
      startupMs: 100,
      connectMs: 200,
      exchangeMs: 300,
    });
  });

  it.each([
    [['--bogus'], /unknown option '--bogus'.*--help/],
    [['--transport', 'sctp'], /--transport takes tcp or udp, got 'sctp'/],
    [['--kind', 'triple'], /--kind takes pair or coexist, got 'triple'. Example: --kind coexist/],
    [['--resolver', 'dns'], /^--resolver takes system or hosts-file, got 'dns'\. Example: --resolver hosts-file$/],
    [['--concurrency', '0'], /--concurrency takes a whole number from 1 to 256, got '0'/],
    [['--concurrency', 'many'], /got 'many'/],
    [['--connect-timeout', '-5'], /option '--connect-timeout' needs a value/],
    [['--connect-timeout=-5'], /--connect-timeout takes a whole number/],
    [['--client', '10.0.0.1'], /--client 10\.0\.0\.1: sockmatrix only dials loopback/],
    [['--client', 'example.com'], /never an address off this machine/],
    [['--server', '192.168.0.1'], /--server 192\.168\.0\.1/],
    [['--format', 'xml'], /--format takes one of table, markdown, json, junit, html, got 'xml'/],
    [['--runtime', 'Perl 5'], /--runtime takes runtime names such as node or python, got 'Perl 5'/],
    [['--width', '5'], /--width takes a whole number of columns from 40 to 1000, got '5'/],
    [['--all'], /--all is an option of merge\. Run 'sockmatrix --help'/],
    [['--out'], /option '--out' needs a value/],
    [['run'], /unexpected argument 'run'/],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseRun(argv)).toThrow(UsageError);
    expect(() => parseRun(argv)).toThrow(message);
  });

  it('answers --help and --version without running', () => {
    expect(parseRun(['--help']).kind).toBe('help');
    expect(parseRun(['-h']).kind).toBe('help');
    expect(parseRun(['--version']).kind).toBe('version');
  });
});

describe('the command line, CI mode', () => {
  it('runs once, without expectations or a label, by default', () => {
    const options = runOptions([]);
    expect([expectationsMode(options), options.expectations]).toEqual([null, null]);
    expect(options.repeat).toBe(1);
    expect(options.label).toBeNull();
  });

  it.each([
    [['--check'], 'check', null],
    [['--update-expectations'], 'update', null],
    [['--check', '--expectations', 'ci/e.json'], 'check', 'ci/e.json'],
    [['--update-expectations', '--expectations=ci/e.json'], 'update', 'ci/e.json'],
  ])('%j is mode %s with file %s', (argv, mode, file) => {
    const options = runOptions(argv);
    expect([expectationsMode(options), options.expectations]).toEqual([mode, file]);
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
    expect(() => parseRun(argv)).toThrow(UsageError);
    expect(() => parseRun(argv)).toThrow(message);
  });
});

describe('the command line, refusing what is ambiguous or mistyped', () => {
  it.each([
    [['--transport', ''], /--transport has an empty value: leave the flag out to keep everything/],
    [['--server', ','], /--server has an empty value/],
    [['--profile', ''], /--profile has an empty value/],
    [['--client', '127.0.0.1,,::1'], /--client has an empty value/],
    [['--out', ''], /--out has an empty value: name a file or folder, or leave the flag out/],
    [['--json', '--format', 'table'], /--json and --format table ask for two outputs: give one of them/],
    [['--color', '--no-color'], /--color and --no-color contradict each other/],
    [['--concurrency', '4', '--concurrency', '8'], /--concurrency is given twice \('4' and '8'\): give it once/],
    [['--concurrency', '0x2'], /--concurrency takes a whole number from 1 to 256, got '0x2'/],
    [['--repeat', '1e1'], /--repeat takes a whole number from 1 to 100, got '1e1'/],
    [['--client', '127.1'], /--client 127\.1 is loopback, but write loopback addresses in full, as the matrix names them: 127\.0\.0\.1/],
    [['--server', 'localhost.'], /--server localhost\. is loopback, but write localhost without the trailing dot/],
    [['--client', '0:0:0:0:0:0:0:1'], /write the IPv6 loopback as ::1/],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseRun(argv)).toThrow(UsageError);
    expect(() => parseRun(argv)).toThrow(message);
  });

  it('still takes --json with --format json, and repeated list flags', () => {
    expect(runOptions(['--json', '--format', 'json']).format).toBe('json');
    expect(runOptions(['--server', '::1', '--server', '127.0.0.1']).server).toEqual(['::1', '127.0.0.1']);
  });
});

describe('the output format of diff and merge', () => {
  it.each([
    [{ json: true, format: 'markdown' as const }, 'merge', /^merge: --json and --format markdown ask for two outputs/],
    [{ json: false, format: null }, 'diff', null],
  ])('%o for %s', (given, command, message) => {
    const values = { color: false, noColor: false, ...given };
    if (message === null) expect(settledFormat(values, command as 'diff')).toBe('table');
    else expect(() => settledFormat(values, command as 'merge')).toThrow(message);
  });
});
