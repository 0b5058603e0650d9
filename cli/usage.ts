import { helpLines } from './flag-table.js';
import { defaultOutDir } from './flags.js';

// The --help texts of the run, diff and merge: prose around the flag lines the flag table generates.

/** The text of `sockmatrix --help`. */
export const runUsage = (): string => `\
Usage: sockmatrix [options]        (from a checkout: npm run matrix -- [options])

Runs every pairing of a server bind address and a client target over loopback, TCP and UDP,
with a real server process and a real client process per cell, and reports which ones meet;
and two servers on one port (--kind coexist): which pairs of listeners can share it, and which
of them 127.0.0.1, ::1 and localhost then reach.

Commands on reports already written (each has --help):
  sockmatrix diff <A> <B>            the cells whose outcome differs; exit 1 when any does
  sockmatrix merge <reports...>      one table of many environments (CI jobs, machines)
  sockmatrix explain <symptom|cell>  why, and what to change: "connect ECONNREFUSED ::1:3000", or a cell id

Filters (comma-separated or repeated; default: the whole built-in matrix):
${helpLines('run', 'filters').join('\n')}

Runtimes (the agents of each side; every runtime found here by default):
${helpLines('run', 'runtimes').join('\n')}

Your own programs (TCP; see "Test your own server" in the README):
${helpLines('run', 'programs').join('\n')}

Running:
${helpLines('run', 'running').join('\n')}

Expectations (CI mode):
${helpLines('run', 'expectations').join('\n')}

Profiles (Linux network namespaces; the host is never changed):
${helpLines('run', 'profiles').join('\n')}

Output:
${helpLines('run', 'output').join('\n')}

Exit status: 0 the run completed (outcomes are findings, not failures; with --check: all as
expected), 1 with --check: a cell deviated or is flaky, 2 usage or configuration error (such as
a missing expectation file, or an --out folder that cannot be written; no cell ran), 3 a bug in
sockmatrix, 4 the cells ran but a file could not be written (the output is printed anyway),
5 every cell was a harness error (not one pairing could run), 130 interrupted (the report of
what finished is still written, with complete: false).
`;

/** The text of `sockmatrix diff --help`. */
export const diffUsage = (): string => `\
Usage: sockmatrix diff <A> <B> [options]      (from a checkout: npm run matrix -- diff <A> <B>)

Compares two reports cell by cell and lists the cells whose outcome (status, phase, code)
differs, side by side, under each report's environment. A and B are report.json files or
run folders (e.g. ${defaultOutDir}/latest).

Options:
${helpLines('diff').join('\n')}

Exit status: 0 the same cells with the same outcomes, 1 they differ (or a cell is in only
one report), 2 usage error or a report that cannot be read, 3 a bug in sockmatrix.
`;

/** The text of `sockmatrix merge --help`. */
export const mergeUsage = (): string => `\
Usage: sockmatrix merge <report or folder>... [options]    (from a checkout: npm run matrix -- merge ...)

Merges reports into one table: rows are cells, columns are environments (named by the run's
--label, else by their fingerprint, e.g. linux-6.18-node20.20). Each argument is a report.json,
a run folder, or a folder searched for report.json files (e.g. ${defaultOutDir}, or the folder
actions/download-artifact filled). By default only the cells that differ across environments
are shown, marked ≠, then "N cells behave the same everywhere, M differ".

Options:
${helpLines('merge').join('\n')}

A report that cannot be read (missing, truncated, another schema version) is named on stderr
and under "Not merged", and the others are merged.
Exit status: 0 merged at least one report, 2 usage error or no readable report at all,
3 a bug in sockmatrix.
`;

/** The text of `sockmatrix explain --help`. */
export const explainUsage = (): string => `\
Usage: sockmatrix explain <error line | cell id> [options]     (from a checkout: npm run matrix -- explain ...)

From what your program printed to why, and what to change. Give the error line as it was printed:

  sockmatrix explain "connect ECONNREFUSED ::1:3000"
  sockmatrix explain "socket.gaierror: [Errno -9] Address family for hostname not supported"

and explain finds the cells of the latest report (${defaultOutDir}/latest, or --report) that show it, groups
them by what they come down to, and explains the first in detail: both sides' evidence, why, what to
change, and a server and a client program to reproduce it. If no report shows it, explain runs the
cells that could, now. Or give a cell id, exactly as --list and the reports print it:

  sockmatrix explain "tcp 127.0.0.1 -> localhost autoselect=off"

Options:
${helpLines('explain').join('\n')}

Exit status: 0 explained, 1 no cell shows the symptom here, 2 usage error or a report that cannot be read.
`;
