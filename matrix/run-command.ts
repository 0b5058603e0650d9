import { nodeAgents } from '../harness/agent-paths.js';
import { collectEnvironment } from '../harness/environment.js';
import { runMatrix } from '../harness/run-matrix.js';
import { buildReport } from '../reports/build-report.js';
import { isGitHubActions, publishToGitHubActions } from '../reports/github-actions.js';
import { createProgress, progressMode } from '../reports/progress.js';
import { renderers } from '../reports/renderers.js';
import { makeRunId, writeRunFolder } from '../reports/run-folder.js';
import {
  announceCheck,
  announceFlakyCells,
  checkRecord,
  expectationsPathFor,
  loadForCheck,
  loadForUpdate,
  updateExpectations,
} from './check-mode.js';
import { type RunOptions, UsageError } from './cli-options.js';
import { defaultMatrix } from './default-matrix.js';
import { exitCodes, say } from './exit-codes.js';
import { expandMatrix } from './expand.js';
import { filterCells } from './filters.js';
import { toolVersion } from './tool-version.js';

// `sockmatrix` without a subcommand: pick the cells, run them, write the run folder, print the result.

const matrixAddresses = (pick: 'server' | 'client'): string =>
  [...new Set(expandMatrix(defaultMatrix).map((cell) => cell[pick].address))].join(', ');

/** Run the matrix as the options say; resolves to the exit status. */
export const runMatrixCommand = async (options: RunOptions, listOnly: boolean): Promise<number> => {
  const cells = filterCells(expandMatrix(defaultMatrix), options.filter);
  if (cells.length === 0) {
    throw new UsageError(
      `no cell matches these filters. Server addresses in the matrix: ${matrixAddresses('server')}; client targets: ${matrixAddresses('client')}.`,
    );
  }
  if (listOnly) {
    process.stdout.write(`${cells.map((cell) => cell.id).join('\n')}\n`);
    return exitCodes.ran;
  }

  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (abort.signal.aborted) process.exit(exitCodes.interrupted);
    say(`${signal}: stopping, killing running agents and writing the report of the cells that finished (again to quit at once)`);
    abort.abort();
  };
  // The expectation file is read before any cell runs: a missing or broken one fails in a second, not after the matrix.
  const expectationsPath = expectationsPathFor(options.expectations.file);
  const expectations = options.expectations.mode === 'check' ? await loadForCheck(expectationsPath) : null;
  const expectationsBefore = options.expectations.mode === 'update' ? await loadForUpdate(expectationsPath) : null;

  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const startedAt = new Date();
  const environment = await collectEnvironment();
  const live = progressMode(process.env, process.stderr.isTTY === true) === 'live';
  const progress = createProgress(cells.length * options.repeat, process.stderr, live, options.repeat > 1 ? 'cell runs' : 'cells');
  const matrixRun = await runMatrix(cells, {
    agents: nodeAgents,
    timeouts: options.timeouts,
    concurrency: options.concurrency,
    repeat: options.repeat,
    signal: abort.signal,
    onCellDone: (result, doneCount) => progress.cellDone(result, doneCount),
  });
  progress.finish();

  const report = buildReport(
    matrixRun,
    {
      id: makeRunId(startedAt),
      startedAt,
      finishedAt: new Date(),
      plannedCells: cells.length,
      toolVersion: toolVersion(),
      label: options.label,
      options: {
        matrix: defaultMatrix.name,
        transports: options.filter.transports,
        servers: options.filter.servers,
        clients: options.filter.clients,
        concurrency: options.concurrency,
        timeouts: options.timeouts,
        repeat: options.repeat,
      },
    },
    environment,
  );
  if (expectations !== null) report.check = checkRecord(report, expectations, expectationsPath);
  const written = await writeRunFolder(report, options.outDir).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(
      `could not write the run folder under '${options.outDir}' (${error.code ?? error.message}). Choose another with --out <dir>.`,
    );
  });

  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  const color = !noColor && (options.color ?? process.stdout.isTTY === true);
  const width = options.width ?? (process.stdout.isTTY ? process.stdout.columns : 120);
  process.stdout.write(renderers[options.format](report, { width, color }));
  say(`report: ${written.json}`);
  say(`        ${written.markdown}`);
  say(`        ${written.junit}`);
  if (isGitHubActions(process.env)) {
    // The runner reads workflow commands from stderr too: stdout stays one clean document for json and junit.
    const annotations = options.format === 'json' || options.format === 'junit' ? process.stderr : process.stdout;
    for (const note of await publishToGitHubActions(report, process.env.GITHUB_STEP_SUMMARY, annotations)) say(note);
  }
  const checkStatus = announceCheck(report);
  if (report.check === undefined) announceFlakyCells(report);
  if (options.expectations.mode === 'update') await updateExpectations(report, expectationsPath, expectationsBefore);
  if (!matrixRun.complete) {
    say(`interrupted: ${report.cells.length} of ${cells.length} cells finished; the report says complete: false`);
    return exitCodes.interrupted;
  }
  return checkStatus;
};
