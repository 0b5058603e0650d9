import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

// mkdir -p in as many steps as the path has parts. Node's own recursive mkdir loops for ever where a parent
// exists but refuses children with ENOENT (anything under /proc, a dangling link): --out /proc/x spun at 100% CPU.

const codeOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

/** Create a folder and its missing parents; throws the system's error of the first one that cannot be made. */
export const makeFolder = async (folder: string): Promise<void> => {
  const missing: string[] = [];
  let current = resolve(folder);
  for (;;) {
    try {
      if ((await stat(current)).isDirectory()) break;
      throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${current}'`), { code: 'ENOTDIR', path: current });
    } catch (error) {
      const parent = dirname(current);
      if (codeOf(error) !== 'ENOENT' || parent === current) throw error;
      missing.push(current);
      current = parent;
    }
  }
  for (const path of missing.reverse()) {
    try {
      await mkdir(path);
    } catch (error) {
      // Made meanwhile by another run: fine. Any other error, ENOENT included, is final.
      if (codeOf(error) !== 'EEXIST') throw error;
    }
  }
};
