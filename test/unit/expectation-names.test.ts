import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseExpectations, expectationCandidates, lookupOrder } from '../../cli/run/expectation-names.js';
import { chooseUse } from '../../cli/run/expectations-use.js';
import { ownFileFor } from '../../cli/run/recorded-expectations.js';
import { UsageError } from '../../cli/usage-error.js';
import type { Environment } from '../../harness/environment-types.js';
import type { ResolvedAddress } from '../../harness/outcome.js';
import { setupFingerprint, setupNameParts, setupNamePartsOfFingerprint } from '../../reports/setup-fingerprint.js';
import { sampleReport } from '../fixtures/sample-report.js';

// Expectation files named for the setup: which names a machine looks for, in which order, and what a run does when
// it finds one, or none. Pure, from a node version, what localhost resolved to, and which files exist.

const path = (name: string): string => join('expectations', name);
const v4: ResolvedAddress = { address: '127.0.0.1', family: 4 };
const v6: ResolvedAddress = { address: '::1', family: 6 };

describe('the name parts of a setup', () => {
  it.each([
    ['v20.20.2', [v4], null, { node: 'node20', localhost: 'localhost-v4' }],
    ['v22.11.0', [v6, v4], null, { node: 'node22', localhost: 'localhost-v6v4' }],
    ['v22.11.0', [v4, v6], null, { node: 'node22', localhost: 'localhost-v4v6' }],
    ['v20.20.2', [v6], null, { node: 'node20', localhost: 'localhost-v6' }],
    // Two IPv4 lines (127.0.0.1 and 127.0.1.1, as Debian writes) are one family: the order of families is what matters.
    ['v20.20.2', [v4, { address: '127.0.1.1', family: 4 } as ResolvedAddress, v6], null, { node: 'node20', localhost: 'localhost-v4v6' }],
    ['v24.0.0', [], 'ENOTFOUND: getaddrinfo ENOTFOUND localhost', { node: 'node24', localhost: 'localhost-none' }],
  ])('Node %s, localhost %j (error %s): %j', (node, addresses, error, expected) => {
    const localhost: Environment['localhost'] = { addresses: [...addresses], error };
    expect(setupNameParts({ node, localhost })).toEqual(expected);
  });
});

describe('the expectation files a setup looks for', () => {
  const candidates = expectationCandidates('linux', { node: 'node20', localhost: 'localhost-v4' });

  it('go from the most specific to the platform’s own file, localhost before the Node major', () => {
    expect(candidates).toEqual([
      path('linux.node20.localhost-v4.json'),
      path('linux.localhost-v4.json'),
      path('linux.node20.json'),
      path('linux.json'),
    ]);
  });

  it.each([
    [['linux.json'], 'linux.json'],
    [['linux.json', 'linux.node20.json'], 'linux.node20.json'],
    [['linux.json', 'linux.node20.json', 'linux.localhost-v4.json'], 'linux.localhost-v4.json'],
    [['linux.json', 'linux.node20.localhost-v4.json', 'linux.localhost-v4.json'], 'linux.node20.localhost-v4.json'],
    // Files for other setups are not this setup's: the platform's own file is used.
    [['linux.json', 'linux.node22.json', 'linux.localhost-v6v4.json', 'linux.v6only.json'], 'linux.json'],
    [['linux.node22.json', 'darwin.json'], null],
  ])('with %j in expectations/, uses %s', (present, expected) => {
    const exists = (file: string): boolean => present.map(path).includes(file);
    expect(chooseExpectations(candidates, exists)).toEqual({ found: expected === null ? null : path(expected), lookedFor: candidates });
  });

  it('are said in one line, in the order looked in', () => {
    expect(lookupOrder(candidates)).toBe(
      'linux.node20.localhost-v4.json → linux.localhost-v4.json → linux.node20.json → linux.json in expectations/',
    );
    expect(lookupOrder(['mine.json'])).toBe('mine.json');
  });
});

describe('what a run does with the file it finds', () => {
  const candidates = expectationCandidates('linux', { node: 'node20', localhost: 'localhost-v6v4' });
  const runFolder = join('runs', 'r1');
  const none = (): boolean => false;
  const only =
    (name: string) =>
    (file: string): boolean =>
      file === path(name);
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const said = (): string[] => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    return lines;
  };

  it('checks against the first that exists, and prints the order it looked in', () => {
    const lines = said();
    const use = chooseUse({ mode: 'check', missing: 'fail', candidates, runFolder }, only('linux.localhost-v6v4.json'));
    expect(use).toEqual({ mode: 'check', path: path('linux.localhost-v6v4.json'), missing: null, recordOwn: null });
    expect(lines).toEqual([
      `sockmatrix: expectations: looked for linux.node20.localhost-v6v4.json → linux.localhost-v6v4.json → linux.node20.json → linux.json in expectations/; checking against ${path('linux.localhost-v6v4.json')}\n`,
    ]);
  });

  it('updates the first that exists, or creates the platform’s own file', () => {
    said();
    expect(chooseUse({ mode: 'update', missing: 'fail', candidates, runFolder }, only('linux.node20.json')).path).toBe(
      path('linux.node20.json'),
    );
    expect(chooseUse({ mode: 'update', missing: 'fail', candidates, runFolder }, none)).toEqual({
      mode: 'update',
      path: path('linux.json'),
      missing: null,
      recordOwn: null,
    });
  });

  it('without one, fails naming every file it looked for and both ways to make the first', () => {
    said();
    const attempt = (): unknown => chooseUse({ mode: 'check', missing: 'fail', candidates, runFolder }, none);
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(
      `no expectations for this setup: looked for linux.node20.localhost-v6v4.json → linux.localhost-v6v4.json → linux.node20.json → linux.json in expectations/, and none exists. Create ${path('linux.json')} from this machine's outcomes with: npx sockmatrix --update-expectations (then review the file, cell by cell, and commit it), or let --check record them in its run folder for you to review: --expectations-missing record.`,
    );
  });

  it('without one, records into the run folder what belongs in the platform’s own file, when allowed to', () => {
    const lines = said();
    expect(chooseUse({ mode: 'check', missing: 'record', candidates, runFolder }, none)).toEqual({
      mode: 'record',
      path: join(runFolder, 'expectations', 'linux.json'),
      missing: { commitAs: path('linux.json'), lookedFor: candidates },
      recordOwn: null,
    });
    expect(lines.join('')).toContain('; none exists, so this run records its outcomes instead of checking them');
  });

  it('with a file named by --expectations, looks for that alone and prints no order', () => {
    const lines = said();
    expect(chooseUse({ mode: 'check', missing: 'record', candidates: ['mine.json'], runFolder }, none)).toMatchObject({
      mode: 'record',
      path: join(runFolder, 'expectations', 'mine.json'),
      missing: { commitAs: 'mine.json' },
    });
    expect(() => chooseUse({ mode: 'check', missing: 'fail', candidates: ['mine.json'], runFolder }, none)).toThrow(
      /^no expectations at .*mine\.json\. Create them from this machine's outcomes with: npx sockmatrix --update-expectations --expectations mine\.json/,
    );
    expect(chooseUse({ mode: 'check', missing: 'fail', candidates: ['mine.json'], runFolder }, () => true).path).toBe('mine.json');
    expect(lines.join('')).toContain('expectations: there is no mine.json, so this run records');
    expect(lines.filter((line) => line.includes('looked for'))).toEqual([]);
  });

  it('reads and writes nothing without --check or --update-expectations', () => {
    expect(chooseUse({ mode: null, missing: 'record', candidates, runFolder }, none)).toEqual({
      mode: null,
      path: '',
      missing: null,
      recordOwn: null,
    });
  });

  it('checking with leave to record, keeps where this setup’s own file would go, should the check fail on another setup’s', () => {
    said();
    expect(chooseUse({ mode: 'check', missing: 'record', candidates, runFolder }, only('linux.json')).recordOwn).toEqual({
      runFolder,
      platform: 'linux',
    });
    expect(chooseUse({ mode: 'check', missing: 'fail', candidates, runFolder }, only('linux.json')).recordOwn).toBeNull();
    expect(chooseUse({ mode: 'check', missing: 'record', candidates: ['mine.json'], runFolder }, () => true).recordOwn).toBeNull();
  });
});

describe('the file a setup would take, after a check against another setup’s file', () => {
  const here = { node: 'node22', localhost: 'localhost-v6v4' };

  it.each([
    ['linux.json', { node: 'node22', localhost: 'localhost-v4' }, 'linux.localhost-v6v4.json', 'localhost-v4 there, localhost-v6v4 here'],
    ['linux.json', { node: 'node20', localhost: 'localhost-v6v4' }, 'linux.node22.json', 'node20 there, node22 here'],
    [
      'linux.json',
      { node: 'node20', localhost: 'localhost-v4' },
      'linux.node22.localhost-v6v4.json',
      'node20 there, node22 here; localhost-v4 there, localhost-v6v4 here',
    ],
    // The checked file already names this localhost: only the Node major is added to its name.
    [
      'linux.localhost-v6v4.json',
      { node: 'node20', localhost: 'localhost-v6v4' },
      'linux.node22.localhost-v6v4.json',
      'node20 there, node22 here',
    ],
    [
      'linux.node22.json',
      { node: 'node22', localhost: 'localhost-v4' },
      'linux.node22.localhost-v6v4.json',
      'localhost-v4 there, localhost-v6v4 here',
    ],
  ])('checked against %s recorded on %j: %s (%s)', (checked, recorded, file, differences) => {
    expect(ownFileFor('linux', path(checked), recorded, here)).toEqual({ file: path(file), differences });
  });

  it.each([
    ['the same setup', 'linux.json', { node: 'node22', localhost: 'localhost-v6v4' }],
    ['a file that recorded neither', 'linux.json', {}],
    ['another patch release only', 'linux.json', { node: 'node22' }],
  ])('is none for %s', (_what, checked, recorded) => {
    expect(ownFileFor('linux', path(checked), recorded, here)).toBeNull();
  });

  it('reads the name parts back from the words an expectation file keeps', () => {
    expect(setupNamePartsOfFingerprint({ node: 'v20.20.2', localhost: '127.0.0.1' })).toEqual({
      node: 'node20',
      localhost: 'localhost-v4',
    });
    expect(setupNamePartsOfFingerprint({ node: 'v22.1.0', localhost: '::1, 127.0.0.1' })).toEqual({
      node: 'node22',
      localhost: 'localhost-v6v4',
    });
    expect(setupNamePartsOfFingerprint({ localhost: 'nothing (ENOTFOUND: getaddrinfo ENOTFOUND localhost)' })).toEqual({
      localhost: 'localhost-none',
    });
    expect(setupNamePartsOfFingerprint({})).toEqual({});
    // Written by setupFingerprint and read back, the parts are those of the environment itself.
    const environment = { ...sampleReport().environment, node: 'v22.3.0' };
    environment.localhost = { addresses: [v6, v4], error: null };
    expect(setupNamePartsOfFingerprint(setupFingerprint(environment))).toEqual(setupNameParts(environment));
  });
});
