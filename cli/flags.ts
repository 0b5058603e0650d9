import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { type ResolverMode, resolverModes } from '../harness/local-resolver.js';
import { defaultTimeouts } from '../harness/timeouts.js';
import { type CellKind, cellKindNames, cellKinds } from '../matrix/cell-kinds.js';
import type { Transport } from '../matrix/dimensions.js';
import { transports } from '../matrix/expand.js';
import { labelWords } from '../matrix/filters.js';
import { isAllowedBind, isLoopbackTarget } from '../matrix/loopback.js';
import { builtInProfiles } from '../matrix/profiles.js';
import { type Probe, probes, programNamePattern } from '../matrix/programs.js';
import { type Runtime, runtimes } from '../matrix/runtimes.js';
import { type FormatName, type FormatPart, formatNames, formatNamesWith } from '../reports/formats/index.js';
import {
  type CommandName,
  commandPrefix,
  defineFlag,
  forwardList,
  forwardNumber,
  parseSwitch,
  parseText,
  type RawValue,
  splitList,
  wholeNumber,
} from './flag.js';
import { UsageError } from './usage-error.js';

// Every flag of every command, declared once. The parser, the help texts, the arguments of a profile's
// inner run and the options a report records are all generated from this table (flag-table.ts).

/** Where run folders go unless --out says otherwise. */
export const defaultOutDir = 'sockmatrix-runs';

/** Cells at once unless --concurrency says otherwise: agents mostly wait on process start-up. */
export const defaultConcurrency = Math.max(2, availableParallelism() * 2);

/** The parts of a format each command prints: the run a report, diff a diff, merge a merge. */
const partOf: Record<Exclude<CommandName, 'run' | 'explain'>, FormatPart> = { diff: 'diff', merge: 'merge' };

/** The --format values a command takes, in registry order. */
export const formatsOf = (command: CommandName): FormatName[] => {
  if (command === 'explain') return [];
  return command === 'run' ? formatNames : formatNamesWith(partOf[command]);
};

const parseKinds = (raw: RawValue, { flag }: { flag: string }): CellKind[] =>
  splitList(raw, flag).map((value) => {
    const found = cellKindNames.find((kind) => kind === value.toLowerCase());
    if (found !== undefined) return found;
    throw new UsageError(`${flag} takes ${cellKindNames.join(' or ')}, got '${value}'. Example: ${flag} coexist`);
  });

const parseTransport = (raw: RawValue, { flag }: { flag: string }): Transport[] =>
  splitList(raw, flag).map((value) => {
    const found = transports.find((transport) => transport === value.toLowerCase());
    if (found !== undefined) return found;
    throw new UsageError(`--transport takes ${transports.join(' or ')}, got '${value}'. Example: --transport ${transports[0]}`);
  });

/** What to write instead of a loopback spelled a way the matrix does not name, e.g. 127.1; null when it is not one. */
const betterSpelling = (address: string): string | null => {
  if (/^127(\.\d{1,3}){0,2}$/.test(address)) return `write loopback addresses in full, as the matrix names them: 127.0.0.1 or 127.0.0.2`;
  if (/^localhost\.$/i.test(address)) return 'write localhost without the trailing dot';
  if (/^0(:0){0,6}:0*1$/.test(address) || /^0*:0*:0*:0*:0*:0*:0*:0*1$/.test(address)) return 'write the IPv6 loopback as ::1';
  return null;
};

// The words of a grid label that name no address: a filter may be made of them (`udp6`, `v6only`, `(python)`).
const labelOnlyWord =
  /^(udp[46]|af_inet6?|v6only|dual|dualstack|create_server|create_connection|family=[46]|autoselect=off|order=(verbatim|ipv4first|ipv6first)|\(.+\))$/;

// sockmatrix never sends a packet off the machine: a non-loopback address is refused before anything runs.
// A filter is an address, or the words of a label in the grids (`::1 v6only`): its address words are checked.
const loopbackOnly =
  (allowed: (address: string) => boolean, what: string) =>
  (raw: RawValue, { flag }: { flag: string }): string[] => {
    const values = splitList(raw, flag);
    for (const value of values) {
      for (const address of labelWords(value).filter((word) => !labelOnlyWord.test(word))) {
        const better = betterSpelling(address);
        if (better !== null) throw new UsageError(`${flag} ${value} is loopback, but ${better}.`);
        if (allowed(address)) continue;
        throw new UsageError(
          `${flag} ${value}: sockmatrix only ${what}, never an address off this machine. Try 127.0.0.1, ::1 or localhost.`,
        );
      }
    }
    return values;
  };

/** The longest --label; a profile's inner label is made to fit it too. */
export const labelMaxLength = 64;

const parseLabel = (raw: RawValue): string | null => {
  if (raw === undefined) return null;
  if (typeof raw === 'string' && raw.length <= labelMaxLength && /^[A-Za-z0-9._-]+$/.test(raw)) return raw;
  throw new UsageError(
    `--label takes 1 to ${labelMaxLength} characters among letters, digits, '.', '_' and '-', got '${String(raw)}'. Example: --label macos-14-node20`,
  );
};

/** The --format asked for, or null when none was given (then --json, or the table). */
const parseFormat = (raw: RawValue, { command }: { command: CommandName }): FormatName | null => {
  const names = formatsOf(command);
  if (raw === undefined) return null;
  const found = names.find((name) => name === raw);
  if (found !== undefined) return found;
  throw new UsageError(`${commandPrefix(command)}--format takes one of ${names.join(', ')}, got '${String(raw)}'.`);
};

// The runtimes with agents of their own; a user's program is named custom:<name> instead of `program`.
const runtimeNames = (Object.keys(runtimes) as Runtime[]).filter((name) => name !== 'program');

/** The shape of a runtime's name: a built-in one's, or one a --runtimes-file defines. */
export const runtimeNamePattern = /^[a-z0-9][a-z0-9._-]{0,39}$/;

// Names are checked against the known runtimes when the run starts, once --runtimes-file has added its own.
const parseRuntimes = (raw: RawValue, { flag }: { flag: string }): string[] =>
  splitList(raw, flag).map((value) => {
    const name = value.toLowerCase();
    if (runtimeNamePattern.test(name.replace(/^custom:/, ''))) return name;
    throw new UsageError(
      `${flag} takes runtime names such as ${runtimeNames.join(' or ')}, got '${value}'. Example: ${flag} ${runtimeNames[0]}`,
    );
  });

const parseResolver = (raw: RawValue): ResolverMode => {
  if (raw === undefined) return 'system';
  const found = resolverModes.find((mode) => mode === raw);
  if (found !== undefined) return found;
  throw new UsageError(`--resolver takes ${resolverModes.join(' or ')}, got '${String(raw)}'. Example: --resolver hosts-file`);
};

/** What --check does on a setup that has no expectation file yet: stop (fail), or record the run's outcomes (record). */
export const missingExpectationsActions = ['fail', 'record'] as const;

/** A value of --expectations-missing. */
export type MissingExpectationsAction = (typeof missingExpectationsActions)[number];

// Null when absent, so that the flag given without --check can be refused.
const parseExpectationsMissing = (raw: RawValue): MissingExpectationsAction | null => {
  if (raw === undefined) return null;
  const found = missingExpectationsActions.find((action) => action === raw);
  if (found !== undefined) return found;
  throw new UsageError(
    `--expectations-missing takes ${missingExpectationsActions.join(' or ')}, got '${String(raw)}'. Example: --check --expectations-missing record`,
  );
};

const profileNames = [...builtInProfiles.map((profile) => profile.name), 'all'];

/** A value as one argument `--flag=value`, so that no value can be taken for a flag; nothing when absent. */
const forwardText = (value: string | null, flag: string): string[] => (value === null ? [] : [`${flag}=${value}`]);

const parseProbe = (raw: RawValue): Probe => {
  if (raw === undefined) return 'connect';
  const found = probes.find((probe) => probe === raw);
  if (found !== undefined) return found;
  throw new UsageError(`--probe takes ${probes.join(' or ')}, got '${String(raw)}'. Example: --probe http`);
};

// A regular expression is checked where it is given: a bad one would otherwise fail at the first start of the program.
const parseReady = (raw: RawValue, context: { flag: string }): string | null => {
  const pattern = parseText(raw, context);
  if (pattern === null) return null;
  try {
    new RegExp(pattern);
  } catch (error) {
    throw new UsageError(`--ready ${pattern} is not a regular expression (${(error as Error).message}). Example: --ready 'Serving HTTP'`);
  }
  return pattern;
};

const parseProgramName = (raw: RawValue, context: { flag: string }): string | null => {
  const name = parseText(raw, context);
  if (name === null || programNamePattern.test(name)) return name;
  throw new UsageError(`--name takes 1 to 40 of a-z 0-9 . _ -, starting with a letter or digit, got '${name}'. Example: --name my-api`);
};

/** The flags, in the order --help lists them; a report's run.options records them in this order too. */
export const flags = {
  kind: defineFlag({
    commands: ['run', 'merge'],
    type: 'string',
    multiple: true,
    group: 'filters',
    placeholder: () => `<${cellKindNames.join('|')}>`,
    help: (command) =>
      command === 'merge'
        ? `only the cells of these kinds, from every report (${cellKindNames.join(', ')}; default: every kind)`
        : `only cells of these kinds: ${cellKindNames.map((kind) => `${kind}, ${cellKinds[kind].title}`).join('; ')} (default: every kind)`,
    parse: parseKinds,
    forward: forwardList,
    recordedAs: 'kinds',
  }),
  transport: defineFlag({
    commands: ['run'],
    type: 'string',
    multiple: true,
    group: 'filters',
    placeholder: () => `<${transports.join('|')}>`,
    help: () => 'only these transports',
    parse: parseTransport,
    forward: forwardList,
    recordedAs: 'transports',
  }),
  server: defineFlag({
    commands: ['run'],
    type: 'string',
    multiple: true,
    group: 'filters',
    placeholder: () => '<address>',
    help: () => 'only servers bound to these addresses (e.g. ::1, 0.0.0.0, localhost); two servers: either of them',
    parse: loopbackOnly(isAllowedBind, 'binds loopback addresses and the wildcards 0.0.0.0 and ::'),
    forward: forwardList,
    recordedAs: 'servers',
  }),
  client: defineFlag({
    commands: ['run'],
    type: 'string',
    multiple: true,
    group: 'filters',
    placeholder: () => '<target>',
    help: () => 'only clients dialing these targets (loopback or localhost only); pairings only: two servers have fixed targets',
    parse: loopbackOnly(isLoopbackTarget, 'dials loopback addresses and localhost'),
    forward: forwardList,
    recordedAs: 'clients',
  }),
  runtime: defineFlag({
    commands: ['run'],
    type: 'string',
    multiple: true,
    group: 'runtimes',
    placeholder: () => `<${runtimeNames.join('|')}>`,
    help: () => 'only cells whose server and client both run in these runtimes (default: every runtime found here)',
    parse: parseRuntimes,
    forward: forwardList,
    recordedAs: 'runtimes',
  }),
  serverRuntime: defineFlag({
    commands: ['run'],
    type: 'string',
    multiple: true,
    group: 'runtimes',
    placeholder: () => '<runtime>',
    help: () => 'only servers in these runtimes',
    parse: parseRuntimes,
    forward: forwardList,
    recordedAs: 'serverRuntimes',
  }),
  clientRuntime: defineFlag({
    commands: ['run'],
    type: 'string',
    multiple: true,
    group: 'runtimes',
    placeholder: () => '<runtime>',
    help: () => 'only clients in these runtimes',
    parse: parseRuntimes,
    forward: forwardList,
    recordedAs: 'clientRuntimes',
  }),
  python: defineFlag({
    commands: ['run'],
    type: 'string',
    group: 'runtimes',
    placeholder: () => '<path>',
    help: () => 'the Python interpreter for the Python agents (default: SOCKMATRIX_PYTHON, else python3 on the PATH)',
    parse: parseText,
    forward: (value, flag) => (value === null ? [] : [`${flag}=${value}`]),
  }),
  runtimesFile: defineFlag({
    commands: ['run'],
    type: 'string',
    group: 'runtimes',
    placeholder: () => '<file>',
    help: () => "more runtimes, as JSON: agent commands that speak a built-in runtime's protocol (see the README)",
    parse: parseText,
    forward: (value, flag) => (value === null ? [] : [`${flag}=${resolve(value)}`]),
  }),
  serverCmd: defineFlag({
    commands: ['run'],
    type: 'string',
    group: 'programs',
    placeholder: () => "'<command>'",
    help: () =>
      'your own server as one more runtime, custom:<name>: started on 127.0.0.1, ::1, 0.0.0.0, :: and localhost in turn, each start dialed by every TCP client; {address} (or {host}, bracketed) and {port} are filled in, {family} too where used',
    parse: parseText,
    forward: forwardText,
  }),
  clientCmd: defineFlag({
    commands: ['run'],
    type: 'string',
    group: 'programs',
    placeholder: () => "'<command>'",
    help: () =>
      'your own client, custom:<name>: run against 127.0.0.1, ::1 and localhost of every TCP server (or of --server-cmd); exit status 0 is connected',
    parse: parseText,
    forward: forwardText,
  }),
  probe: defineFlag({
    commands: ['run'],
    type: 'string',
    group: 'programs',
    placeholder: () => `<${probes.join('|')}>`,
    help: () =>
      'what connected means with your programs: connect, a completed TCP handshake (default); http, an HTTP response of any status (and agents answer HTTP to your client)',
    parse: parseProbe,
    forward: (value, flag) => (value === 'connect' ? [] : [`${flag}=${value}`]),
  }),
  ready: defineFlag({
    commands: ['run'],
    type: 'string',
    group: 'programs',
    placeholder: () => '<regex>',
    help: () => 'your server is ready once a line of its output matches (default: once it listens on its port and takes a connection)',
    parse: parseReady,
    forward: forwardText,
  }),
  shell: defineFlag({
    commands: ['run'],
    type: 'boolean',
    group: 'programs',
    help: () => "run the commands with sh -c, each placeholder's value quoted (default: split into words, no shell)",
    parse: parseSwitch,
    forward: (value, flag) => (value ? [flag] : []),
  }),
  name: defineFlag({
    commands: ['run'],
    type: 'string',
    group: 'programs',
    placeholder: () => '<name>',
    help: () => "your programs' runtime name after custom: (default: from the command, e.g. http.server, vite, curl)",
    parse: parseProgramName,
    forward: forwardText,
  }),
  cell: defineFlag({
    commands: ['run'],
    type: 'string',
    multiple: true,
    group: 'filters',
    placeholder: () => '<id>',
    help: () => 'only these cells, by id exactly as --list and the reports print them (repeatable)',
    // Ids hold spaces and arrows, never commas: each --cell is one id, not a list.
    parse: (raw, { flag }) => {
      const ids = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
      if (ids.some((id) => id.trim() === '')) throw new UsageError(`${flag} has an empty value: give a cell id as --list prints it.`);
      return ids;
    },
    forward: (ids, flag) => ids.flatMap((id) => [flag, id]),
  }),
  list: defineFlag({
    commands: ['run'],
    type: 'boolean',
    group: 'filters',
    help: () => 'print the cells that would run, and stop',
    parse: parseSwitch,
  }),
  concurrency: defineFlag({
    commands: ['run'],
    type: 'string',
    group: 'running',
    placeholder: () => '<n>',
    help: () => `cells at once (default ${defaultConcurrency}, from this machine's parallelism)`,
    parse: wholeNumber(defaultConcurrency, 1, 256),
    forward: forwardNumber,
    recordedAs: 'concurrency',
  }),
  startupTimeout: defineFlag({
    commands: ['run'],
    type: 'string',
    group: 'running',
    placeholder: () => '<ms>',
    help: () => `agent start-up limit, and your server's (--server-cmd) until it is ready (default ${defaultTimeouts.startupMs})`,
    parse: wholeNumber(defaultTimeouts.startupMs, 1, 600_000),
    forward: forwardNumber,
    recordedAs: 'timeouts.startupMs',
  }),
  connectTimeout: defineFlag({
    commands: ['run'],
    type: 'string',
    group: 'running',
    placeholder: () => '<ms>',
    help: () => `the client's TCP connect limit (default ${defaultTimeouts.connectMs})`,
    parse: wholeNumber(defaultTimeouts.connectMs, 1, 600_000),
    forward: forwardNumber,
    recordedAs: 'timeouts.connectMs',
  }),
  exchangeTimeout: defineFlag({
    commands: ['run'],
    type: 'string',
    group: 'running',
    placeholder: () => '<ms>',
    help: () => `how long the client waits for the echo (default ${defaultTimeouts.exchangeMs})`,
    parse: wholeNumber(defaultTimeouts.exchangeMs, 1, 600_000),
    forward: forwardNumber,
    recordedAs: 'timeouts.exchangeMs',
  }),
  repeat: defineFlag({
    commands: ['run'],
    type: 'string',
    group: 'running',
    placeholder: () => '<n>',
    help: () => 'run each cell n times, fresh agents each time; differing = flaky',
    parse: wholeNumber(1, 1, 100),
    forward: forwardNumber,
    recordedAs: 'repeat',
  }),
  noForkServer: defineFlag({
    commands: ['run'],
    type: 'boolean',
    group: 'running',
    help: () =>
      "start every agent as a fresh interpreter, not forked by its runtime's fork server, one pre-loaded node and python per run (the same outcomes, slower)",
    parse: parseSwitch,
    forward: (value, flag) => (value ? [flag] : []),
  }),
  resolver: defineFlag({
    commands: ['run'],
    type: 'string',
    group: 'running',
    placeholder: () => `<${resolverModes.join('|')}>`,
    help: () =>
      'how names such as localhost resolve: system (default), as your own programs do, which may ask DNS for a name the hosts file lacks; hosts-file, from the hosts file alone (Linux: a private mount namespace)',
    parse: parseResolver,
    forward: (value, flag) => (value === 'system' ? [] : [`${flag}=${value}`]),
    recordedAs: 'resolver',
  }),
  check: defineFlag({
    commands: ['run'],
    type: 'boolean',
    group: 'expectations',
    help: () => 'exit 1 if a cell differs from expectations/<platform>.json (or the file named for this setup), or is flaky',
    parse: parseSwitch,
  }),
  updateExpectations: defineFlag({
    commands: ['run'],
    type: 'boolean',
    group: 'expectations',
    help: () => 'write the outcomes into that file (a filtered run updates only its cells)',
    parse: parseSwitch,
  }),
  expectations: defineFlag({
    commands: ['run'],
    type: 'string',
    group: 'expectations',
    placeholder: () => '<file>',
    help: () => 'use this expectation file instead',
    parse: parseText,
  }),
  expectationsMissing: defineFlag({
    commands: ['run'],
    type: 'string',
    group: 'expectations',
    placeholder: () => `<${missingExpectationsActions.join('|')}>`,
    help: () =>
      "with --check, what a setup without an expectation file does: fail (default: exit 2), or record the run's outcomes in its run folder, to review and commit",
    parse: parseExpectationsMissing,
  }),
  label: defineFlag({
    commands: ['run'],
    type: 'string',
    group: 'expectations',
    placeholder: () => '<name>',
    help: () => `a name for this environment in the report (1-${labelMaxLength} of A-Z a-z 0-9 . _ -)`,
    parse: parseLabel,
  }),
  profile: defineFlag({
    commands: ['run', 'explain'],
    type: 'string',
    multiple: true,
    group: 'profiles',
    placeholder: () => '<name[,name]>',
    help: () => `run once per profile: ${profileNames.slice(0, -1).join(', ')}, or all (default: host)`,
    parse: (raw, { flag }) => splitList(raw, flag),
  }),
  profilesFile: defineFlag({
    commands: ['run'],
    type: 'string',
    group: 'profiles',
    placeholder: () => '<file>',
    help: () => 'more profiles, as JSON (see "Simulated platforms" in the README)',
    parse: parseText,
  }),
  out: defineFlag({
    commands: ['run'],
    type: 'string',
    group: 'output',
    placeholder: () => '<dir>',
    help: () => `where run folders go (default ${defaultOutDir}); <dir>/latest is the newest`,
    parse: (raw, context) => parseText(raw, context) ?? defaultOutDir,
  }),
  report: defineFlag({
    commands: ['explain'],
    type: 'string',
    group: 'output',
    placeholder: () => '<file|folder>',
    help: () => `the report to look in (default: the latest run, ${defaultOutDir}/latest); cells it lacks are run now`,
    parse: parseText,
  }),
  all: defineFlag({
    commands: ['merge'],
    type: 'boolean',
    group: 'output',
    help: () => 'show every cell, not only those that differ',
    parse: parseSwitch,
  }),
  format: defineFlag({
    commands: ['run', 'diff', 'merge'],
    type: 'string',
    group: 'output',
    placeholder: (command) => `<${formatsOf(command).join('|')}>`,
    help: (command) => `what goes to stdout (default table${command === 'merge' ? '; json always lists every cell' : ''})`,
    parse: parseFormat,
  }),
  json: defineFlag({
    commands: ['run', 'diff', 'merge'],
    type: 'boolean',
    group: 'output',
    help: (command) =>
      command === 'run' ? 'the same as --format json: the report on stdout, progress on stderr' : 'the same as --format json',
    parse: parseSwitch,
  }),
  color: defineFlag({
    commands: ['run', 'diff', 'merge'],
    type: 'boolean',
    group: 'output',
    help: null,
    parse: parseSwitch,
  }),
  noColor: defineFlag({
    commands: ['run', 'diff', 'merge'],
    type: 'boolean',
    group: 'output',
    help: () => 'no colour (also when NO_COLOR is set or stdout is not a terminal)',
    parse: parseSwitch,
  }),
  width: defineFlag({
    commands: ['run', 'diff', 'merge', 'explain'],
    type: 'string',
    group: 'output',
    placeholder: () => '<columns>',
    help: () => "the table width (default: the terminal's, else 120)",
    parse: (raw: RawValue, context) => (raw === undefined ? null : wholeNumber(120, 40, 1000, 'of columns ')(raw, context)),
  }),
  help: defineFlag({
    commands: ['run', 'diff', 'merge', 'explain'],
    type: 'boolean',
    short: 'h',
    group: 'output',
    help: () => 'this text',
    parse: parseSwitch,
  }),
  version: defineFlag({
    commands: ['run'],
    type: 'boolean',
    group: 'output',
    help: () => 'the version',
    parse: parseSwitch,
  }),
};
