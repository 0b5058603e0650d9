import { assertNever } from '../../matrix/assert-never.js';
import { clientsOf, serversOf } from '../../matrix/cell-sides.js';
import { type CellVerdict, checkPassed } from '../../matrix/expectations.js';
import { type OutcomeSummary, sameSummary } from '../../matrix/outcome-summary.js';
import type { CheckRecord, Report } from '../report.js';
import { differencesHeading, differenceText } from '../setup-fingerprint.js';
import { inlineCode, markdownText } from './markdown-text.js';

// The result of --check as lines of text, for the terminal table, the Markdown report and stderr. It renders
// report.check as the run recorded it; it never compares anything itself.

type Verdict<Kind extends CellVerdict['kind']> = Extract<CellVerdict, { kind: Kind }>;

/** An outcome summary in words: `connected`, `coexisted (127.0.0.1=first ::1=second)`, `ECONNREFUSED at client-connect`, `harness error`. */
export const describeSummary = (summary: OutcomeSummary): string => {
  switch (summary.status) {
    case 'connected':
      return 'connected';
    case 'coexisted':
      return summary.code === null || summary.code === '' ? 'coexisted' : `coexisted (${summary.code})`;
    case 'failed':
      return `${summary.code ?? 'an unknown code'} at ${summary.phase ?? 'an unknown phase'}`;
    case 'harness-error':
      return 'harness error';
    default:
      return assertNever(summary.status);
  }
};

/** The outcomes a flaky cell gave, with how often where the report has every run: `connected (2 of 3), ETIMEDOUT at exchange (1 of 3)`. */
export const describeSeen = (seen: readonly OutcomeSummary[], repeats: readonly OutcomeSummary[] | undefined): string =>
  seen
    .map((summary) => {
      if (repeats === undefined) return describeSummary(summary);
      const count = repeats.filter((run) => sameSummary(run, summary)).length;
      return `${describeSummary(summary)} (${count} of ${repeats.length})`;
    })
    .join(', ');

const repeatsOf = (report: Report, cellId: string): readonly OutcomeSummary[] | undefined =>
  report.cells.find((cell) => cell.id === cellId)?.repeats;

/** What a flaky cell gave: `flaky, seen connected (2 of 3), ETIMEDOUT at exchange (1 of 3)`. */
export const flakyText = (seen: readonly OutcomeSummary[], repeats: readonly OutcomeSummary[] | undefined): string =>
  `flaky, seen ${describeSeen(seen, repeats)}`;

/** A verdict after its cell id: `expected X, got Y  (hint)`; null for a match, which needs no line. */
export const verdictText = (verdict: CellVerdict, report: Report): string | null => {
  switch (verdict.kind) {
    case 'matched':
      return null;
    case 'deviated':
      return `expected ${describeSummary(verdict.expected)}, got ${describeSummary(verdict.actual)}  (${verdict.hint})`;
    case 'flaky': {
      const expected = verdict.expected === null ? 'no expectation' : `expected ${describeSummary(verdict.expected)}`;
      return `${flakyText(verdict.seen, repeatsOf(report, verdict.cellId))}; ${expected}`;
    }
    case 'new':
      return `new, got ${describeSummary(verdict.actual)}`;
    default:
      return assertNever(verdict);
  }
};

/** One verdict as a line: `<cell id>: expected X, got Y  (hint)`; null for a match. */
export const verdictLine = (verdict: CellVerdict, report: Report): string | null => {
  const text = verdictText(verdict, report);
  return text === null ? null : `${verdict.cellId}: ${text}`;
};

const ofKind = <Kind extends CellVerdict['kind']>(check: CheckRecord, kind: Kind): Verdict<Kind>[] =>
  check.verdicts.filter((verdict): verdict is Verdict<Kind> => verdict.kind === kind);

/** How a line shows what it quotes from a report: the file's path, and other words; as they are by default. */
interface Quoting {
  path: (path: string) => string;
  words: (text: string) => string;
}

const asIs: Quoting = { path: (path) => path, words: (text) => text };

/** The check in one line: `check against expectations/linux.json: passed, 184 matched, 0 deviated, 0 flaky, 0 new`. */
export const checkSummaryLine = (check: CheckRecord, quoting: Quoting = asIs): string => {
  const counts = (['matched', 'deviated', 'flaky', 'new'] as const).map((kind) => `${ofKind(check, kind).length} ${kind}`);
  const newNote = ofKind(check, 'new').length > 0 ? ' (new cells have no expectation yet: not failures)' : '';
  return `check against ${quoting.path(check.expectations)} (${quoting.words(check.platform)}): ${checkPassed(check.verdicts) ? 'passed' : 'FAILED'}, ${counts.join(', ')}${newNote}`;
};

/** Whether a cell has a side in a runtime the expectation file does not cover: its 'new' is said once for all. */
const inUncoveredRuntime = (report: Report, check: CheckRecord): ((cellId: string) => boolean) => {
  const uncovered = new Set(check.uncoveredRuntimes ?? []);
  const ids = new Set(
    report.cells
      .filter((cell) => [...serversOf(cell), ...clientsOf(cell)].some((endpoint) => uncovered.has(endpoint.runtime)))
      .map((cell) => cell.id),
  );
  return (cellId) => ids.has(cellId);
};

/** The verdicts to list one by one: every verdict but the new cells of runtimes the file does not cover. */
export const listedVerdicts = (report: Report, check: CheckRecord): CellVerdict[] => {
  const uncovered = inUncoveredRuntime(report, check);
  return check.verdicts.filter((verdict) => verdict.kind !== 'new' || !uncovered(verdict.cellId));
};

/** One line for the cells of runtimes the expectation file does not cover, with what to do; null when it covers them all. */
export const uncoveredLine = (report: Report, check: CheckRecord): string | null => {
  const runtimes = check.uncoveredRuntimes ?? [];
  if (runtimes.length === 0) return null;
  const uncovered = inUncoveredRuntime(report, check);
  const count = check.verdicts.filter((verdict) => verdict.kind === 'new' && uncovered(verdict.cellId)).length;
  const covered = [
    ...new Set(report.cells.flatMap((cell) => [...serversOf(cell), ...clientsOf(cell)].map((endpoint) => endpoint.runtime))),
  ].filter((runtime) => !runtimes.includes(runtime));
  const only = covered.length === 0 ? 'none of this run’s runtimes' : `${covered.join(' and ')} only`;
  return `${check.expectations} covers ${only}: ${count === 1 ? 'the 1 cell' : `the ${count} cells`} with a ${runtimes.join(' or ')} side ${count === 1 ? 'is' : 'are'} new, not failures. Record them with --update-expectations (then review the file), or check ${covered.join(' and ') || 'the covered runtimes'} alone with --runtime ${covered.join(',') || '<runtime>'}.`;
};

/**
 * What differs about this machine, when the check failed: a heading naming the file, then one line per fact.
 * Empty when the check passed (a new kernel that changes nothing is not news) or nothing differs.
 */
export const setupDifferenceLines = (check: CheckRecord, quoting: Quoting = asIs): string[] => {
  const differences = check.setupDifferences ?? [];
  if (differences.length === 0 || checkPassed(check.verdicts)) return [];
  return [
    differencesHeading(quoting.path(check.expectations)),
    ...differences.map((difference) => `  - ${quoting.words(differenceText(difference))}`),
  ];
};

/** The groups of verdicts worth listing, in the order people should read them. */
const listedGroups = (report: Report, check: CheckRecord): { title: string; verdicts: CellVerdict[] }[] => {
  const listed = { ...check, verdicts: listedVerdicts(report, check) };
  return [
    { title: 'Deviations', verdicts: ofKind(listed, 'deviated') },
    { title: 'Flaky (outcomes differed between runs)', verdicts: ofKind(listed, 'flaky') },
    { title: 'New (no expectation yet: not a failure; --update-expectations records them)', verdicts: ofKind(listed, 'new') },
  ].filter((group) => group.verdicts.length > 0);
};

/** The check for a terminal: the summary line, then each deviation, flaky and new cell; empty without --check. */
export const checkSectionText = (report: Report): string[] => {
  const { check } = report;
  if (check === undefined) return [];
  const groups = listedGroups(report, check).flatMap((group) => [
    `${group.title}:`,
    ...group.verdicts.map((verdict) => `  ${verdictLine(verdict, report) ?? `${verdict.cellId}: as expected`}`),
  ]);
  const uncovered = uncoveredLine(report, check);
  return [checkSummaryLine(check), ...setupDifferenceLines(check), ...groups, ...(uncovered === null ? [] : [uncovered])];
};

/** The check for Markdown: a heading, the summary, and a list per group; empty without --check. */
export const checkSectionMarkdown = (report: Report): string[] => {
  const { check } = report;
  if (check === undefined) return [];
  const uncovered = uncoveredLine(report, check);
  const groups = listedGroups(report, check).flatMap((group) => [
    '',
    `### ${group.title}: ${group.verdicts.length}`,
    '',
    ...group.verdicts.map((verdict) => `- ${inlineCode(verdict.cellId)}: ${markdownText(verdictText(verdict, report) ?? 'as expected')}`),
  ]);
  const quoting = { path: inlineCode, words: markdownText };
  const differences = setupDifferenceLines(check, quoting).map((line) => line.replace(/^ {2}/, ''));
  return [
    '## Check against expectations',
    '',
    checkSummaryLine(check, quoting),
    ...(differences.length === 0 ? [] : ['', ...differences]),
    ...groups,
    ...(uncovered === null ? [] : ['', markdownText(uncovered)]),
  ];
};
