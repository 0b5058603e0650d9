import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planRun } from '../../cli/run/run-plan.js';
import { readRuntimesFile } from '../../cli/run/runtimes-file.js';
import { parseRun, type RunOptions } from '../../cli/run-options.js';
import { UsageError } from '../../cli/usage-error.js';
import { agentsFolder } from '../../harness/runtimes/agents-folder.js';

// --runtimes-file: a user's runtimes, parsed once, and the matrix and filters that take them in.

const fileWith = (content: unknown): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'sockmatrix-runtimes-')), 'runtimes.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};

const ipv4first = {
  name: 'node-ipv4first',
  like: 'node',
  server: ['node', '--dns-result-order=ipv4first', '{agents}/node/server-agent.js'],
  client: ['node', '--dns-result-order=ipv4first', '{agents}/node/client-agent.js'],
  version: ['node', '--version'],
};

const runOptions = (argv: string[]): RunOptions => {
  const command = parseRun(argv);
  if (command.kind !== 'run') throw new Error(`expected a run, got ${command.kind}`);
  return command.options;
};

describe('reading a runtimes file', () => {
  it('gives each runtime its commands, {agents} standing for the built agents', () => {
    const [runtime] = readRuntimesFile(fileWith({ runtimes: [ipv4first] }));
    expect(runtime).toMatchObject({
      name: 'node-ipv4first',
      like: 'node',
      client: { file: 'node', args: ['--dns-result-order=ipv4first', `${agentsFolder}/node/client-agent.js`] },
      version: { file: 'node', args: ['--version'] },
    });
  });

  it.each([
    ['not JSON', '{"runtimes": [', /is not valid JSON/],
    ['no list', { runtime: [] }, /needs a "runtimes" list/],
    ['a bad name', { runtimes: [{ ...ipv4first, name: 'Node IPv4' }] }, /runtime 1 needs a "name" of lower-case letters/],
    ['a built-in name', { runtimes: [{ ...ipv4first, name: 'python' }] }, /runtime 'python' is a built-in runtime's name: choose another/],
    ['a name twice', { runtimes: [ipv4first, ipv4first] }, /runtime 'node-ipv4first' is defined twice/],
    [
      'no like',
      { runtimes: [{ ...ipv4first, like: 'ruby' }] },
      /needs "like": the built-in runtime whose protocol its agents speak \(node or python\)/,
    ],
    [
      'a command that is a string',
      { runtimes: [{ ...ipv4first, server: 'node server.js' }] },
      /"server" must be a command as a list of words/,
    ],
    ['no version command', { runtimes: [{ ...ipv4first, version: [] }] }, /"version" must be a command as a list of words/],
  ])('refuses %s, naming the file and the fix', (_case, content, message) => {
    const file = fileWith(content);
    expect(() => readRuntimesFile(file)).toThrow(UsageError);
    expect(() => readRuntimesFile(file)).toThrow(message);
    expect(() => readRuntimesFile(file)).toThrow(/See "Your own runtime" in the README/);
  });

  it('names a file it cannot read', () => {
    expect(() => readRuntimesFile('/nonexistent/runtimes.json')).toThrow(/\/nonexistent\/runtimes\.json: cannot be read \(ENOENT\)/);
  });
});

describe('planning a run with a user runtime', () => {
  it('adds its endpoints, those of the runtime it is like, to every pairing', () => {
    const file = fileWith({ runtimes: [ipv4first] });
    const plan = planRun(
      runOptions(['--runtimes-file', file, '--server-runtime', 'node-ipv4first', '--client-runtime', 'node', '--transport', 'tcp']),
    );
    expect(plan.cells).toHaveLength(11 * 10);
    expect(plan.cells[0]?.id).toBe('tcp 127.0.0.1 (node-ipv4first) -> 127.0.0.1');
    expect(plan.matrixName).toBe('default+node-ipv4first');
  });

  it('refuses a runtime nobody defined, and says how to add one', () => {
    expect(() => planRun(runOptions(['--runtime', 'perl']))).toThrow(
      '--runtime perl: no such runtime. Known: node, python (add your own with --runtimes-file).',
    );
  });
});
