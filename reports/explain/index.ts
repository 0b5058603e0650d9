import type { Environment } from '../../harness/environment-types.js';
import type { CoexistReportCell, Explanation, PairReportCell, Report, UnexplainedCell } from '../report.js';
import { coexistFactsOf } from './coexist-facts.js';
import { coexistNotes, coexistRules } from './coexist-rules.js';
import { factsOf } from './facts.js';
import { programRulesFirst, programRulesLast } from './program-rules.js';
import { connectedNotes, explanationRules } from './rules.js';

// Every cell's explanation: the first rule that fits what both sides observed, `unexplained` where none does.

/** The rule id of a cell that did not connect and that no rule explains. */
export const unexplained = 'unexplained';

// A rule's words may begin with a phrase shared mid-sentence elsewhere ("the server listens ..."): start it upper-case.
const sentence = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** What a failure no rule fits says: never a guessed story. */
const unexplainedFailure = (code: string, phase: string): Explanation => ({
  rule: unexplained,
  why: `No rule of sockmatrix explains this ${code} at ${phase} yet: the evidence below is all there is. Please report it, with report.json.`,
  change: [],
});

// A user's program's own failures first (it never got ready), the pairings' next, then what only a program does (it exited).
const failureRules = [...programRulesFirst, ...explanationRules, ...programRulesLast];

const explainPair = (cell: Omit<PairReportCell, 'explanation'>, environment: Environment): Explanation | undefined => {
  const facts = factsOf(cell, environment);
  const rules = cell.outcome.status === 'connected' ? connectedNotes : cell.outcome.status === 'failed' ? failureRules : [];
  const rule = rules.find((candidate) => candidate.when(facts));
  if (rule !== undefined) return { rule: rule.id, why: sentence(rule.why(facts)), change: rule.change(facts) };
  return cell.outcome.status === 'failed' ? unexplainedFailure(cell.outcome.code, cell.outcome.phase) : undefined;
};

const explainCoexist = (cell: Omit<CoexistReportCell, 'explanation'>, environment: Environment): Explanation | undefined => {
  const facts = coexistFactsOf(cell, environment);
  const rules = cell.outcome.status === 'coexisted' ? coexistNotes : cell.outcome.status === 'failed' ? coexistRules : [];
  const rule = rules.find((candidate) => candidate.when(facts));
  if (rule !== undefined) return { rule: rule.id, why: sentence(rule.why(facts)), change: rule.change(facts) };
  return cell.outcome.status === 'failed' ? unexplainedFailure(cell.outcome.code, cell.outcome.phase) : undefined;
};

/** A cell's explanation: why it failed and what to change, a note on a surprising connection or on two servers sharing a port, or nothing. */
export const explainCell = (cell: UnexplainedCell, environment: Environment): Explanation | undefined =>
  cell.kind === 'coexist' ? explainCoexist(cell, environment) : explainPair(cell, environment);

/** The report with every cell explained from its evidence (a report read from disk may be older and have none). */
export const explainReport = (report: Report): Report => ({
  ...report,
  cells: report.cells.map((cell) => {
    const explanation = explainCell(cell, report.environment);
    return explanation === undefined ? cell : { ...cell, explanation };
  }),
});

/** How many cells that did not connect no rule explains. */
export const unexplainedCount = (report: Report): number => report.cells.filter((cell) => cell.explanation?.rule === unexplained).length;
