// The text of `sockmatrix --help`.

/** The help text, with the defaults this machine would use. */
export const usage = (defaults: {
  concurrency: number;
  startupMs: number;
  connectMs: number;
  exchangeMs: number;
  out: string;
}): string => `\
Usage: sockmatrix [options]        (from a checkout: npm run matrix -- [options])

Runs every pairing of a server bind address and a client target over loopback, TCP and UDP,
with a real server process and a real client process per cell, and reports which ones meet.

Filters (comma-separated or repeated; default: the whole built-in matrix):
  --transport <tcp|udp>      only these transports
  --server <address>         only servers bound to these addresses (e.g. ::1, 0.0.0.0, localhost)
  --client <target>          only clients dialing these targets (loopback or localhost only)
  --list                     print the cells that would run, and stop

Running:
  --concurrency <n>          cells at once (default ${defaults.concurrency}, from this machine's parallelism)
  --startup-timeout <ms>     agent start-up limit (default ${defaults.startupMs})
  --connect-timeout <ms>     the client's TCP connect limit (default ${defaults.connectMs})
  --exchange-timeout <ms>    how long the client waits for the echo (default ${defaults.exchangeMs})

Output:
  --out <dir>                where run folders go (default ${defaults.out}); <dir>/latest is the newest
  --format <table|markdown|json>   what goes to stdout (default table)
  --json                     the same as --format json: the report on stdout, progress on stderr
  --no-color                 no colour (also when NO_COLOR is set or stdout is not a terminal)
  --width <columns>          the table width (default: the terminal's, else 120)
  -h, --help                 this text
  --version                  the version

Exit status: 0 the run completed (outcomes are findings, not failures), 2 usage error,
130 interrupted (the report of what finished is still written, with complete: false).
`;
