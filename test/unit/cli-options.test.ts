import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from '../../cli/run-flags.js';

const runOptions = (argv: string[]) => {
  const command = parseCli(argv);
  if (command.kind !== 'run') throw new Error(`expected a run, got ${command.kind}`);
  return command.options;
};

describe('the command line', () => {
  it('runs the whole matrix with no options', () => {
    expect(runOptions([]).filter).toEqual({ transports: [], servers: [], clients: [] });
  });

  it('takes comma-separated and repeated filters', () => {
    const options = runOptions(['--transport', 'tcp,udp', '--server', '::1', '--server', '0.0.0.0', '--client', 'localhost']);
    expect(options.filter).toEqual({ transports: ['tcp', 'udp'], servers: ['::1', '0.0.0.0'], clients: ['localhost'] });
  });

  it('reads --json as the json format', () => {
    expect(runOptions(['--json']).format).toBe('json');
  });

  it.each([
    [['--bogus'], /unknown option '--bogus'.*--help/],
    [['--transport', 'sctp'], /--transport takes tcp or udp, got 'sctp'/],
    [['--concurrency', '0'], /--concurrency takes a whole number from 1 to 256, got '0'/],
    [['--concurrency', 'many'], /got 'many'/],
    [['--connect-timeout', '-5'], /option '--connect-timeout' needs a value/],
    [['--connect-timeout=-5'], /--connect-timeout takes a whole number/],
    [['--client', '10.0.0.1'], /--client 10\.0\.0\.1: sockmatrix only dials loopback/],
    [['--client', 'example.com'], /never an address off this machine/],
    [['--server', '192.168.0.1'], /--server 192\.168\.0\.1/],
    [['--format', 'xml'], /--format takes one of table, markdown, json, junit, got 'xml'/],
    [['--out'], /option '--out' needs a value/],
    [['run'], /unexpected argument 'run'/],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });

  it('answers --help and --version without running', () => {
    expect(parseCli(['--help']).kind).toBe('help');
    expect(parseCli(['-h']).kind).toBe('help');
    expect(parseCli(['--version']).kind).toBe('version');
  });
});
