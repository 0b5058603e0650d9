import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../reports/report.js';

// A runtime added from a file, as a user adds one: run for real when its agents conform, refused with the rule when not.

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/agents/${name}.mjs`, import.meta.url));

const runtimesFile = (runtime: Record<string, unknown>): { dir: string; file: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'sockmatrix-user-runtime-'));
  const file = join(dir, 'runtimes.json');
  writeFileSync(file, JSON.stringify({ runtimes: [runtime] }));
  return { dir, file };
};

const sockmatrix = (args: string[]) =>
  execa(process.execPath, [cli, ...args], { reject: false, env: { NO_COLOR: '1', GITHUB_ACTIONS: '' } });

// The README's example: Node's own agents, started with the switch people flip for `localhost`.
const ipv4first = {
  name: 'node-ipv4first',
  like: 'node',
  server: [process.execPath, '--dns-result-order=ipv4first', '{agents}/node/server-agent.js'],
  client: [process.execPath, '--dns-result-order=ipv4first', '{agents}/node/client-agent.js'],
  version: [process.execPath, '--version'],
};

describe('a runtime from --runtimes-file', () => {
  it('runs beside the built-in ones once its agents pass the conformance check', async () => {
    const { dir, file } = runtimesFile(ipv4first);
    const result = await sockmatrix([
      '--json',
      '--runtimes-file',
      file,
      '--server-runtime',
      'node',
      '--client-runtime',
      'node-ipv4first',
      '--transport',
      'tcp',
      '--server',
      '127.0.0.1',
      '--client',
      '127.0.0.1,localhost',
      '--out',
      join(dir, 'runs'),
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.cells.map((cell) => [cell.id, cell.outcome.status])).toEqual([
      ['tcp 127.0.0.1 -> 127.0.0.1 (node-ipv4first)', 'connected'],
      ['tcp 127.0.0.1 -> localhost (node-ipv4first)', 'connected'],
      ['tcp 127.0.0.1 -> localhost autoselect=off (node-ipv4first)', 'connected'],
      ['tcp 127.0.0.1 -> localhost autoselect=off order=ipv4first (node-ipv4first)', 'connected'],
      ['tcp 127.0.0.1 -> localhost autoselect=off order=ipv6first (node-ipv4first)', expect.any(String)],
      ['tcp 127.0.0.1 -> localhost family=4 (node-ipv4first)', 'connected'],
      ['tcp 127.0.0.1 -> localhost family=6 (node-ipv4first)', expect.any(String)],
    ]);
    expect(report.environment.runtimes?.['node-ipv4first']).toBe(process.version);
    expect(report.run.options.matrix).toBe('default+node-ipv4first');
  });

  it('plays its cells with its own agents, not those of the runtime it is like', async () => {
    const { dir, file } = runtimesFile({ ...ipv4first, name: 'marking', client: [process.execPath, fixture('marking-client')] });
    const result = await sockmatrix([
      ...['--json', '--runtimes-file', file, '--server-runtime', 'node', '--client-runtime', 'marking'],
      ...['--transport', 'tcp', '--server', '127.0.0.1', '--client', '127.0.0.2', '--out', join(dir, 'runs')],
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    const [cell] = (JSON.parse(result.stdout) as Report).cells;
    expect([cell?.id, cell?.outcome.status === 'failed' ? cell.outcome.message : cell?.outcome.status]).toEqual([
      'tcp 127.0.0.1 -> 127.0.0.2 (marking)',
      expect.stringMatching(/^marked: connect ECONNREFUSED 127\.0\.0\.2:\d+$/),
    ]);
  });

  it('is refused, with the rule its agent broke, when its agents do not conform', async () => {
    const { dir, file } = runtimesFile({ ...ipv4first, name: 'chatty', client: [process.execPath, fixture('chatty-agent')] });
    const result = await sockmatrix(['--runtimes-file', file, '--runtime', 'chatty', '--out', join(dir, 'runs')]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/runtime chatty \(.*runtimes\.json\): its client agent fails the conformance check, tcp-connect: .+/);
    expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });
});
