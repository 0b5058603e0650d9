import { describe, expect, it } from 'vitest';
import { formats } from '../../reports/formats/index.js';
import { type ProfileSet, profileSetSchema } from '../../reports/profile-set.js';
import type { Report } from '../../reports/report.js';
import { sampleReport } from '../fixtures/sample-report.js';

// A profile run's report.md: the comparison first, then each profile's grids while they fit an issue body.

const profiles = ['host', 'linux', 'no-ipv6', 'v6only', 'lo-single', 'localhost-v6-first'];

/** A profile's report: eight copies of every sample cell, each profile failing a different share of them. */
const profileReport = (name: string, index: number): Report => {
  const report = sampleReport();
  report.cells = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((copy) =>
    sampleReport().cells.map((cell, cellIndex) => {
      const refused = {
        status: 'failed' as const,
        phase: 'client-connect' as const,
        code: 'ECONNREFUSED',
        message: 'refused',
        observations: cell.outcome.observations,
      };
      // Each copy binds its own address, so its rows are rows of their own in the grids.
      const server = { ...cell.server, address: `${cell.server.address}-${copy}` };
      return { ...cell, id: `${cell.id} #${copy}`, server, outcome: (cellIndex + copy) % (index + 2) === 0 ? refused : cell.outcome };
    }),
  );
  report.run.profile = { name, imitates: `the ${name} set-up`, fidelity: 'exact' };
  report.run.label = name;
  return report;
};

const set: ProfileSet = {
  schema: profileSetSchema,
  run: { id: 'run-1', startedAt: 'a', finishedAt: 'b', complete: true, label: null, profiles },
  reports: profiles.map(profileReport),
  skipped: [],
};

describe('the Markdown of a run over six profiles of a big matrix', () => {
  const text = formats.markdown.profileSet(set, { width: 120, color: false });

  it('stays under the 65,536 characters of an issue body', () => {
    expect(text.length).toBeLessThan(65_536);
  });

  it('names every profile in a line, and compares them before any profile’s grids', () => {
    for (const name of profiles) expect(text).toContain(`- \`${name}\`: the ${name} set-up`);
    expect(text.indexOf('## Comparison across profiles')).toBeLessThan(text.indexOf('## Profile host'));
  });

  it('says which cells and grids it left out, and where they are', () => {
    expect(text).toMatch(
      /… and \d+ more cells differ, left out to stay under GitHub's 65,536-character limit: `sockmatrix merge <run folder>\/profiles` lists them all\./,
    );
    expect(text).toMatch(/The grids of .* are left out here, .* `profiles\/<name>\/report\.md` has its grids and its evidence\./);
  });

  it('leaves no evidence heading without evidence under it', () => {
    expect(text).not.toMatch(/Evidence for the cells/);
    expect(text).toContain("Each cell's evidence: `profiles/host/report.md`.");
  });
});
