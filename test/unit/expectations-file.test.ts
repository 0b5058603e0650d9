import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ExpectationsFile,
  formatExpectations,
  loadExpectations,
  parseExpectations,
  readExpectations,
  saveExpectations,
} from '../../cli/run/expectations-file.js';
import { UsageError } from '../../cli/usage-error.js';

const sample: ExpectationsFile = {
  schema: 'sockmatrix/expectations@1',
  platform: 'linux',
  runtimes: ['node', 'python'],
  environment: { localhost: '127.0.0.1, ::1', ipv6: 'available', node: 'v20.20.2' },
  cells: {
    'udp udp4 0.0.0.0 -> udp4 127.0.0.2': { status: 'failed', phase: 'exchange', code: 'ETIMEDOUT' },
    'tcp 127.0.0.1 -> [::1]': { status: 'failed', phase: 'client-connect', code: 'ECONNREFUSED' },
    'tcp 127.0.0.1 -> 127.0.0.1': { status: 'connected' },
    'coexist tcp [::] v6only + 0.0.0.0': { status: 'coexisted', answers: '127.0.0.1=second ::1=first localhost=second' },
    'coexist tcp [::] dual + 0.0.0.0': { status: 'failed', phase: 'second-listen', code: 'EADDRINUSE' },
  },
};

const freshDir = (): string => mkdtempSync(join(tmpdir(), 'sockmatrix-expectations-'));

describe('an expectation file from before Python', () => {
  it('covers Node alone', () => {
    const text = JSON.stringify({ schema: 'sockmatrix/expectations@1', platform: 'linux', cells: {} });
    expect(parseExpectations(text, 'old.json').runtimes).toEqual(['node']);
  });

  it('refuses runtimes that are not a list of names', () => {
    const text = JSON.stringify({ schema: 'sockmatrix/expectations@1', platform: 'linux', runtimes: 'node', cells: {} });
    expect(() => parseExpectations(text, 'odd.json')).toThrow(/odd\.json has runtimes "node"; expected a list of runtime names/);
  });
});

describe('writing an expectation file', () => {
  it('puts one cell per line, sorted by id, so a diff shows one line per change', () => {
    expect(formatExpectations(sample)).toBe(`{
  "schema": "sockmatrix/expectations@1",
  "platform": "linux",
  "runtimes": ["node", "python"],
  "environment": {
    "localhost": "127.0.0.1, ::1",
    "ipv6": "available",
    "node": "v20.20.2"
  },
  "cells": {
    "coexist tcp [::] dual + 0.0.0.0": { "status": "failed", "phase": "second-listen", "code": "EADDRINUSE" },
    "coexist tcp [::] v6only + 0.0.0.0": { "status": "coexisted", "answers": "127.0.0.1=second ::1=first localhost=second" },
    "tcp 127.0.0.1 -> 127.0.0.1": { "status": "connected" },
    "tcp 127.0.0.1 -> [::1]": { "status": "failed", "phase": "client-connect", "code": "ECONNREFUSED" },
    "udp udp4 0.0.0.0 -> udp4 127.0.0.2": { "status": "failed", "phase": "exchange", "code": "ETIMEDOUT" }
  }
}
`);
  });

  it('reads back what it wrote', async () => {
    const path = join(freshDir(), 'nested', 'linux.json');
    await saveExpectations(path, sample);
    expect(await readExpectations(path)).toEqual(sample);
    expect(parseExpectations(readFileSync(path, 'utf8'), path)).toEqual(sample);
  });

  it('leaves the environment out of a file that never had one, and reads it back as such', () => {
    const old = { ...sample, environment: null };
    expect(formatExpectations(old)).not.toContain('"environment"');
    expect(parseExpectations(formatExpectations(old), 'old.json')).toEqual(old);
  });

  it('refuses an environment that is not facts in words, naming the fix', () => {
    const text = JSON.stringify({ schema: 'sockmatrix/expectations@1', platform: 'linux', environment: { ipv6: true }, cells: {} });
    expect(() => parseExpectations(text, 'odd.json')).toThrow(
      /^odd\.json has environment \{"ipv6":true\}; expected an object of facts in words.*Delete the field, or record the file again with --update-expectations\.$/,
    );
  });

  it('writes an empty file that still parses', () => {
    const empty = { ...sample, cells: {} };
    expect(parseExpectations(formatExpectations(empty), 'e.json')).toEqual(empty);
  });
});

describe('loading an expectation file', () => {
  it('says how to create a missing file, naming the path', async () => {
    const path = join(freshDir(), 'linux.json');
    await expect(loadExpectations(path, 'expectations/linux.json')).rejects.toThrow(UsageError);
    await expect(loadExpectations(path, 'expectations/linux.json')).rejects.toThrow(
      `no expectations at ${path}. Create them from this machine's outcomes with: npx sockmatrix --update-expectations --expectations ${path}`,
    );
  });

  it('leaves --expectations out of the how-to for the default file', async () => {
    const path = join(freshDir(), 'linux.json');
    await expect(loadExpectations(path, path)).rejects.toThrow(/with: npx sockmatrix --update-expectations \(then review/);
  });

  it('explains a file it cannot read', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'linux.json'));
    await expect(readExpectations(join(dir, 'linux.json'))).rejects.toThrow(/could not read the expectations .*linux\.json \(EISDIR\)/);
  });

  it('quotes a bad value without a control character, whatever the file holds', () => {
    const text = JSON.stringify({
      schema: 'sockmatrix/expectations@1',
      platform: 'linux',
      cells: { 'tcp a -> b\u001b]0;pwned\u0007\u001b[2J': { status: 'ok\u009b2J\u007f' } },
    });
    expect(() => parseExpectations(text, 'e.json')).toThrow(
      'e.json: cell "tcp a -> b" has status "ok"; an expectation is "connected", "coexisted" or "failed".',
    );
  });

  it('names the file and the place of a JSON error', async () => {
    const path = join(freshDir(), 'linux.json');
    writeFileSync(path, '{\n  "schema": "sockmatrix/expectations@1",\n  "cells": {,}\n}\n');
    await expect(readExpectations(path)).rejects.toThrow(UsageError);
    await expect(readExpectations(path)).rejects.toThrow(/linux\.json is not valid JSON: .*\(line 3, column 13\)/);
  });

  it.each([
    ['an array', '[]', /should hold a JSON object with schema, platform and cells/],
    [
      'another schema',
      '{"schema": "sockmatrix/expectations@2", "platform": "linux", "cells": {}}',
      /schema "sockmatrix\/expectations@2"; this sockmatrix reads "sockmatrix\/expectations@1"/,
    ],
    ['no platform', '{"schema": "sockmatrix/expectations@1", "cells": {}}', /has platform undefined; expected a name such as "linux"/],
    ['no cells', '{"schema": "sockmatrix/expectations@1", "platform": "linux"}', /should have "cells"/],
    [
      'an unknown status',
      cells({ status: 'ok' }),
      /cell "tcp a -> b" has status "ok"; an expectation is "connected", "coexisted" or "failed"/,
    ],
    ['an expected harness error', cells({ status: 'harness-error' }), /has status "harness-error"/],
    [
      'a failure without a phase',
      cells({ status: 'failed', code: 'EINVAL' }),
      /cell "tcp a -> b" has phase undefined; expected one of server-bind, /,
    ],
    ['an unknown phase', cells({ status: 'failed', phase: 'connect', code: 'EINVAL' }), /has phase "connect"/],
    ['a failure without a code', cells({ status: 'failed', phase: 'server-bind' }), /has code undefined; expected an errno-style code/],
    ['a connected cell with a code', cells({ status: 'connected', code: 'EINVAL' }), /is connected, so it takes no phase, code or answers/],
    [
      'two servers that coexisted without answers',
      cells({ status: 'coexisted' }),
      /has answers undefined; expected who answered each target/,
    ],
    [
      'two servers that coexisted with a phase',
      cells({ status: 'coexisted', answers: '', phase: 'second-bind' }),
      /coexisted, so it takes no phase or code/,
    ],
    [
      'a failure with answers',
      cells({ status: 'failed', phase: 'second-bind', code: 'EADDRINUSE', answers: '' }),
      /failed, so it takes no answers/,
    ],
    ['an unknown field', cells({ status: 'connected', why: 'because' }), /has fields an expectation does not have: why/],
    ['a string for an expectation', cells('connected'), /should be an object like \{ "status": "connected" \}, got "connected"/],
  ])('refuses %s, naming the file', (_name, text, message) => {
    expect(() => parseExpectations(text, 'expectations/linux.json')).toThrow(UsageError);
    expect(() => parseExpectations(text, 'expectations/linux.json')).toThrow(/^expectations\/linux\.json/);
    expect(() => parseExpectations(text, 'expectations/linux.json')).toThrow(message);
  });
});

function cells(expectation: unknown): string {
  return JSON.stringify({ schema: 'sockmatrix/expectations@1', platform: 'linux', cells: { 'tcp a -> b': expectation } });
}
