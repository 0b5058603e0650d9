import { randomBytes } from 'node:crypto';
import { open, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

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
