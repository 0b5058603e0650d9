import { isIP } from 'node:net';
import type { CoexistObservations, CoexistOutcome, ListenerObservation } from '../harness/coexist-outcome.js';
import { redactedAddress } from '../harness/hosts-file.js';
import type { ClientObservation, Observations, Outcome, ProgramObservation, ServerObservation, SocketAddress } from '../harness/outcome.js';
import { assertNever } from '../matrix/assert-never.js';
import { isLoopbackAddress } from '../matrix/loopback.js';
import type { ProgramSpec } from '../matrix/programs.js';
import type { CheckRecord, Report, ReportCell } from './report.js';

// What a report may not tell a public ticket, taken out once, where the report is made: an address that is not
// loopback (a hosts file or a profile can send `localhost` anywhere: the finding is that it left loopback, not
// where to), and the paths of this machine (a home folder names its user). Pure: the caller says where it runs.

/** Where the report is made: what its paths are relative to, and what must not appear in them. */
export interface RedactionContext {
  /** The working directory: paths inside it become relative. */
  cwd: string;
  /** The home folder, written `<home>`; empty when there is none. */
  home: string;
  /** The user's name, written `<user>` wherever it is a folder of a path; empty when unknown. */
  user: string;
  /** Windows compares paths without case, and writes them with either slash. */
  platform: NodeJS.Platform;
}

/** What stands in for the home folder. */
export const redactedHome = '<home>';

/** What stands in for the user's name in a path outside the home folder. */
export const redactedUser = '<user>';

const wildcards = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0']);

/** An address as a report may show it: loopback and the wildcards as they are, any other IP literal as `<non-loopback>`. */
export const redactAddress = (address: string): string => {
  const [literal = ''] = address.split('%');
  if (isIP(literal) === 0 || isLoopbackAddress(literal) || wildcards.has(literal.toLowerCase())) return address;
  return redactedAddress;
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// A folder's path as text may write it: as it is, and with forward slashes (Windows, and file:// URLs).
const spellings = (folder: string, platform: NodeJS.Platform): string[] => {
  const trimmed = folder.replace(/[\\/]+$/, '');
  return [...new Set(platform === 'win32' ? [trimmed, trimmed.replaceAll('\\', '/')] : [trimmed])].filter((path) => path !== '');
};

// A folder ends where a path separator or a character no path name has (a space, a quote, a colon) follows.
const folderEnd = String.raw`(?=[\\/]|$|[^\w.~-])`;
// A file URL names the same folder: file:///work/x, file:///C:/work/x.
const fileUrl = String.raw`(?:file:\/\/\/?)?`;

/**
 * A folder in text written another way: `whole` where it stands alone, and `inside` before what is in it
 * (null: the path inside it stands on its own, relative; else `inside` and the separator that was there).
 */
const replaceFolder = (text: string, folder: string, context: RedactionContext, whole: string, inside: string | null): string => {
  const flags = context.platform === 'win32' ? 'gi' : 'g';
  return spellings(folder, context.platform).reduce(
    (result, spelling) =>
      result
        .replace(new RegExp(`${fileUrl}${escapeRegExp(spelling)}([\\\\/])`, flags), (_match, separator: string) =>
          inside === null ? '' : `${inside}${separator}`,
        )
        .replace(new RegExp(`${fileUrl}${escapeRegExp(spelling)}${folderEnd}`, flags), () => whole),
    text,
  );
};

// The root of a file system is in every path: nothing to take out.
const isRoot = (folder: string): boolean => /^(?:[\\/]*|[A-Za-z]:[\\/]*)$/.test(folder);

/** The paths in text as a report may show them: relative inside the working directory, `<home>` for the home folder, no user name. */
export const redactPaths = (text: string, context: RedactionContext): string => {
  let result = text;
  if (!isRoot(context.cwd)) result = replaceFolder(result, context.cwd, context, '.', null);
  if (!isRoot(context.home)) result = replaceFolder(result, context.home, context, redactedHome, redactedHome);
  if (context.user === '') return result;
  const flags = context.platform === 'win32' ? 'gi' : 'g';
  // As a folder only: a program of the same name (the user `node` of Node's images, /usr/local/bin/node) stays.
  return result.replace(new RegExp(`(?<=[\\\\/])${escapeRegExp(context.user)}(?=[\\\\/])`, flags), redactedUser);
};

// An IP literal inside text: IPv6 (with a zone, an IPv4 tail, or a port Node writes after it unbracketed), then IPv4.
const ipv6Candidate = /(?<![\w:.%])[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(?:%[\w-]+)?/g;
const ipv4Candidate = /(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w]|\.\d)/g;

/** An IPv6 candidate as `address` and what follows it (a port, a full stop), or null when it is no address. */
const splitIpv6 = (candidate: string): { address: string; rest: string } | null => {
  const [, body = candidate, dots = ''] = /^(.*?)(\.*)$/.exec(candidate) ?? [];
  const [literal = ''] = body.split('%');
  // `::1:8080` is Node's way of writing [::1]:8080: the reading with a port wins where both are addresses.
  const withPort = /^(.*):(\d{1,5})$/.exec(literal);
  if (withPort?.[1] !== undefined && isIP(withPort[1]) === 6 && !body.includes('%')) {
    return { address: withPort[1], rest: `:${withPort[2]}${dots}` };
  }
  return isIP(literal) === 6 ? { address: body, rest: dots } : null;
};

/** Free text (a message, an agent's stderr) as a report may show it: addresses off loopback and this machine's paths taken out. */
export const redactText = (text: string, context: RedactionContext): string =>
  redactPaths(text, context)
    .replace(ipv6Candidate, (candidate) => {
      const split = splitIpv6(candidate);
      return split === null ? candidate : `${redactAddress(split.address)}${split.rest}`;
    })
    .replace(ipv4Candidate, (candidate) => (isIP(candidate) === 4 ? redactAddress(candidate) : candidate));

const socketAddress = (address: SocketAddress | null): SocketAddress | null =>
  address === null ? null : { ...address, address: redactAddress(address.address) };

// A user's program: its command names its paths, its output anything at all, and it may listen off loopback.
const program = (ran: ProgramObservation, context: RedactionContext): ProgramObservation => ({
  ...ran,
  command: ran.command.map((word) => redactText(word, context)),
  output: redactText(ran.output, context),
  ...(ran.listening === undefined
    ? {}
    : {
        listening:
          ran.listening === null ? null : ran.listening.map((address) => ({ ...address, address: redactAddress(address.address) })),
      }),
});

const programSpec = (spec: ProgramSpec, context: RedactionContext): ProgramSpec => ({
  ...spec,
  command: spec.command.map((word) => redactText(word, context)),
});

const serverObservation = (server: ServerObservation | null, context: RedactionContext): ServerObservation | null =>
  server === null
    ? null
    : {
        ...server,
        bound: socketAddress(server.bound),
        peer: socketAddress(server.peer),
        error: server.error === null ? null : { ...server.error, message: redactText(server.error.message, context) },
        ...(server.program === undefined ? {} : { program: program(server.program, context) }),
      };

const clientObservation = (client: ClientObservation | null, context: RedactionContext): ClientObservation | null =>
  client === null
    ? null
    : {
        ...client,
        resolved: client.resolved?.map((resolved) => ({ ...resolved, address: redactAddress(resolved.address) })) ?? null,
        local: socketAddress(client.local),
        remote: socketAddress(client.remote),
        attempts: client.attempts.map((attempt) => ({ ...attempt, address: redactAddress(attempt.address) })),
        ...(client.program === undefined ? {} : { program: program(client.program, context) }),
      };

const observations = (seen: Observations, context: RedactionContext): Observations => ({
  server: serverObservation(seen.server, context),
  client: clientObservation(seen.client, context),
});

const outcome = (result: Outcome, context: RedactionContext): Outcome => {
  switch (result.status) {
    case 'connected':
      return { ...result, observations: observations(result.observations, context) };
    case 'failed':
      return { ...result, message: redactText(result.message, context), observations: observations(result.observations, context) };
    case 'harness-error':
      return {
        ...result,
        message: redactText(result.message, context),
        stderr: redactText(result.stderr, context),
        observations: observations(result.observations, context),
      };
    default:
      return assertNever(result);
  }
};

const endpoint = <Endpoint extends { address: string; program?: ProgramSpec }>(
  reported: Endpoint,
  context: RedactionContext,
): Endpoint => ({
  ...reported,
  address: redactAddress(reported.address),
  ...(reported.program === undefined ? {} : { program: programSpec(reported.program, context) }),
});

const listener = (seen: ListenerObservation | null, context: RedactionContext): ListenerObservation | null =>
  seen === null
    ? null
    : {
        ...seen,
        bound: { ...seen.bound, address: redactAddress(seen.bound.address) },
        received: seen.received.map((peer) => ({ ...peer, address: redactAddress(peer.address) })),
        error: seen.error === null ? null : { ...seen.error, message: redactText(seen.error.message, context) },
      };

const coexistObservations = (seen: CoexistObservations, context: RedactionContext): CoexistObservations => ({
  first: listener(seen.first, context),
  second: listener(seen.second, context),
  answers: seen.answers.map((answer) => ({
    ...answer,
    target: redactAddress(answer.target),
    message: answer.message === null ? null : redactText(answer.message, context),
    client: clientObservation(answer.client, context),
  })),
});

const coexistOutcome = (result: CoexistOutcome, context: RedactionContext): CoexistOutcome => {
  const observed = coexistObservations(result.observations, context);
  switch (result.status) {
    case 'coexisted':
      return { ...result, observations: observed };
    case 'failed':
      return { ...result, message: redactText(result.message, context), observations: observed };
    case 'harness-error':
      return {
        ...result,
        message: redactText(result.message, context),
        stderr: redactText(result.stderr, context),
        observations: observed,
      };
    default:
      return assertNever(result);
  }
};

const cell = (reported: ReportCell, context: RedactionContext): ReportCell =>
  reported.kind === 'coexist'
    ? {
        ...reported,
        first: endpoint(reported.first, context),
        second: endpoint(reported.second, context),
        targets: reported.targets.map((target) => endpoint(target, context)),
        outcome: coexistOutcome(reported.outcome, context),
      }
    : {
        ...reported,
        server: endpoint(reported.server, context),
        client: endpoint(reported.client, context),
        outcome: outcome(reported.outcome, context),
      };

/** The expectation file a check names, as a report may show it. */
export const redactCheck = (check: CheckRecord, context: RedactionContext): CheckRecord => ({
  ...check,
  expectations: redactPaths(check.expectations, context),
});

/** The report as it may leave the machine: the same report, but for addresses off loopback and this machine's paths. */
export const redactReport = (report: Report, context: RedactionContext): Report => {
  const { localhost, hostsFile } = report.environment;
  return {
    ...report,
    environment: {
      ...report.environment,
      localhost: {
        addresses: localhost.addresses.map((resolved) => ({ ...resolved, address: redactAddress(resolved.address) })),
        error: localhost.error === null ? null : redactText(localhost.error, context),
      },
      // Its lines are cut down where they are read (harness/hosts-file.ts); its path is the system's.
      hostsFile: hostsFile === null ? null : { ...hostsFile, path: redactPaths(hostsFile.path, context) },
      // A user's program records its command where a runtime records its version: it may name a path.
      ...(report.environment.runtimes === undefined
        ? {}
        : {
            runtimes: Object.fromEntries(
              Object.entries(report.environment.runtimes).map(([runtime, version]) => [runtime, redactText(version, context)]),
            ),
          }),
    },
    cells: report.cells.map((reported) => cell(reported, context)),
    ...(report.check === undefined ? {} : { check: redactCheck(report.check, context) }),
  };
};
