import { assertNever } from '../harness/classify.js';
import type { Outcome, Phase } from '../harness/outcome.js';
import { phases } from '../harness/outcome.js';
import { buildGrids } from './grid.js';
import type { Report } from './report.js';

// The short code a grid cell shows for an outcome, and the legend that explains the codes a report uses.

/** How a code should be spelled: `ascii` swaps the check mark for `ok` and the dot for `-`. */
export interface CodeOptions {
  ascii: boolean;
}

/** One line of the legend: a symbol as it appears in a grid, and what it means. */
export interface LegendEntry {
  symbol: string;
  meaning: string;
}

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
};

// Codes sockmatrix's client agent makes up itself: no errno page explains them.
const sockmatrixCodeNotes: Readonly<Record<string, string>> = {
  EBADECHO: 'sockmatrix: the echo differed from the token sent',
  ENOTLOOPBACK: 'sockmatrix: the target is not loopback, so nothing was sent',
  EOF: 'the server closed the connection before echoing',
};

/** What a code means in a legend: `ECONNREFUSED`, or `EBADECHO (sockmatrix: the echo differed ...)` for sockmatrix's own. */
export const codeMeaning = (code: string): string => {
  const note = sockmatrixCodeNotes[code];
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
    default:
      return assertNever(phase);
  }
};

/** An errno-style code shortened for a grid: `ECONNREFUSED` is `REFUSED`, unknown codes lose the `E` and stop at 8 characters. */
export const shortErrnoCode = (code: string): string => shortErrnoCodes[code] ?? code.replace(/^E/, '').slice(0, 8);

/** The symbol for a pairing that connected. */
export const connectedSymbol = (options: CodeOptions): string => (options.ascii ? 'ok' : '✓');

/** The symbol for a pairing the report has no outcome for (filtered out, or the run was interrupted). */
export const absentSymbol = (options: CodeOptions): string => (options.ascii ? '-' : '·');

/** The symbol for a cell where sockmatrix itself broke. */
export const harnessErrorSymbol = '!ERR';

/** The short code a grid cell shows for an outcome: `✓`, `REFUSED`, `b:INVAL`, `!ERR`. */
export const outcomeCode = (outcome: Outcome, options: CodeOptions): string => {
  switch (outcome.status) {
    case 'connected':
      return connectedSymbol(options);
    case 'failed':
      return `${phasePrefix(outcome.phase)}${shortErrnoCode(outcome.code)}`;
    case 'harness-error':
      return harnessErrorSymbol;
    default:
      return assertNever(outcome);
  }
};

/** The legend for a report's grids: only the symbols, codes and phase prefixes that occur in them, so it stays short. */
export const buildLegend = (report: Report, options: CodeOptions): LegendEntry[] => {
  const outcomes = buildGrids(report).flatMap((grid) => grid.cells.flat());
  const present = outcomes.filter((outcome): outcome is Outcome => outcome !== null);
  const failures = present.flatMap((outcome) => (outcome.status === 'failed' ? [outcome] : []));

  const entries: LegendEntry[] = [];
  if (present.some((outcome) => outcome.status === 'connected')) {
    entries.push({ symbol: connectedSymbol(options), meaning: 'connected (the echo came back intact)' });
  }
  const codes = [...new Set(failures.map((failure) => failure.code))].sort((a, b) => shortErrnoCode(a).localeCompare(shortErrnoCode(b)));
  for (const code of codes) {
    const note = sockmatrixCodeNotes[code];
    entries.push({ symbol: shortErrnoCode(code), meaning: note === undefined ? code : `${code} (${note})` });
  }
  const failedPhases = new Set(failures.map((failure) => failure.phase));
  for (const phase of phases.filter((candidate) => failedPhases.has(candidate))) {
    entries.push({ symbol: phasePrefix(phase) || 'no prefix', meaning: `failed at ${phase}` });
  }
  if (present.some((outcome) => outcome.status === 'harness-error')) {
    entries.push({ symbol: harnessErrorSymbol, meaning: 'harness error (a sockmatrix problem, not a finding)' });
  }
  if (present.length < outcomes.length) {
    entries.push({ symbol: absentSymbol(options), meaning: 'not in this report (filtered out, or the run was interrupted)' });
  }
  return entries;
};

/** A legend entry as one line of text: `REFUSED = ECONNREFUSED`. */
export const legendLine = (entry: LegendEntry): string => `${entry.symbol} = ${entry.meaning}`;
