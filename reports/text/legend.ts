import { summarizeOutcome } from '../../harness/cell-outcome.js';
import { type OutcomeSummary, phases } from '../../matrix/outcome-summary.js';
import { pairCellsOf } from '../cells-of-kind.js';
import { buildCoexistGrids, coexistGridOutcomes } from '../coexist-grid.js';
import { buildGrids } from '../grid.js';
import type { Report } from '../report.js';
import type { CodeOptions } from './code-options.js';
import { absentSymbol, codeMeaning, connectedSymbol, harnessErrorSymbol, phasePrefix, shortErrnoCode } from './codes.js';
import { coexistedCode, coexistedMeaning } from './coexist-codes.js';
import { connectedMeaning } from './connected-words.js';

// The legend that explains the codes a table uses: only the symbols, codes and phase prefixes that occur in it, so it stays short.

/** One line of the legend: a symbol as it appears in a grid, and what it means. */
export interface LegendEntry {
  symbol: string;
  meaning: string;
}

/** The legend for a set of outcomes, null where there is none; `absentMeaning` says why one is missing. */
const legendOf = (
  summaries: readonly (OutcomeSummary | null)[],
  options: CodeOptions,
  absentMeaning: string,
  connected = 'connected (the echo came back intact)',
): LegendEntry[] => {
  const present = summaries.filter((summary): summary is OutcomeSummary => summary !== null);
  const failures = present.filter((summary) => summary.status === 'failed');
  const entries: LegendEntry[] = [];
  if (present.some((summary) => summary.status === 'connected')) {
    entries.push({ symbol: connectedSymbol(options), meaning: connected });
  }
  if (present.some((summary) => summary.status === 'coexisted')) {
    entries.push({ symbol: coexistedCode(['first', 'second', 'first'], options), meaning: coexistedMeaning });
  }
  const codes = [...new Set(failures.map((failure) => failure.code ?? 'UNKNOWN'))].sort((a, b) =>
    shortErrnoCode(a).localeCompare(shortErrnoCode(b)),
  );
  for (const code of codes) entries.push({ symbol: shortErrnoCode(code), meaning: codeMeaning(code) });
  const failedPhases = new Set(failures.map((failure) => failure.phase));
  for (const phase of phases.filter((candidate) => failedPhases.has(candidate))) {
    entries.push({ symbol: phasePrefix(phase) || 'no prefix', meaning: `failed at ${phase}` });
  }
  if (present.some((summary) => summary.status === 'harness-error')) {
    entries.push({ symbol: harnessErrorSymbol, meaning: 'harness error (a sockmatrix problem, not a finding)' });
  }
  if (present.length < summaries.length) entries.push({ symbol: absentSymbol(options), meaning: absentMeaning });
  return entries;
};

/** The legend for a report's grids, both kinds. */
export const buildLegend = (report: Report, options: CodeOptions): LegendEntry[] => {
  const outcomes = [...buildGrids(report).flatMap((grid) => grid.cells.flat()), ...buildCoexistGrids(report).flatMap(coexistGridOutcomes)];
  const summaries = outcomes.map((outcome) => (outcome === null ? null : summarizeOutcome(outcome)));
  const connected = connectedMeaning(pairCellsOf(report.cells).filter((cell) => cell.outcome.status === 'connected'));
  return legendOf(summaries, options, 'not in this report (filtered out, or the run was interrupted)', connected);
};

/** The legend for summaries gathered from several reports (a diff, a merge), as the grids' legend. */
export const summaryLegend = (summaries: readonly (OutcomeSummary | null)[], options: CodeOptions): LegendEntry[] =>
  legendOf(summaries, options, 'not in that report (filtered out, or the run was interrupted)');

/** A legend entry as one line of text: `REFUSED = ECONNREFUSED`. */
export const legendLine = (entry: LegendEntry): string => `${entry.symbol} = ${entry.meaning}`;
