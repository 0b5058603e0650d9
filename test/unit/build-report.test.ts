import { describe, expect, it } from 'vitest';
import { buildReport, type RunFacts } from '../../cli/run/build-report.js';
import type { MatrixRun } from '../../harness/run-matrix.js';
import { pairCellsOf } from '../../reports/cells-of-kind.js';
import { explainReport } from '../../reports/explain/index.js';
import type { RedactionContext } from '../../reports/redact.js';
import { type Report, reportSchema } from '../../reports/report.js';
import { sampleReport } from '../fixtures/sample-report.js';

// The boundary where a report is made: what the harness found, as it may leave the machine.

const context: RedactionContext = { cwd: '/work/proj', home: '/home/alice', user: 'alice', platform: 'linux' };

/** The run and facts a report was made from, taken back out of it. */
const runOf = (report: Report): { run: MatrixRun; facts: RunFacts } => ({
  run: {
    complete: report.run.complete,
    results: pairCellsOf(report.cells).map((cell) => ({
      cell: { kind: 'pair', id: cell.id, transport: cell.transport, server: cell.server, client: cell.client },
      outcome: cell.outcome,
      durationMs: cell.durationMs,
      outcomes: [cell.outcome],
    })),
  },
  facts: {
    id: report.run.id,
    startedAt: new Date(report.run.startedAt),
    finishedAt: new Date(report.run.finishedAt),
    plannedCells: report.run.plannedCells,
    toolVersion: report.run.tool.version,
    label: report.run.label ?? null,
    options: report.run.options,
  },
});

describe('buildReport', () => {
  it('makes the same report of an ordinary loopback run: nothing to take out', () => {
    const sample = sampleReport();
    const { run, facts } = runOf(sample);
    // The sample was made by sockmatrix 0.1 (report@1, no --label yet, no kind, no explanations): those fields are today's.
    expect(buildReport(run, facts, sample.environment, context)).toEqual(
      explainReport({
        ...sample,
        schema: reportSchema,
        run: { ...sample.run, label: null },
        cells: sample.cells.map((cell) => ({ kind: 'pair', ...cell })),
      }),
    );
  });

  it('takes out addresses off loopback, paths of this machine and control characters an agent wrote', () => {
    const sample = sampleReport();
    const [cell] = sample.cells;
    if (cell === undefined) throw new Error('the sample report has cells');
    cell.outcome = {
      status: 'harness-error',
      reason: 'agent-crashed',
      side: 'server',
      message: 'the server agent exited with status 1\u001b]0;pwned\u0007',
      stderr: 'Traceback\n  File "/work/proj/dist/agent.py"\u001b[2J\nOSError: 192.0.2.99\n',
      observations: { server: null, client: null },
    };
    sample.environment.localhost.addresses = [{ address: '192.0.2.99', family: 4 }];
    const { run, facts } = runOf(sample);
    const report = buildReport(run, facts, sample.environment, context);
    expect(report.cells[0]?.outcome).toMatchObject({
      message: 'the server agent exited with status 1',
      stderr: 'Traceback\n  File "dist/agent.py"\nOSError: <non-loopback>\n',
    });
    expect(report.environment.localhost.addresses).toEqual([{ address: '<non-loopback>', family: 4 }]);
  });
});
