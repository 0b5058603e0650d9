import { errnoByNumber } from '../errno-numbers.js';

// What a user's program said went wrong, read from its output's last lines: an errno name as Node prints it
// (`ECONNREFUSED`), Python's `[Errno 111]`, or the C library's words (`Connection refused`). A program that says
// none of these is known only by its exit status: `EXIT7`.

// Errno names worth finding in free text: those of sockets and names. Others would match too much (EOF, EPERM...).
const errnoNames = new Set([
  'ECONNREFUSED',
  'EADDRNOTAVAIL',
  'EADDRINUSE',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAFNOSUPPORT',
  'EACCES',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_ADDRFAMILY',
]);

// strerror and gai_strerror, as C programs and many others print them.
const errorWords: readonly (readonly [RegExp, string])[] = [
  [/connection refused/i, 'ECONNREFUSED'],
  [/cannot assign requested address/i, 'EADDRNOTAVAIL'],
  [/address already in use/i, 'EADDRINUSE'],
  [/network is unreachable/i, 'ENETUNREACH'],
  [/no route to host/i, 'EHOSTUNREACH'],
  [/connection timed out/i, 'ETIMEDOUT'],
  [/connection reset by peer/i, 'ECONNRESET'],
  [/address family for hostname not supported/i, 'EAI_ADDRFAMILY'],
  [/address family not supported by protocol/i, 'EAFNOSUPPORT'],
  [/name or service not known/i, 'EAI_NONAME'],
];

/** The error code a program's output names last, or null where it names none sockmatrix knows. */
export const codeInOutput = (output: string): string | null => {
  const lines = output.trimEnd().split('\n').slice(-20).reverse();
  for (const line of lines) {
    const name = line.match(/\bE[A-Z]{2,}(?:_[A-Z]+)?\b/g)?.find((word) => errnoNames.has(word));
    if (name !== undefined) return name;
    const number = /\[Errno (-?\d+)\]/.exec(line)?.[1];
    if (number !== undefined && errnoByNumber[number] !== undefined) return errnoByNumber[number] ?? null;
    const words = errorWords.find(([pattern]) => pattern.test(line));
    if (words !== undefined) return words[1];
  }
  return null;
};

/** The code of a program that failed: what its output names, else its exit status (`EXIT7`) or signal (`SIGSEGV`). */
export const programFailureCode = (output: string, exit: { code: number | null; signal: string | null }): string =>
  codeInOutput(output) ?? (exit.signal !== null ? exit.signal : `EXIT${exit.code ?? 0}`);

/** The last line of a program's output that says something, cut to 200 characters; empty when it printed nothing. */
export const lastWords = (output: string): string => {
  const line = output
    .split('\n')
    .map((text) => text.trim())
    .filter((text) => text !== '')
    .at(-1);
  return line === undefined ? '' : line.length > 200 ? `${line.slice(0, 200)}...` : line;
};
