import { randomBytes } from 'node:crypto';
import { mkdir, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

// How sockmatrix writes files and folders. Every file is written whole or not at all: a full disk, a quota or a
// crash halfway through must never leave a reviewed expectation file (or a report) cut short. The data goes into
// a temporary file beside the target, in the same folder (so the rename stays on one file system), is flushed to
// the disk, and is then renamed over the target in one step.

/** The temporary file a write goes through: hidden, beside the target, unique to this process and write. */
const temporaryPath = (target: string): string =>
  join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);

/**
 * Write `data` to `path` atomically: readers see the old file or the new one, never a part. On failure the
 * temporary file is removed, the old file is left as it was, and the error (e.g. ENOSPC) is thrown.
 */
export const writeFileAtomically = async (path: string, data: string): Promise<void> => {
  // Through a link to the file it names, so a linked expectation file stays a link; and with the old file's mode.
  const target = await realpath(path).catch(() => path);
  const mode = await stat(target).then(
    (stats) => stats.mode & 0o777,
    () => null,
  );
  const temporary = temporaryPath(target);
  try {
    const handle = await open(temporary, 'wx');
    try {
      if (mode !== null) await handle.chmod(mode);
      await handle.writeFile(data);
      // Some file systems report a full disk only when the data is flushed, not when it is written.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
};

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * Make a folder and its parents, failing with the error that says why: Node's recursive mkdir says ENOENT where
 * the file system is read-only, so the first missing folder is made on its own to learn the real errno (EROFS).
 */
export const makeFolder = async (folder: string): Promise<void> => {
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    let missing = resolve(folder);
    while (dirname(missing) !== missing && !(await exists(dirname(missing)))) missing = dirname(missing);
    // Throws the real errno where the first missing folder cannot be made; else the rest is made as asked.
    await mkdir(missing);
    await mkdir(folder, { recursive: true });
  }
};
