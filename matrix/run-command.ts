import { nodeAgents } from '../harness/agent-paths.js';
import { collectEnvironment } from '../harness/environment.js';
import { runMatrix } from '../harness/run-matrix.js';
import { buildReport } from '../reports/build-report.js';
import { createProgress } from '../reports/progress.js';
import { renderers } from '../reports/renderers.js';
import { makeRunId, writeRunFolder } from '../reports/run-folder.js';
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
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const startedAt = new Date();
  const environment = await collectEnvironment();
  const live = process.stderr.isTTY === true && process.env.CI === undefined;
  const progress = createProgress(cells.length, process.stderr, live);
  const matrixRun = await runMatrix(cells, {
    agents: nodeAgents,
    timeouts: options.timeouts,
    concurrency: options.concurrency,
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
      options: {
        matrix: defaultMatrix.name,
        transports: options.filter.transports,
        servers: options.filter.servers,
        clients: options.filter.clients,
        concurrency: options.concurrency,
        timeouts: options.timeouts,
      },
    },
    environment,
  );
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
  if (!matrixRun.complete) {
    say(`interrupted: ${report.cells.length} of ${cells.length} cells finished; the report says complete: false`);
    return exitCodes.interrupted;
  }
  return exitCodes.ran;
};
