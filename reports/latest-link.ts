import path from 'node:path';

// How `latest` is made to point at the newest run folder, per platform. Pure, so each branch is tested anywhere.

/** How to link `<outDir>/latest` to a run folder on one platform. */
export interface LatestLinkPlan {
  /** What the link holds: the bare run id on POSIX (the runs folder can move), an absolute path for a junction (it must be). */
  target: string;
  /** The link type for fs.symlink: a junction on Windows needs no privileges, where a symbolic link does. */
  type: 'dir' | 'junction';
  /** Whether the old `latest` goes before the rename: Windows cannot rename onto a directory, and a junction is one. */
  removeOldFirst: boolean;
}

/** The plan for linking `<outDir>/latest` to `<outDir>/<runId>` on `platform`. */
export const latestLinkPlan = (platform: NodeJS.Platform, outDir: string, runId: string): LatestLinkPlan =>
  platform === 'win32'
    ? { target: path.win32.resolve(outDir, runId), type: 'junction', removeOldFirst: true }
    : { target: runId, type: 'dir', removeOldFirst: false };
