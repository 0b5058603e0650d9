// The lifeline of a user's program: started by the harness as the leader of a new process group, it starts the
// program in that group and kills the whole group the moment its stdin ends, the harness's hold on it, however the
// harness went (even SIGKILL). A program cannot be asked to watch its stdin, as an agent is; this does it for it.
// Kept tiny: node's own modules only. Its stdout and stderr are the program's: it writes nothing itself but on failure.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const { file, args } = JSON.parse(process.argv[2] ?? '{}') as { file: string; args: string[] };

/** Every process of this group, this one included. */
const killGroup = (): void => {
  try {
    process.kill(0, 'SIGKILL');
  } catch {
    process.exit(137);
  }
};

process.stdin.on('end', killGroup);
process.stdin.on('error', killGroup);
process.stdin.resume();
// The harness stops the group with SIGTERM: the program decides how to take it, and this waits for it to go.
process.on('SIGTERM', () => {});
process.on('SIGINT', () => {});

// stdin a pipe held open and never written: some servers stop at its end of file (esbuild's serve does).
const program = spawn(file, args, { stdio: ['pipe', 'inherit', 'inherit'] });
program.stdin?.on('error', () => {});
program.on('error', (error: NodeJS.ErrnoException) => {
  process.stderr.write(`sockmatrix: cannot start ${file}: ${error.code ?? error.message}\n`);
  process.exit(127);
});
// As a shell reports it: the exit status, or 128 and the signal's number.
program.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0)));
});
