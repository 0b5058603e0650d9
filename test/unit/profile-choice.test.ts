import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileLabel } from '../../cli/run/profile-arguments.js';
import { chooseProfiles, readProfilesFile } from '../../cli/run/profile-choice.js';
import { parseRun } from '../../cli/run-options.js';
import { builtInProfiles, type Profile } from '../../matrix/profiles.js';

// Choosing among many profiles without a quadratic search, and the labels of their inner runs.

const shape = { ipv6: true, bindv6only: 1, ipv4Loopback: '127.0.0.1/32', hostsFile: ['::1 localhost'] } as const;
const userProfile = (name: string): Profile => ({
  name,
  imitates: 'a test',
  fidelity: 'none',
  shape: { ...shape, hostsFile: [...shape.hostsFile], gaiConf: [] },
});

describe('choosing among many profiles', () => {
  const many = Array.from({ length: 300_000 }, (_, index) => userProfile(`user-${index}`));

  // 300,000 profiles: a search per profile took minutes; a map takes a moment. The limit only stops a regression sooner.
  it('finds one by name, and all of them, in one pass', { timeout: 30_000 }, () => {
    expect(chooseProfiles(['user-299999', 'v6only'], many).map((profile) => profile.name)).toEqual(['user-299999', 'v6only']);
    expect(chooseProfiles(['all'], many)).toHaveLength(builtInProfiles.length + many.length);
  });

  it('lets a user profile with a built-in name replace it, in its place', () => {
    const mine = { ...userProfile('v6only'), imitates: 'mine' };
    const all = chooseProfiles(['all'], [mine]);
    expect(all.map((profile) => profile.name)).toEqual(builtInProfiles.map((profile) => profile.name));
    expect(all.find((profile) => profile.name === 'v6only')?.imitates).toBe('mine');
  });

  it('names 20 known profiles and counts the rest when one is unknown', () => {
    expect(() => chooseProfiles(['nope'], many)).toThrow(/Known: host, linux, .*, user-12 and 299987 more, or all\.$/);
  });

  it('refuses a profiles file that defines a name twice', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sockmatrix-profiles-')), 'profiles.json');
    writeFileSync(file, JSON.stringify({ profiles: [userProfile('twin'), userProfile('twin')] }));
    expect(() => readProfilesFile(file)).toThrow(`${file}: profile 'twin' is defined twice`);
  });
});

describe('the label of a profile inside a run with a long --label', () => {
  const longest = userProfile('p'.repeat(40));
  const profiles = [...builtInProfiles, longest];
  const sixty = `ci-${'x'.repeat(50)}-node20`;
  const labelAccepted = (label: string): boolean => {
    const parsed = parseRun(['--label', label]);
    return parsed.kind === 'run' && parsed.options.label === label;
  };

  it('is itself a valid --label, for every profile', () => {
    expect(sixty).toHaveLength(60);
    for (const profile of profiles) expect(labelAccepted(profileLabel(sixty, profile)), profileLabel(sixty, profile)).toBe(true);
  });

  it('starts as the run label does and ends with the whole profile name', () => {
    for (const profile of profiles) {
      const label = profileLabel(sixty, profile);
      expect(label.startsWith(sixty.slice(0, 10))).toBe(true);
      expect(label.endsWith(`-${profile.name}`)).toBe(true);
    }
    expect(profileLabel(sixty, longest)).toMatch(/^ci-xxxxxxxxxxxxx-[0-9a-f]{6}-p{40}$/);
  });

  it('keeps the profiles of one run apart, and two runs whose long labels differ only at the end', () => {
    const labels = profiles.map((profile) => profileLabel(sixty, profile));
    expect(new Set(labels).size).toBe(profiles.length);
    const other = `ci-${'x'.repeat(50)}-node22`;
    for (const profile of profiles) expect(profileLabel(other, profile)).not.toBe(profileLabel(sixty, profile));
  });

  it('is plain <label>-<profile> while that fits', () => {
    expect(profileLabel('ci-ubuntu', longest)).toBe(`ci-ubuntu-${longest.name}`);
  });
});
