import os from 'node:os';
import { summarizeOutcome } from '../../harness/cell-outcome.js';
import type { Environment } from '../../harness/environment-types.js';
import { isCoexistResult } from '../../harness/kinds/kind.js';
import type { MatrixRun } from '../../harness/run-matrix.js';
import { explainReport } from '../../reports/explain/index.js';
import { type RedactionContext, redactReport } from '../../reports/redact.js';
import { type Report, type ReportCell, type RunOptionsRecord, reportSchema } from '../../reports/report.js';
import { safeJson } from '../../reports/text/control-characters.js';

/** Where this process makes its reports, for redaction: its working directory, home folder and user. */
export const redactionHere = (): RedactionContext => {
  let user = '';
  try {
    user = os.userInfo().username;
  } catch {
    // A user without a passwd entry (a container's arbitrary uid) has no name to leak.
  }
  return { cwd: process.cwd(), home: os.homedir(), user, platform: process.platform };
};

// An agent's stderr and a user's program's output keep their lines; every other string of a report is one line.
const blockFields = new Set(['stderr', 'output']);

/** What a report records about the run besides its cells. */
export interface RunFacts {
  id: string;
  startedAt: Date;
  finishedAt: Date;
  plannedCells: number;
  toolVersion: string;
  /** The --label given, or null. */
  label: string | null;
  options: RunOptionsRecord;
}

/**
 * Assemble the report object from a finished (or interrupted) run, as it may leave the machine: addresses off
 * loopback and this machine's paths taken out, no control character from an agent in it, and every cell explained.
 */
export const buildReport = (
  run: MatrixRun,
  facts: RunFacts,
  environment: Environment,
  redaction: RedactionContext = redactionHere(),
  // Explained last, from the evidence as it leaves the machine: an explanation never names what redaction took out.
): Report => explainReport(redactReport(safeJson(assembled(run, facts, environment), blockFields) as Report, redaction));

const assembled = (run: MatrixRun, facts: RunFacts, environment: Environment): Report => ({
  schema: reportSchema,
  run: {
    id: facts.id,
    startedAt: facts.startedAt.toISOString(),
    finishedAt: facts.finishedAt.toISOString(),
    complete: run.complete,
    plannedCells: facts.plannedCells,
    tool: { name: 'sockmatrix', version: facts.toolVersion },
    label: facts.label,
    options: facts.options,
  },
  environment,
  cells: run.results.map((result): ReportCell => {
    const { cell, durationMs, outcomes } = result;
    // Only a repeated run has repeats: a report of one pass stays as it was.
    const repeats = (facts.options.repeat ?? 1) > 1 ? { repeats: outcomes.map(summarizeOutcome) } : {};
    if (isCoexistResult(result)) {
      const { first, second, targets } = result.cell;
      return {
        kind: 'coexist',
        id: cell.id,
        transport: cell.transport,
        first,
        second,
        targets,
        outcome: result.outcome,
        durationMs,
        ...repeats,
      };
    }
    const { server, client } = result.cell;
    return { kind: 'pair', id: cell.id, transport: cell.transport, server, client, outcome: result.outcome, durationMs, ...repeats };
  }),
});
