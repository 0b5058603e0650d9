import { stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pointLatestAt } from '../../reports/run-folder.js';
import { say } from '../exit-codes.js';
import { defaultOutDir } from '../flags.js';

// Until 0.2 run folders went to reports/runs/, inside a source folder. For one version, a checkout that still
// has that folder gets reports/runs/latest pointed at the newest run in its new place, so scripts keep working.

/** Where run folders went before 0.2. */
export const legacyRunsDir = join('reports', 'runs');

const isDirectory = (path: string): Promise<boolean> =>
  stat(path).then(
    (stats) => stats.isDirectory(),
    () => false,
  );

/** After a run into the default folder: point the old reports/runs/latest at it, where that folder exists. */
export const keepLegacyLatest = async (outDir: string, runId: string): Promise<void> => {
  if (resolve(outDir) !== resolve(defaultOutDir) || !(await isDirectory(legacyRunsDir))) return;
  try {
    await pointLatestAt(legacyRunsDir, relative(resolve(legacyRunsDir), resolve(outDir, runId)));
    say(`note: run folders now go to ${defaultOutDir}/; ${legacyRunsDir}/latest points at this run until sockmatrix 0.3.`);
  } catch {
    // Best effort: the run folder itself is written, and a stale old link harms nothing.
  }
};
