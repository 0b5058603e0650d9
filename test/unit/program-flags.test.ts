import { describe, expect, it } from 'vitest';
import { forwardedArguments } from '../../cli/flag-table.js';
import { checkPlaceholders, splitCommand } from '../../cli/run/program-command.js';
import { planRun } from '../../cli/run/run-plan.js';
import { parseRun, type RunOptions } from '../../cli/run-options.js';
import { UsageError } from '../../cli/usage-error.js';
import type { Cell, PairCell } from '../../matrix/dimensions.js';

// --server-cmd, --client-cmd and their settings, from the command line to the plan of a run.

const runOptions = (argv: string[]): RunOptions => {
  const command = parseRun(argv);
  if (command.kind !== 'run') throw new Error(`expected a run, got ${command.kind}`);
  return command.options;
};

const httpServer = 'python3 -m http.server --bind {address} {port}';

// Your programs play pairings only.
const pairsOf = (cells: readonly Cell[]): PairCell[] => cells.filter((cell): cell is PairCell => cell.kind === 'pair');

describe('a command, split as a shell splits it, never given to one', () => {
  it.each([
    ['python3 -m http.server --bind {address} {port}', ['python3', '-m', 'http.server', '--bind', '{address}', '{port}']],
    [`node "my server.js" --name 'a "b"' x\\ y`, ['node', 'my server.js', '--name', 'a "b"', 'x y']],
    [`sh -c "echo \\"\\$HOME\\""`, ['sh', '-c', 'echo "$HOME"']],
    [`curl '' x`, ['curl', '', 'x']],
  ])('%s is %j', (text, words) => {
    expect(splitCommand(text, '--server-cmd')).toEqual(words);
  });

  it.each([
    ["node 'server.js", /--server-cmd has a single quote that is never closed/],
    ['   ', /--server-cmd is empty: give the command that starts your program/],
  ])('refuses %j, saying why', (text, message) => {
    expect(() => splitCommand(text, '--server-cmd')).toThrow(message);
  });
});

describe('a command’s placeholders', () => {
  it.each([
    [
      'python3 -m http.server --bind {adress} {port}',
      /has \{adress\}, which sockmatrix does not fill: the placeholders are \{address\}, \{host\}, \{port\}, \{family\}/,
    ],
    ['python3 -m http.server --bind {address}', /has no \{port\}: each start of your program gets a port of its own/],
    ['python3 -m http.server {port}', /has neither \{address\} nor \{host\}/],
    ['curl http://{address}:{port}/', /write \{host\} \(http:\/\/\{host\}:\{port\}\/\), which adds them/],
  ])('refuses %s', (command, message) => {
    expect(() => checkPlaceholders(command, '--server-cmd')).toThrow(message);
  });

  it('takes a command with its address and port, and JSON braces it does not fill', () => {
    expect(() => checkPlaceholders(`node -e '{"a": 1}' {host} {port}`, '--client-cmd')).not.toThrow();
  });
});

describe('planning a run with your own programs', () => {
  it('makes a server program the rows, custom:<name>, over TCP only', () => {
    const plan = planRun(runOptions(['--server-cmd', httpServer, '--client-runtime', 'node', '--client', '127.0.0.1']));
    expect(plan.cells.map((cell) => cell.id)).toEqual([
      'tcp 127.0.0.1 (custom:http.server) -> 127.0.0.1',
      'tcp [::1] (custom:http.server) -> 127.0.0.1',
      'tcp 0.0.0.0 (custom:http.server) -> 127.0.0.1',
      'tcp [::] (custom:http.server) -> 127.0.0.1',
      'tcp localhost (custom:http.server) -> 127.0.0.1',
    ]);
    expect(plan.programRuntimes.map((runtime) => runtime.name)).toEqual(['custom:http.server']);
    expect(pairsOf(plan.cells)[0]?.server.program).toEqual({
      command: ['python3', '-m', 'http.server', '--bind', '{address}', '{port}'],
      shell: false,
      probe: 'connect',
      ready: null,
    });
  });

  it('takes --name, --probe, --ready and --shell into the program’s spec', () => {
    const plan = planRun(
      runOptions([
        '--server-cmd',
        `${httpServer} | cat`,
        '--shell',
        '--probe',
        'http',
        '--ready',
        'Serving',
        '--name',
        'web',
        '--server',
        '::',
      ]),
    );
    expect(pairsOf(plan.cells)[0]?.server).toMatchObject({
      agent: 'custom:web',
      address: '::',
      program: { command: [`${httpServer} | cat`], shell: true, probe: 'http', ready: 'Serving' },
    });
  });

  it('filters by a program’s runtime name like any other', () => {
    const plan = planRun(
      runOptions(['--client-cmd', 'curl -sS http://{host}:{port}/', '--server-runtime', 'python', '--client-runtime', 'custom:curl']),
    );
    expect(plan.cells.length).toBeGreaterThan(0);
    expect(new Set(pairsOf(plan.cells).map((cell) => cell.client.agent))).toEqual(new Set(['custom:curl']));
  });

  it.each([
    [['--server-cmd', httpServer, '--transport', 'udp'], /UDP is out of scope for --server-cmd and --client-cmd/],
    [['--ready', 'Serving'], /--ready is a setting of your own programs: add --server-cmd or --client-cmd/],
    [['--server-cmd', httpServer, '--probe', 'udp'], /--probe takes connect or http, got 'udp'/],
    [['--server-cmd', httpServer, '--ready', '(unclosed'], /--ready \(unclosed is not a regular expression/],
    [['--server-cmd', httpServer, '--name', 'My Server'], /--name takes 1 to 40 of a-z 0-9 \. _ -/],
  ])('refuses %j, saying what to do', (argv, message) => {
    expect(() => planRun(runOptions(argv))).toThrow(UsageError);
    expect(() => planRun(runOptions(argv))).toThrow(message);
  });

  it('gives a profile’s inner run the same programs', () => {
    const options = runOptions(['--server-cmd', httpServer, '--probe', 'http', '--shell', '--name', 'web', '--ready', 'x y']);
    expect(forwardedArguments(options)).toEqual(
      expect.arrayContaining([`--server-cmd=${httpServer}`, '--probe=http', '--ready=x y', '--shell', '--name=web']),
    );
  });
});
