import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';

// Files people hand to sockmatrix (reports, expectations, profiles, runtimes), read whole but never past a
// cap: a wrong argument (a 36 MB file, /dev/zero, a file under /proc) is refused in a moment, never read for minutes.

/** The most a report.json read by diff or merge may hold: the whole default matrix is about 1 MiB. */
export const reportFileCap = 64 * 1024 * 1024;
/** The most an expectation file may hold: the whole default matrix is about 90 KiB. */
export const expectationsFileCap = 16 * 1024 * 1024;
/** The most a --profiles-file or --runtimes-file may hold: a profile or a runtime is a few hundred bytes. */
export const definitionsFileCap = 1024 * 1024;

/** A size as people read it: 1 MiB, 34.3 MiB, 512 KiB. */
export const shownSize = (bytes: number): string => {
  const [unit, scale] = bytes >= 1024 * 1024 ? ['MiB', 1024 * 1024] : bytes >= 1024 ? ['KiB', 1024] : ['bytes', 1];
  const value = bytes / scale;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
};

/** A file over its cap: its size when the system knows it (a regular file), else null (a pipe, a device, /proc). */
export class InputTooLarge extends Error {
  constructor(
    readonly size: number | null,
    readonly cap: number,
  ) {
    super(describeTooLarge(size, cap, 'a file'));
  }

  /** What is wrong, for a kind of file: `is 36.2 MiB, over the 1 MiB limit of a profiles file`. */
  of(kind: string): string {
    return describeTooLarge(this.size, this.cap, kind);
  }
}

function describeTooLarge(size: number | null, cap: number, kind: string): string {
  return size === null
    ? `is over the ${shownSize(cap)} limit of ${kind} (read that far, and stopped)`
    : `is ${shownSize(size)}, over the ${shownSize(cap)} limit of ${kind}`;
}

/** The text of a file's bytes: UTF-8 (with or without a BOM), or UTF-16 LE with its BOM, as Windows PowerShell 5's `>` writes. */
export const decodeInputBytes = (bytes: Buffer): string => {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
};

const chunkSize = 256 * 1024;

// Read until the end or past the cap, whatever the size says: /proc files say 0, pipes and devices nothing true.
const tooLarge = (isFile: boolean, size: number, read: number, cap: number): InputTooLarge | null => {
  if (isFile && size > cap) return new InputTooLarge(size, cap);
  if (read > cap) return new InputTooLarge(isFile ? Math.max(size, read) : null, cap);
  return null;
};

/** Read a file's text; throws InputTooLarge past `cap` bytes, and the system's error (ENOENT, EISDIR, ...) otherwise. */
export const readInputFile = async (path: string, cap: number): Promise<string> => {
  const handle = await open(path, 'r');
  try {
    const stats = await handle.stat();
    const early = tooLarge(stats.isFile(), stats.size, 0, cap);
    if (early) throw early;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(chunkSize), 0, chunkSize, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      const over = tooLarge(stats.isFile(), stats.size, total, cap);
      if (over) throw over;
    }
    return decodeInputBytes(Buffer.concat(chunks, total));
  } finally {
    await handle.close();
  }
};

/** readInputFile, synchronously: for the small definition files read while the command line is parsed. */
export const readInputFileSync = (path: string, cap: number): string => {
  const fd = openSync(path, 'r');
  try {
    const stats = fstatSync(fd);
    const early = tooLarge(stats.isFile(), stats.size, 0, cap);
    if (early) throw early;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.alloc(chunkSize);
      const bytesRead = readSync(fd, buffer, 0, chunkSize, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      const over = tooLarge(stats.isFile(), stats.size, total, cap);
      if (over) throw over;
    }
    return decodeInputBytes(Buffer.concat(chunks, total));
  } finally {
    closeSync(fd);
  }
};
