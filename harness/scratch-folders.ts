import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// sockmatrix's temporary folders, named sockmatrix-<purpose>-<pid>-XXXXXX after the process that made them:
// a run killed with SIGKILL cannot remove its own, and the next run tells them from a live run's by the pid.

/** What a temporary folder is for: a profile's inner run folder, a namespace's hosts file, or a fork server's socket. */
export type ScratchPurpose = 'inner' | 'profile' | 'fork';

const scratchName = /^sockmatrix-(?:inner|profile|fork)-(\d+)-[A-Za-z0-9]+$/;

// Folders this process made and has not removed yet: process.exit (a third Ctrl-C) skips every finally.
const ours = new Set<string>();
const removeOursOnExit = (): void => {
  for (const folder of ours) rmSync(folder, { recursive: true, force: true });
};

/** Make a temporary folder named for this process. */
export const makeScratchFolder = async (purpose: ScratchPurpose): Promise<string> => {
  if (ours.size === 0) process.once('exit', removeOursOnExit);
  const folder = await mkdtemp(join(tmpdir(), `sockmatrix-${purpose}-${process.pid}-`));
  ours.add(folder);
  return folder;
};

/** Make a temporary folder named for this process, at once: for what starts in the middle of a synchronous call. */
export const makeScratchFolderSync = (purpose: ScratchPurpose): string => {
  if (ours.size === 0) process.once('exit', removeOursOnExit);
  const folder = mkdtempSync(join(tmpdir(), `sockmatrix-${purpose}-${process.pid}-`));
  ours.add(folder);
  return folder;
};

/** Remove a folder makeScratchFolder made. */
export const removeScratchFolder = async (folder: string): Promise<void> => {
  await rm(folder, { recursive: true, force: true });
  ours.delete(folder);
  if (ours.size === 0) process.off('exit', removeOursOnExit);
};

/** Whether a process with this id exists (EPERM: it does, and belongs to someone else). */
const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Remove the temporary folders left by sockmatrix processes that are gone; those of running ones stay.
 * Resolves to the names removed. A pid taken again by another process keeps its folder until that one ends.
 */
export const sweepDeadScratchFolders = async (folder: string = tmpdir()): Promise<string[]> => {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const dead = names.filter((name) => {
    const pid = scratchName.exec(name)?.[1];
    return pid !== undefined && !isRunning(Number(pid));
  });
  const removed = await Promise.all(
    dead.map((name) =>
      rm(join(folder, name), { recursive: true, force: true }).then(
        () => name,
        () => null,
      ),
    ),
  );
  return removed.filter((name): name is string => name !== null);
};
