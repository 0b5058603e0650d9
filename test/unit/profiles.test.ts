import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectationCandidatesFor } from '../../cli/run/expectations-use.js';
import { innerArguments, profileLabel } from '../../cli/run/profile-arguments.js';
import { chooseProfiles, readProfilesFile } from '../../cli/run/profile-choice.js';
import { parseRun } from '../../cli/run-options.js';
import { UsageError } from '../../cli/usage-error.js';
import { namespaceSetupScript, shellQuote } from '../../harness/namespace-script.js';
import { builtInProfiles } from '../../matrix/profiles.js';

const shapeOf = (name: string) => {
  const shape = builtInProfiles.find((profile) => profile.name === name)?.shape;
  if (!shape) throw new Error(`no shaped profile ${name}`);
  return shape;
};

describe('the built-in profiles', () => {
  it('are host, linux, no-ipv6, v6only, lo-single, localhost-v6-first, ipv4-first, in that order', () => {
    expect(builtInProfiles.map((profile) => profile.name)).toEqual([
      'host',
      'linux',
      'no-ipv6',
      'v6only',
      'lo-single',
      'localhost-v6-first',
      'ipv4-first',
    ]);
  });

  it('say what orders localhost, and give only ipv4-first a gai.conf that puts IPv4 first', () => {
    for (const profile of builtInProfiles.filter((candidate) => candidate.shape !== null)) {
      expect(profile.fidelity).toMatch(/gai\.conf|the hosts file names no other/);
      expect(profile.shape?.gaiConf).toEqual(profile.name === 'ipv4-first' ? ['precedence ::ffff:0:0/96 100'] : []);
    }
  });

  it('say what they imitate and how faithfully', () => {
    for (const profile of builtInProfiles) {
      expect(profile.imitates.length).toBeGreaterThan(10);
      expect(profile.fidelity.length).toBeGreaterThan(10);
    }
  });
});

describe('the namespace setup script', () => {
  it.each([
    ['linux', ['ip link set lo up', 'sysctl -q -w net.ipv6.bindv6only=0'], ['disable_ipv6', 'ip addr del']],
    ['no-ipv6', ['net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.lo.disable_ipv6=1'], ['ip addr del']],
    ['v6only', ['sysctl -q -w net.ipv6.bindv6only=1'], ['disable_ipv6']],
    ['lo-single', ['ip addr del 127.0.0.1/8 dev lo', 'ip addr add 127.0.0.1/32 dev lo'], ['disable_ipv6']],
    ['localhost-v6-first', ["mount --bind '/tmp/x y/hosts' /etc/hosts"], ['ip addr del']],
    ['ipv4-first', ["mount --bind '/tmp/x y/gai.conf' /etc/gai.conf"], ['ip addr del']],
  ])('%s: has %j and not %j', (name, present, absent) => {
    const script = namespaceSetupScript(shapeOf(name), { hosts: '/tmp/x y/hosts', gaiConf: '/tmp/x y/gai.conf' });
    expect(script.startsWith('set -e\n')).toBe(true);
    for (const line of present) expect(script).toContain(line);
    for (const line of absent) expect(script).not.toContain(line);
  });

  it('quotes a path with a quote in it', () => {
    expect(shellQuote("/tmp/it's")).toBe(`'/tmp/it'\\''s'`);
  });
});

describe('choosing profiles', () => {
  it.each([
    [[], ['host']],
    [['all'], builtInProfiles.map((profile) => profile.name)],
    [
      ['no-ipv6', 'v6only'],
      ['no-ipv6', 'v6only'],
    ],
  ])('--profile %j runs %j', (requested, expected) => {
    expect(chooseProfiles(requested, []).map((profile) => profile.name)).toEqual(expected);
  });

  it('names the known profiles when one is unknown', () => {
    expect(() => chooseProfiles(['macos'], [])).toThrow(/no profile 'macos'. Known: host, linux, no-ipv6/);
  });

  it('reads a user profile from a file, and all includes it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sockmatrix-profiles-')), 'profiles.json');
    const shape = { ipv6: true, bindv6only: 1, ipv4Loopback: '127.0.0.1/32', hostsFile: ['::1 localhost'] };
    writeFileSync(file, JSON.stringify({ profiles: [{ name: 'bsd-ish', imitates: 'FreeBSD', fidelity: 'rough', shape }] }));
    const user = readProfilesFile(file);
    // A file without a gaiConf leaves glibc's default, as the built-in profiles but ipv4-first do.
    expect(user).toEqual([{ name: 'bsd-ish', imitates: 'FreeBSD', fidelity: 'rough', shape: { ...shape, gaiConf: [] } }]);
    expect(chooseProfiles(['all'], user).map((profile) => profile.name)).toContain('bsd-ish');
  });

  it('reads what a profile imitates and how faithfully as one line without control characters', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sockmatrix-profiles-')), 'profiles.json');
    const shape = { ipv6: true, bindv6only: 1, ipv4Loopback: '127.0.0.1/32', hostsFile: ['::1 localhost'] };
    const imitates = 'BSD\u001b]0;pwned-title\u0007\u001b[2J\n## injected';
    writeFileSync(file, JSON.stringify({ profiles: [{ name: 'bsd-ish', imitates, fidelity: 'rough\u009b2J\r\nmore', shape }] }));
    const [user] = readProfilesFile(file);
    expect([user?.imitates, user?.fidelity]).toEqual(['BSD ## injected', 'rough  more']);
  });

  it('names a profiles file that is not JSON, and quotes none of it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sockmatrix-profiles-')), 'profiles.json');
    writeFileSync(file, '\u001b]0;pwned-title\u0007<img src=x onerror=alert(1)> not JSON');
    expect(() => readProfilesFile(file)).toThrow(`${file}: is not valid JSON (Unexpected character U+001B (line 1, column 1))`);
  });

  it.each([
    ['{"profiles": [{"name": "x", "shape": {"ipv6": "yes"}}]}', /profile 'x': "ipv6" must be true or false/],
    ['{"profiles": [{"name": "Bad Name"}]}', /needs a "name" of lower-case letters/],
    [
      '{"profiles": [{"name": "x", "shape": {"ipv6": true, "bindv6only": 0, "ipv4Loopback": "127.0.0.1/8", "hostsFile": [], "gaiConf": "precedence ::ffff:0:0/96 100"}}]}',
      /profile 'x': "gaiConf" must be a list of lines, e.g. \["precedence ::ffff:0:0\/96 100"\], or left out/,
    ],
    ['{"profile": []}', /needs a "profiles" list/],
    ['{"profiles": [', /is not valid JSON/],
    [
      '{"profiles": [{"name": "all", "shape": {"ipv6": true, "bindv6only": 0, "ipv4Loopback": "127.0.0.1/8", "hostsFile": []}}]}',
      /profile 1 is named 'all', which --profile takes to mean every profile: choose another name/,
    ],
    [
      '{"profiles": [{"name": "x", "shape": {"ipv6": true, "bindv6only": 0, "ipv4Loopback": "127.0.0.1/8", "hostsFile": []}}, {"name": "x", "shape": {"ipv6": true, "bindv6only": 0, "ipv4Loopback": "127.0.0.1/8", "hostsFile": []}}]}',
      /profile 'x' is defined twice/,
    ],
    [
      '{"profiles": [{"name": "localhost-v6v4", "shape": {"ipv6": true, "bindv6only": 0, "ipv4Loopback": "127.0.0.1/8", "hostsFile": []}}]}',
      /profile 'localhost-v6v4' has a name that expectation files use for a setup/,
    ],
    [
      '{"profiles": [{"name": "node22", "shape": {"ipv6": true, "bindv6only": 0, "ipv4Loopback": "127.0.0.1/8", "hostsFile": []}}]}',
      /profile 'node22' has a name that expectation files use for a setup \(node<major>, localhost-<families>\): choose another name/,
    ],
  ])('a broken profiles file %s names the problem', (text, message) => {
    const file = join(mkdtempSync(join(tmpdir(), 'sockmatrix-profiles-')), 'profiles.json');
    writeFileSync(file, text);
    expect(() => readProfilesFile(file)).toThrow(UsageError);
    expect(() => readProfilesFile(file)).toThrow(message);
  });
});

describe('the run inside a profile', () => {
  const options = parseRun(['--transport', 'tcp', '--server', '::1', '--concurrency', '3', '--repeat', '2', '--check']);
  const runOptions = options.kind === 'run' ? options.options : null;
  const v6only = builtInProfiles.find((profile) => profile.name === 'v6only');

  it('gets the same cells, limits and check, its report as JSON, labelled by profile', () => {
    if (runOptions === null || v6only === undefined) throw new Error('fixture');
    expect(innerArguments(runOptions, v6only, { mode: 'check', path: 'expectations/linux.v6only.json' }, '/tmp/out')).toEqual([
      '--json',
      '--no-color',
      '--out',
      '/tmp/out',
      '--label',
      'v6only',
      '--check',
      '--expectations',
      'expectations/linux.v6only.json',
      '--transport',
      'tcp',
      '--server',
      '::1',
      '--concurrency=3',
      '--startup-timeout=15000',
      '--connect-timeout=3000',
      '--exchange-timeout=2000',
      '--repeat=2',
    ]);
  });

  it('records a first expectation file, where the profile has none, by updating a new file in the run folder', () => {
    if (runOptions === null || v6only === undefined) throw new Error('fixture');
    const inner = innerArguments(runOptions, v6only, { mode: 'record', path: '/runs/r1/expectations/linux.v6only.json' }, '/tmp/out');
    expect(inner.slice(6, 9)).toEqual(['--update-expectations', '--expectations', '/runs/r1/expectations/linux.v6only.json']);
    expect(inner).not.toContain('--check');
  });

  it.each([
    [
      null,
      'host',
      'expectations/linux.node20.localhost-v4.json expectations/linux.localhost-v4.json expectations/linux.node20.json expectations/linux.json',
    ],
    [null, 'v6only', 'expectations/linux.v6only.json'],
    ['mine.json', 'v6only', 'mine.json'],
    ['mine.json', 'host', 'mine.json'],
  ])('with --expectations %s, profile %s looks for %s', (file, name, expected) => {
    const profile = builtInProfiles.find((candidate) => candidate.name === name);
    if (!profile) throw new Error(`no profile ${name}`);
    const parts = { node: 'node20', localhost: 'localhost-v4' };
    expect(expectationCandidatesFor(file, profile, 'linux', parts)).toEqual(expected.split(' ').map((path) => join(...path.split('/'))));
  });

  it('labels a profile after the run label when there is one', () => {
    if (v6only === undefined) throw new Error('fixture');
    expect(profileLabel('ci-ubuntu', v6only)).toBe('ci-ubuntu-v6only');
    expect(profileLabel(null, v6only)).toBe('v6only');
  });
});
