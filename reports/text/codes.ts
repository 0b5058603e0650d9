import type { CellOutcome } from '../../harness/cell-outcome.js';
import { assertNever } from '../../matrix/assert-never.js';
import type { OutcomeSummary, Phase } from '../../matrix/outcome-summary.js';
import type { CodeOptions } from './code-options.js';
import { answeredByOfCode, coexistedCode } from './coexist-codes.js';

// The short code a grid cell shows for an outcome, and what each code means (legend.ts lists those a table uses).

// The codes people meet most, shortened so a grid column stays narrow.
const shortErrnoCodes: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'REFUSED',
  EADDRNOTAVAIL: 'NOTAVAIL',
  EAFNOSUPPORT: 'AFNOSUP',
  EINVAL: 'INVAL',
  ENETUNREACH: 'NETUNR',
  ENOTFOUND: 'NOTFOUND',
  ETIMEDOUT: 'TIMEOUT',
  EADDRINUSE: 'INUSE',
  ECONNRESET: 'RESET',
  EACCES: 'ACCES',
  EPERM: 'PERM',
  EHOSTUNREACH: 'HOSTUNR',
  EBADECHO: 'BADECHO',
  ENOTLOOPBACK: 'NOTLOOP',
  EOF: 'EOF',
  // Python keeps getaddrinfo's own names (socket.gaierror): EAI_ADDRFAMILY is an AF_INET6 socket told an IPv4 literal.
  EAI_ADDRFAMILY: 'ADDRFAM',
  EAI_NONAME: 'NONAME',
  EAI_AGAIN: 'AGAIN',
  EAI_FAMILY: 'FAMILY',
  EAI_NODATA: 'NODATA',
  EAI_SERVICE: 'SERVICE',
};

// Codes no errno page explains: sockmatrix's own, and the resolver's (getaddrinfo, as Python reports it).
const codeNotes: Readonly<Record<string, string>> = {
  EAI_ADDRFAMILY: 'getaddrinfo: address family for hostname not supported',
  EAI_NONAME: 'getaddrinfo: name or service not known',
  EAI_AGAIN: 'getaddrinfo: temporary failure in name resolution',
  EAI_FAMILY: 'getaddrinfo: address family not supported',
  EAI_NODATA: 'getaddrinfo: no address associated with hostname',
  EBADECHO: 'sockmatrix: the echo differed from the token sent',
  ENOTLOOPBACK: 'sockmatrix: the address is not loopback, so nothing was bound or sent',
  EOF: 'the server closed the connection before echoing',
  ENOTREADY: 'sockmatrix: your program did not get ready on its port (or print its --ready line) within the start-up limit',
  ENOTHTTP: 'sockmatrix: the server answered, but not with an HTTP status line',
};

// A user's program that names no error is known by how it ended: `EXIT7`, or the signal that killed it.
const programEnd = /^(EXIT(\d+)|SIG[A-Z]+)$/;

/** What a code means in a legend: `ECONNREFUSED`, or `EBADECHO (sockmatrix: the echo differed ...)` where no errno page says. */
export const codeMeaning = (code: string): string => {
  const end = programEnd.exec(code);
  if (end !== null)
    return `${code} (your program ${end[2] === undefined ? 'was killed by that signal' : `exited with status ${end[2]}`}, naming no error sockmatrix knows)`;
  const note = codeNotes[code];
  return note === undefined ? code : `${code} (${note})`;
};

/** The grid's prefix for the phase a failure happened in; the common client-connect has none. */
export const phasePrefix = (phase: Phase): string => {
  switch (phase) {
    case 'server-bind':
      return 'b:';
    case 'client-resolve':
      return 'r:';
    case 'client-connect':
      return '';
    case 'client-send':
      return 's:';
    case 'exchange':
      return 'x:';
    case 'first-bind':
      return 'f:';
    case 'second-bind':
      return 'b:';
    case 'second-listen':
      return 'l:';
    default:
      return assertNever(phase);
  }
};

/** An errno-style code shortened for a grid: `ECONNREFUSED` is `REFUSED`, unknown codes lose the `E` and stop at 8 characters. */
export const shortErrnoCode = (code: string): string =>
  shortErrnoCodes[code] ?? (programEnd.test(code) ? code.slice(0, 8) : code.replace(/^E/, '').slice(0, 8));

/** The symbol for a pairing that connected. */
export const connectedSymbol = (options: CodeOptions): string => (options.ascii ? 'ok' : '✓');

/** The symbol for a pairing the report has no outcome for (filtered out, or the run was interrupted). */
export const absentSymbol = (options: CodeOptions): string => (options.ascii ? '-' : '·');

/** The symbol for a cell where sockmatrix itself broke. */
export const harnessErrorSymbol = '!ERR';

/** The short code a grid cell shows for an outcome: `✓`, `REFUSED`, `b:INVAL`, `!ERR`, `✓ 1·2·1`, `l:INUSE`. */
export const outcomeCode = (outcome: CellOutcome, options: CodeOptions): string => {
  switch (outcome.status) {
    case 'connected':
      return connectedSymbol(options);
    case 'coexisted':
      return coexistedCode(
        outcome.observations.answers.map((answer) => answer.answeredBy),
        options,
      );
    case 'failed':
      return `${phasePrefix(outcome.phase)}${shortErrnoCode(outcome.code)}`;
    case 'harness-error':
      return harnessErrorSymbol;
    default:
      return assertNever(outcome);
  }
};

/** The grid code of a summary (`✓`, `REFUSED`, `b:INVAL`, `!ERR`), or the absent symbol for none. */
export const summaryCode = (summary: OutcomeSummary | null, options: CodeOptions): string => {
  if (summary === null) return absentSymbol(options);
  switch (summary.status) {
    case 'connected':
      return connectedSymbol(options);
    case 'coexisted':
      return coexistedCode(answeredByOfCode(summary.code), options);
    case 'failed':
      return `${summary.phase === null ? '' : phasePrefix(summary.phase)}${shortErrnoCode(summary.code ?? 'UNKNOWN')}`;
    case 'harness-error':
      return harnessErrorSymbol;
    default:
      return assertNever(summary.status);
  }
};
