import { describe, expect, it } from 'vitest';
import { type RedactionContext, redactAddress, redactPaths, redactReport, redactText } from '../../reports/redact.js';
import type { Report } from '../../reports/report.js';
import { sampleReport } from '../fixtures/sample-report.js';

// What a report may not tell a public ticket: addresses off loopback, and this machine's paths (a home folder names its user).

const posix: RedactionContext = { cwd: '/work/proj', home: '/home/alice', user: 'alice', platform: 'linux' };
const windows: RedactionContext = { cwd: 'C:\\Users\\Alice\\proj', home: 'C:\\Users\\Alice', user: 'Alice', platform: 'win32' };

describe('redactAddress', () => {
  it.each(['127.0.0.1', '127.0.0.2', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '0.0.0.0', '::', 'localhost', 'not an address'])(
    'keeps %s',
    (address) => {
      expect(redactAddress(address)).toBe(address);
    },
  );

  it.each(['192.0.2.99', '10.0.0.1', '2001:db8::1', 'fe80::1%lo0', '::ffff:192.0.2.99', '169.254.1.1'])('redacts %s', (address) => {
    expect(redactAddress(address)).toBe('<non-loopback>');
  });
});

describe('redactText', () => {
  it.each([
    ['an IPv4 address and port', 'connect ECONNREFUSED 192.0.2.99:40123', 'connect ECONNREFUSED <non-loopback>:40123'],
    [
      'a bind error',
      'listen EADDRNOTAVAIL: address not available 192.0.2.99:5000',
      'listen EADDRNOTAVAIL: address not available <non-loopback>:5000',
    ],
    ['an IPv6 address with a port, Node style', 'connect ECONNREFUSED 2001:db8::1:443', 'connect ECONNREFUSED <non-loopback>:443'],
    ['a bracketed IPv4-mapped address', 'to [::ffff:192.0.2.99]:80.', 'to [<non-loopback>]:80.'],
    ['a Python address tuple', "OSError: [Errno 99] ('192.0.2.99', 5000)", "OSError: [Errno 99] ('<non-loopback>', 5000)"],
    ['a link-local address with its zone', 'via fe80::1%eth0 then', 'via <non-loopback> then'],
  ])('redacts %s', (_name, text, redacted) => {
    expect(redactText(text, posix)).toBe(redacted);
  });

  it.each([
    ['loopback with a port, Node style', 'connect ECONNREFUSED ::1:8080'],
    ['IPv4 loopback', 'connect ECONNREFUSED 127.0.0.2:40123'],
    ['a wildcard', 'bound [::]:5000 and 0.0.0.0:5000'],
    ['a time of day', '2026-11-25T08:11:23Z took 12:34:56'],
    ['versions', 'Node v20.20.2, Python 3.11.7, kernel 6.18.44'],
    ['a stack frame', 'at Object.<anonymous> (node:internal/main:10:5)'],
  ])('keeps %s', (_name, text) => {
    expect(redactText(text, posix)).toBe(text);
  });

  it.each([
    ['inside the working directory: relative', 'Error at /work/proj/dist/agent.js:3:5', 'Error at dist/agent.js:3:5'],
    ['a file URL inside it', 'at file:///work/proj/dist/agent.js:3:5', 'at dist/agent.js:3:5'],
    ['the working directory itself', 'cwd /work/proj', 'cwd .'],
    ['a sibling folder of the same prefix', '/work/projector/x', '/work/projector/x'],
    ['in the home folder', 'File "/home/alice/.pyenv/versions/3.11.7/lib/socket.py"', 'File "<home>/.pyenv/versions/3.11.7/lib/socket.py"'],
    ['the user name as a folder elsewhere', '/tmp/alice/scratch and /srv/alice-data', '/tmp/<user>/scratch and /srv/alice-data'],
  ])('writes a path %s', (_name, text, redacted) => {
    expect(redactPaths(text, posix)).toBe(redacted);
  });

  it.each([
    ['inside the working directory', 'C:\\Users\\Alice\\proj\\dist\\agent.js', 'dist\\agent.js'],
    ['a file URL inside it, in another case', 'file:///c:/users/alice/proj/dist/agent.js', 'dist/agent.js'],
    ['in the home folder', 'C:\\Users\\Alice\\AppData\\Local\\x.exe', '<home>\\AppData\\Local\\x.exe'],
  ])('writes a Windows path %s', (_name, text, redacted) => {
    expect(redactPaths(text, windows)).toBe(redacted);
  });

  it('takes the user name out as a folder only, not as a program of the same name', () => {
    const context: RedactionContext = { cwd: '/app', home: '/home/node', user: 'node', platform: 'linux' };
    expect(redactPaths('spawn /usr/local/bin/node ENOENT in /srv/node/x and /home/node/.npm', context)).toBe(
      'spawn /usr/local/bin/node ENOENT in /srv/<user>/x and <home>/.npm',
    );
  });

  it('leaves paths alone when the working directory or home is the root', () => {
    expect(redactPaths('/etc/hosts', { cwd: '/', home: '/', user: '', platform: 'linux' })).toBe('/etc/hosts');
  });
});

describe('redactReport', () => {
  it('leaves an ordinary loopback report as it is', () => {
    const report = sampleReport();
    expect(redactReport(report, posix)).toEqual(sampleReport());
  });

  it('takes every address off loopback and every path of this machine out of a report, wherever it is', () => {
    const report: Report = sampleReport();
    const leaky = '192.0.2.99';
    report.environment.localhost = {
      addresses: [
        { address: leaky, family: 4 },
        { address: '::1', family: 6 },
      ],
      error: `EAI at ${leaky}`,
    };
    const [failed, broken, connected] = report.cells;
    if (failed === undefined || broken === undefined || connected === undefined) throw new Error('the sample report has cells');
    const address = { address: leaky, port: 5000, family: 4 as const };
    const observations = {
      server: {
        bound: address,
        ipv6OnlyEffective: null,
        received: true,
        peer: address,
        payloadMatched: true,
        replied: false,
        error: { code: 'EPIPE', message: `write EPIPE ${leaky}:5000` },
      },
      client: {
        resolved: [{ address: leaky, family: 4 as const }],
        local: address,
        remote: address,
        attempts: [{ address: leaky, port: 5000, code: 'ECONNREFUSED' }],
      },
    };
    failed.outcome = {
      status: 'failed',
      phase: 'client-connect',
      code: 'ENOTLOOPBACK',
      message: `localhost resolved to ${leaky}`,
      observations,
    };
    broken.outcome = {
      status: 'harness-error',
      reason: 'agent-crashed',
      side: 'server',
      message: `the server agent exited with status 1 at /work/proj/dist/agent.js`,
      stderr: `Traceback:\n  File "/home/alice/lib/x.py"\nOSError: ('${leaky}', 5000)\n`,
      observations,
    };
    connected.outcome = { status: 'connected', observations };
    report.check = { expectations: '/home/alice/expectations/linux.json', platform: 'linux', verdicts: [] };

    const redacted = redactReport(report, posix);
    const text = JSON.stringify(redacted);
    expect(text).not.toContain(leaky);
    expect(text).not.toContain('/home/alice');
    expect(text).not.toContain('/work/proj');
    expect(redacted.environment.localhost.addresses.map((resolved) => resolved.address)).toEqual(['<non-loopback>', '::1']);
    expect(redacted.check?.expectations).toBe('<home>/expectations/linux.json');
    expect(redacted.cells[1]?.outcome).toMatchObject({
      message: 'the server agent exited with status 1 at dist/agent.js',
      stderr: 'Traceback:\n  File "<home>/lib/x.py"\nOSError: (\'<non-loopback>\', 5000)\n',
    });
    // Pure: the report given is left as it was.
    expect(JSON.stringify(report)).toContain(leaky);
  });
});
