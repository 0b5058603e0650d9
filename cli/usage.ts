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

Commands on reports already written (each has --help):
  sockmatrix diff <A> <B>            the cells whose outcome differs; exit 1 when any does
  sockmatrix merge <reports...>      one table of many environments (CI jobs, machines)

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
  --repeat <n>               run each cell n times, fresh agents each time; differing = flaky

Expectations (CI mode):
  --check                    exit 1 if a cell differs from expectations/<platform>.json, or is flaky
  --update-expectations      write the outcomes into that file (a filtered run updates only its cells)
  --expectations <file>      use this expectation file instead
  --label <name>             a name for this environment in the report (1-64 of A-Z a-z 0-9 . _ -)

Profiles (Linux network namespaces; the host is never changed):
  --profile <name[,name]>    run once per profile: host, linux, no-ipv6, v6only, lo-single,
                             localhost-v6-first, or all (default: host)
  --profiles-file <file>     more profiles, as JSON (see "Simulated platforms" in the README)

Output:
  --out <dir>                where run folders go (default ${defaults.out}); <dir>/latest is the newest
  --format <table|markdown|json|junit>   what goes to stdout (default table)
  --json                     the same as --format json: the report on stdout, progress on stderr
  --no-color                 no colour (also when NO_COLOR is set or stdout is not a terminal)
  --width <columns>          the table width (default: the terminal's, else 120)
  -h, --help                 this text
  --version                  the version

Exit status: 0 the run completed (outcomes are findings, not failures; with --check: all as
expected), 1 with --check: a cell deviated or is flaky, 2 usage or configuration error (such as
a missing expectation file), 130 interrupted (the report of what finished is still written,
with complete: false).
`;
