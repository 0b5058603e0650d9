import { probeWritable } from '../../reports/run-folder.js';
import { say } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';

// A write that fails, said for people: which file, the errno, and what to do about that errno. Before any cell
// runs, a folder that cannot be written stops the run (exit 2); after the cells ran, each file that could not be
// written is said where it fails and noted here, and the run's exit status (4) reads the notes once at the end.

/** What to do when a write failed with `code`; `flag` is the option that chooses another place. */
export const writeAdvice = (code: string | undefined, flag: string): string => {
  switch (code) {
    case 'EROFS':
      return `the file system there is read-only: choose a writable place with ${flag}`;
    case 'EACCES':
    case 'EPERM':
      return `this user may not write there: choose a place it may write to with ${flag}, or change the folder's permissions`;
    case 'ENOSPC':
      return `the disk is full: free some space, or choose another disk with ${flag}`;
    case 'EDQUOT':
      return `the disk quota is used up: free some space, or choose another place with ${flag}`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `a file stands where a folder should be: move it, or choose another place with ${flag}`;
    default:
      return `choose another place with ${flag}`;
  }
};

/** The errno of a failed write (EROFS, EACCES, ENOSPC, ...), or its message when it has none. */
export const errnoOf = (error: NodeJS.ErrnoException): string => error.code ?? error.message;

// One list per process: a process runs one command.
const unwritten: string[] = [];

/** Say that a file could not be written after the cells ran, and why; the run then exits 4. */
export const noteNotWritten = (file: string, error: NodeJS.ErrnoException, flag: string): void => {
  unwritten.push(file);
  say(`could not write ${file} (${errnoOf(error)}): ${writeAdvice(error.code, flag)}.`);
};

/** Note a file another process (a profile's run in its namespace) could not write; it has said which and why. */
export const noteNotWrittenElsewhere = (what: string): void => {
  unwritten.push(what);
};

/** The files this run could not write, in the order they failed. */
export const notWrittenFiles = (): readonly string[] => [...unwritten];

/** Before any cell runs: the output folder can be written, or the run stops here (exit 2), saying why and what to do. */
export const checkOutputFolder = async (outDir: string): Promise<void> => {
  try {
    await probeWritable(outDir);
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    throw new UsageError(
      `cannot write reports under --out ${outDir} (${errnoOf(failure)}): ${writeAdvice(failure.code, '--out <dir>')}. No cell ran.`,
    );
  }
};
