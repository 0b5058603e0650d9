import { collectEnvironment } from '../../harness/environment.js';
import { prepareProgram } from '../../harness/programs/prepare-program.js';
import { cellsWithResultOrders } from '../../harness/result-orders.js';
import { runMatrix } from '../../harness/run-matrix.js';
import { agentsOf, type PreparedRuntimes, prepareRuntimes, runtimeVersions } from '../../harness/runtimes/index.js';
import { cellsOfRuntimes, runtimesOfCells } from '../../matrix/filters.js';
import type { Report } from '../../reports/report.js';
import { say } from '../exit-codes.js';
import { recordedOptions } from '../flag-table.js';
import { askedRuntimes, type RunOptions, timeoutsOf } from '../run-options.js';
import { toolVersion } from '../tool-version.js';
import { UsageError } from '../usage-error.js';
import { buildReport } from './build-report.js';
import { checkRecord, loadForCheck, loadForUpdate, updateExpectations } from './check-mode.js';
import type { ExpectationsFile } from './expectations-file.js';
import type { ExpectationsUse } from './expectations-use.js';
import { createProgress, progressMode } from './progress.js';
import type { RunPlan } from './run-plan.js';

// One run of the cells on this machine as it is, in this process: the host profile, and every plain run.

/** A run's id and start, shared by every profile of a run. */
export interface RunIdentity {
  id: string;
  startedAt: Date;
}

/** Expectations loaded before any cell runs, so a missing or broken file fails in a second, not after the matrix. */
export interface PreparedExpectations {
  use: ExpectationsUse;
  forCheck: ExpectationsFile | null;
  beforeUpdate: ExpectationsFile | null;
}

/** Load what --check or --update-expectations needs. */
export const prepareExpectations = async (use: ExpectationsUse): Promise<PreparedExpectations> => ({
  use,
  forCheck: use.mode === 'check' ? await loadForCheck(use.path) : null,
  beforeUpdate: use.mode === 'update' ? await loadForUpdate(use.path) : null,
});

/** The prepared runtimes with the user's own programs added; a program not found here stops the run, as its flag asked for it. */
const withPrograms = async (plan: RunPlan, prepared: PreparedRuntimes): Promise<PreparedRuntimes> => {
  const ready = new Map(prepared.ready);
  for (const definition of plan.programRuntimes) {
    const probe = await prepareProgram(definition);
    if (!probe.ok) throw new UsageError(probe.reason);
    ready.set(definition.name, probe.runtime);
  }
  return { ready, unavailable: prepared.unavailable };
};

/** Run the cells here and now, and make their report (with the check, when asked for). */
export const runOnHost = async (
  plan: RunPlan,
  options: RunOptions,
  identity: RunIdentity,
  expectations: PreparedExpectations,
  signal: AbortSignal,
): Promise<Report> => {
  const runtimes = await withPrograms(
    plan,
    await prepareRuntimes(
      runtimesOfCells(plan.cells).filter((name) => !plan.programRuntimes.some((program) => program.name === name)),
      { python: options.python, forkServer: !options.noForkServer },
      plan.userRuntimes,
      signal,
    ),
  );
  const users = new Set(plan.userRuntimes.map((user) => user.name));
  const asked = askedRuntimes(options);
  // Interrupted while a user runtime's agents were being checked: the check was cut short, not failed, and
  // every cell counts as planned and not run.
  const cutShort = signal.aborted;
  for (const { runtime, reason } of cutShort ? [] : runtimes.unavailable) {
    // A runtime the command line names must run; one the default matrix merely includes is skipped.
    // A runtime the user defined is asked for by defining it.
    if (users.has(runtime)) throw new UsageError(reason);
    if (asked.has(runtime)) throw new UsageError(`--runtime ${runtime}: ${reason}`);
    say(`${runtime} cells skipped: ${reason}`);
  }
  const ordered = cellsWithResultOrders(cutShort ? plan.cells : cellsOfRuntimes(plan.cells, new Set(runtimes.ready.keys())));
  for (const order of ordered.unsupported) {
    say(
      `node cells with order=${order} skipped: this Node (${process.version}) has no result order ${order} (ipv6first needs Node 20.13 or 22.1)`,
    );
  }
  const runnable = ordered.runnable;
  const environment = await collectEnvironment(runtimeVersions(runtimes));
  const live = progressMode(process.env, process.stderr.isTTY === true) === 'live';
  const progress = createProgress(runnable.length * options.repeat, process.stderr, live, options.repeat > 1 ? 'cell runs' : 'cells');
  const matrixRun = await runMatrix(runnable, {
    agents: agentsOf(runtimes),
    timeouts: timeoutsOf(options),
    concurrency: options.concurrency,
    repeat: options.repeat,
    signal,
    onCellDone: (result, doneCount) => progress.cellDone(result, doneCount),
  });
  progress.finish();
  const report = buildReport(
    matrixRun,
    {
      id: identity.id,
      startedAt: identity.startedAt,
      finishedAt: new Date(),
      plannedCells: runnable.length,
      toolVersion: toolVersion(),
      label: options.label,
      options: recordedOptions(options, plan.matrixName),
    },
    environment,
  );
  if (expectations.forCheck !== null) report.check = checkRecord(report, expectations.forCheck, expectations.use.path);
  return report;
};

/** After the output: write the expectations when --update-expectations asked for it, or a --check found none to record. */
export const finishExpectations = async (report: Report, expectations: PreparedExpectations): Promise<void> => {
  const { mode, path } = expectations.use;
  if (mode === 'update' || mode === 'record') await updateExpectations(report, path, expectations.beforeUpdate);
};
