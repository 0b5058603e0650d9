import { setMaxListeners } from 'node:events';
import os from 'node:os';
import { chooseProfiles } from '../cli/run/profile-choice.js';
import { UsageError } from '../cli/usage-error.js';
import { checkNamespaceSupport } from '../harness/namespace-runner.js';
import { agentsOf, prepareRuntimes } from '../harness/runtimes/index.js';
import { defaultMatrix } from '../matrix/default-matrix.js';
import type { Cell } from '../matrix/dimensions.js';
import { expandMatrix } from '../matrix/expand.js';
import { cellsOfRuntimes } from '../matrix/filters.js';
import type { Profile } from '../matrix/profiles.js';
import type { Runtime } from '../matrix/runtimes.js';
import { BenchUsageError, parseBenchArgs } from './bench-args.js';
import { type CellTiming, timeCells, timeShapedProfile } from './cell-timing.js';
import { type FloorStart, floorCommand, startsDiffer, timeFloor } from './floor.js';
import { everyNth, kindCounts, scalingParts } from './scaling.js';
import { type Spread, spread } from './spread.js';

// How much of a matrix run is the cost of starting processes at all. Each row (one runtime's own cells,
// every pairing, each shaped profile) is timed against its floor: as many bare interpreter start-ups as the
// row's agents, of the same runtimes, at the same concurrency, spawned by xargs with no Node in between, in the
// agents' environment. Where this shell's environment makes the interpreter's default start dearer (Node 20 parses
// NODE_EXTRA_CA_CERTS's bundle at every start), that default start is timed too: the agents go below it.
// Matrix and floor alternate, --runs times each, and the ratio is of the medians. Rows time every kind of
// cell the default matrix holds (pairs and two servers on one port); the scaling rows time a quarter and a
// half of the whole matrix, spread over it, so the wall time per cell shows whether a run grows linearly.

/** One measured row. */
interface BenchRow {
  name: string;
  cells: number;
  /** The cells by kind, e.g. `805 pair + 47 coexist`. */
  kinds: string;
  starts: Partial<Record<Runtime, number>>;
  matrixMs: Spread;
  /** The bare starts as the agents start. */
  floorMs: Spread;
  ratio: number;
  /** The bare starts as this shell starts the interpreter; null where that is the agents' start. */
  defaultStartMs: Spread | null;
  defaultRatio: number | null;
  timedOutCells: number;
  harnessErrors: number;
}

const main = async (): Promise<void> => {
  let args: ReturnType<typeof parseBenchArgs>;
  let profiles: Profile[];
  try {
    args = parseBenchArgs(process.argv.slice(2));
    profiles = chooseProfiles(args.profiles, []);
  } catch (error) {
    if (!(error instanceof BenchUsageError) && !(error instanceof UsageError)) throw error;
    console.error(`bench: ${error.message}`);
    process.exit(2);
  }

  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const { signal } = controller;
  // Every live agent adds an abort listener, and a running cell has two or more: past Node's default
  // of 10 that is not a leak, only the pool's width.
  setMaxListeners(2 * args.concurrency + 10, signal);
  const { concurrency, runs } = args;
  // The floor is only honest on a quiet machine: the load before the first row is printed with the numbers.
  const loadAtStart = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
  if (profiles.some((profile) => profile.shape !== null)) {
    const support = await checkNamespaceSupport();
    if (!support.ok) {
      console.error(`bench: cannot measure shaped profiles here: ${support.reason}`);
      process.exit(2);
    }
  }
  const runtimes = await prepareRuntimes(['node', 'python'], { python: null, forkServer: true });
  for (const { runtime, reason } of runtimes.unavailable) console.error(`bench: ${runtime} left out: ${reason}`);
  const agents = agentsOf(runtimes);
  const ready = [...runtimes.ready.keys()];
  const allCells = cellsOfRuntimes(expandMatrix(defaultMatrix), new Set(ready));

  /** The floor of a timing: each runtime's starts through xargs, one runtime after another. */
  const floorOf = async (timing: CellTiming, start: FloorStart): Promise<number> => {
    let total = 0;
    for (const [runtime, starts] of Object.entries(timing.starts) as [Runtime, number][]) {
      const prepared = runtimes.ready.get(runtime);
      if (prepared !== undefined) total += await timeFloor(prepared.bare, starts, concurrency, signal, start);
    }
    return total;
  };
  /** Whether a timing's default start differs from its floor: a runtime it started starts dearer in this shell. */
  const defaultStartDiffers = (timing: CellTiming): boolean =>
    Object.keys(timing.starts).some((runtime) => {
      const prepared = runtimes.ready.get(runtime);
      return prepared !== undefined && startsDiffer(prepared.bare);
    });
  const ratioOf = (matrix: Spread, floor: Spread): number => Math.round((matrix.median / Math.max(1, floor.median)) * 100) / 100;

  /** Measure one row: its matrix and its floor in turn, `runs` times. */
  const measure = async (name: string, cells: readonly Cell[], time: () => Promise<CellTiming>): Promise<BenchRow> => {
    const matrix: number[] = [];
    const floor: number[] = [];
    const defaultStart: number[] = [];
    let last: CellTiming | null = null;
    for (let run = 0; run < runs; run += 1) {
      last = await time();
      if (signal.aborted || !last.complete) throw new Interrupted();
      matrix.push(last.ms);
      floor.push(await floorOf(last, 'agents'));
      if (defaultStartDiffers(last)) defaultStart.push(await floorOf(last, 'shell'));
    }
    if (last === null) throw new Interrupted();
    const matrixMs = spread(matrix);
    const floorMs = spread(floor);
    const defaultStartMs = defaultStart.length === 0 ? null : spread(defaultStart);
    return {
      name,
      cells: cells.length,
      kinds: kindCounts(cells),
      starts: last.starts,
      matrixMs,
      floorMs,
      ratio: ratioOf(matrixMs, floorMs),
      defaultStartMs,
      defaultRatio: defaultStartMs === null ? null : ratioOf(matrixMs, defaultStartMs),
      timedOutCells: last.timedOutCells,
      harnessErrors: last.harnessErrors,
    };
  };

  const rows: BenchRow[] = [];
  try {
    for (const profile of profiles) {
      if (profile.shape !== null) {
        rows.push(await measure(`${profile.name}: every pairing`, allCells, () => timeShapedProfile(profile, concurrency, signal)));
        continue;
      }
      for (const runtime of ready) {
        const own: Cell[] = cellsOfRuntimes(allCells, new Set([runtime]));
        rows.push(await measure(`${profile.name}: ${runtime} → ${runtime}`, own, () => timeCells(own, agents, concurrency, signal)));
      }
      if (ready.length > 1) {
        rows.push(await measure(`${profile.name}: every pairing`, allCells, () => timeCells(allCells, agents, concurrency, signal)));
      }
      if (profile.name !== 'host' || !args.scaling) continue;
      for (const { label, every } of scalingParts) {
        const part = everyNth(allCells, every);
        rows.push(await measure(`${profile.name}: ${label} of every pairing`, part, () => timeCells(part, agents, concurrency, signal)));
      }
    }
  } catch (error) {
    if (!(error instanceof Interrupted)) throw error;
    console.error('bench: interrupted; no numbers to report.');
    process.exit(130);
  }

  const floors = Object.fromEntries(
    [...runtimes.ready].map(([runtime, prepared]) => [runtime, floorCommand(prepared.bare, 100, concurrency)]),
  );
  const defaultStarts = Object.fromEntries(
    [...runtimes.ready]
      .filter(([, prepared]) => startsDiffer(prepared.bare))
      .map(([runtime, prepared]) => [runtime, floorCommand(prepared.bare, 100, concurrency, 'shell')]),
  );
  // What in this shell makes a default start dearer, by name only: values may be private paths.
  const unsetHere = [
    ...[...new Set([...runtimes.ready.values()].flatMap((prepared) => prepared.bare.unsetEnvironment ?? []))].filter(
      (name) => process.env[name] !== undefined,
    ),
    ...((process.env.NODE_OPTIONS ?? '') === '' ? [] : ['NODE_OPTIONS']),
  ];
  const result = {
    concurrency,
    loadAtStart,
    runs,
    versions: Object.fromEntries([...runtimes.ready].map(([name, found]) => [name, found.version])),
    rows,
    floors,
    defaultStarts,
    unsetHere,
  };
  console.log(args.json ? JSON.stringify(result, null, 2) : formatResult(result));
};

/** A run cut short by Ctrl-C, or a row that did not finish: no numbers come of it. */
class Interrupted extends Error {}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const range = (value: Spread): string =>
  value.min === value.max ? seconds(value.median) : `${seconds(value.median)} (${seconds(value.min)}-${seconds(value.max)})`;
/** The matrix's median wall time per cell: equal across the scaling rows when a run grows linearly. */
const perCell = (row: BenchRow): string => `${Math.round(row.matrixMs.median / Math.max(1, row.cells))} ms`;

/** The result as aligned lines for a person. */
const formatResult = (result: {
  concurrency: number;
  loadAtStart: number;
  runs: number;
  versions: Record<string, string>;
  rows: BenchRow[];
  floors: Record<string, string>;
  defaultStarts: Record<string, string>;
  unsetHere: string[];
}): string =>
  [
    `concurrency ${result.concurrency}, ${result.runs} ${result.runs === 1 ? 'run' : 'runs'} per row (median, min-max); ${Object.entries(
      result.versions,
    )
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}; load average ${result.loadAtStart} at the start (${os.availableParallelism()} cores)`,
    '',
    `${'row'.padEnd(30)} ${'cells'.padStart(22)} ${'agents started'.padStart(24)}  ${'matrix'.padEnd(24)} ${'floor'.padEnd(24)} /floor  ${'default start'.padEnd(24)} /default  per cell  timed out  harness errors`,
    ...result.rows.map((row) =>
      [
        row.name.padEnd(30),
        row.kinds.padStart(22),
        Object.entries(row.starts)
          .map(([runtime, starts]) => `${starts} ${runtime}`)
          .join(' + ')
          .padStart(24),
        ` ${range(row.matrixMs).padEnd(24)}`,
        range(row.floorMs).padEnd(24),
        row.ratio.toFixed(2).padStart(6),
        ` ${(row.defaultStartMs === null ? 'the floor' : range(row.defaultStartMs)).padEnd(24)}`,
        (row.defaultRatio === null ? '' : row.defaultRatio.toFixed(2)).padStart(8),
        perCell(row).padStart(9),
        String(row.timedOutCells).padStart(10),
        String(row.harnessErrors).padStart(15),
      ].join(' '),
    ),
    '',
    'cells: every kind the default matrix holds (pair: a server and a client; coexist: two servers on one port and a client per target).',
    '1/4, 1/2 of every pairing: every 4th, every 2nd cell of it; per cell is the matrix median over the cells, alike when the run grows linearly.',
    'floor: the same agents started bare (node -e "", python -I -S -c "") in the agents’ environment, by seq | xargs -P, e.g.',
    ...Object.values(result.floors).map((command) => `  ${command}`),
    ...(Object.keys(result.defaultStarts).length === 0
      ? ['default start: the same as the floor here (this shell sets nothing the agents start without).']
      : [
          `default start: the interpreter as this shell starts it, with ${result.unsetHere.join(', ')} (Node 20 reads NODE_EXTRA_CA_CERTS's`,
          '  bundle at every start; the agents speak no TLS and start without it), e.g.',
          ...Object.values(result.defaultStarts).map((command) => `  ${command}`),
        ]),
    'timed out: cells whose exchange ended in ETIMEDOUT (real findings, e.g. a UDP reply from another source address); a UDP client told',
    '  that the server replied stops 250 ms later (PROTOCOL.md, server-replied), any other waits out the exchange timeout.',
  ].join('\n');

main().catch((error: unknown) => {
  console.error('bench: internal error, a bug in sockmatrix; please report it with this trace:');
  console.error(error);
  process.exitCode = 1;
});
