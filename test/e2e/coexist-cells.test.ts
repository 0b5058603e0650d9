import { describe, expect, it } from 'vitest';
import type { CoexistOutcome } from '../../harness/coexist-outcome.js';
import { runCell } from '../../harness/kinds/index.js';
import { isCoexistResult } from '../../harness/kinds/kind.js';
import { defaultTimeouts } from '../../harness/timeouts.js';
import { defaultMatrix } from '../../matrix/default-matrix.js';
import type { CoexistCell } from '../../matrix/dimensions.js';
import { expandMatrix } from '../../matrix/expand.js';
import { builtInAgents, pythonMissing } from './agents.js';
import { hostHasIpv6, isLinux } from './host-features.js';

// Two servers on one port, for real: the built-in cells, run with the real agents on loopback, and what Linux answers
// (net.ipv6.bindv6only 0, as on this host). Each row is a cell of the default matrix and its outcome; where both
// listen, which server each literal target reached. `localhost` goes wherever this host's hosts file sends it, so
// it is checked against the family of the address its client reached, not a fixed answer.

const cells = expandMatrix(defaultMatrix).filter((cell): cell is CoexistCell => cell.kind === 'coexist');

const byId = (id: string): CoexistCell => {
  const found = cells.find((cell) => cell.id === id);
  if (found === undefined) throw new Error(`the default matrix has no cell ${id}`);
  return found;
};

const run = async (id: string): Promise<CoexistOutcome> => {
  const result = await runCell(byId(id), { agents: builtInAgents, timeouts: defaultTimeouts, signal: new AbortController().signal });
  if (!isCoexistResult(result)) throw new Error(`${id} ran as a pairing`);
  const { outcome } = result;
  if (outcome.status === 'harness-error') throw new Error(`harness error (${outcome.reason}): ${outcome.message}\n${outcome.stderr}`);
  return outcome;
};

/** Who answered each literal target: `127.0.0.1=second`, `::1=first`, `::1=nobody(ECONNREFUSED)`. */
const literalAnswers = (outcome: CoexistOutcome): string[] =>
  outcome.observations.answers
    .filter((answer) => answer.target !== 'localhost')
    .map((answer) => `${answer.target}=${answer.answeredBy}${answer.code === null ? '' : `(${answer.code})`}`);

/** The server that took localhost's client is the one of the family that client reached. */
const localhostWentTo = (outcome: CoexistOutcome): { reachedFamily: 4 | 6 | undefined; answeredBy: string | undefined } => {
  const answer = outcome.observations.answers.find((candidate) => candidate.target === 'localhost');
  return { reachedFamily: answer?.client?.remote?.family, answeredBy: answer?.answeredBy };
};

const failing = [
  // Node: libuv asks bind() and reports its EADDRINUSE at listen().
  ['coexist tcp [::] dual + 0.0.0.0', 'second-listen', 'EADDRINUSE'],
  ['coexist tcp 0.0.0.0 + 127.0.0.1', 'second-listen', 'EADDRINUSE'],
  ['coexist tcp 127.0.0.1 + 127.0.0.1', 'second-listen', 'EADDRINUSE'],
  ['coexist udp udp4 127.0.0.1 + udp4 127.0.0.1', 'second-bind', 'EADDRINUSE'],
  // Python calls bind() itself.
  ['coexist tcp AF_INET6 [::] dual (python) + AF_INET 0.0.0.0 (python)', 'second-bind', 'EADDRINUSE'],
  ['coexist tcp AF_INET 127.0.0.1 reuseaddr (python) + AF_INET 127.0.0.1 reuseaddr (python)', 'second-bind', 'EADDRINUSE'],
] as const;

describe.skipIf(!isLinux)('two servers on one port, on Linux (the kernel’s rules: other systems differ)', () => {
  it.each(failing.filter(([id]) => pythonMissing === null || !id.includes('(python)')))(
    '%s: the second fails at %s with %s',
    async (id, phase, code) => {
      const outcome = await run(id);
      expect(outcome).toMatchObject({ status: 'failed', phase, code });
      expect(outcome.observations.first?.bound.port).toBeGreaterThan(0);
      expect(outcome.observations.answers).toEqual([]);
    },
  );

  it.skipIf(!hostHasIpv6)(
    'an IPv6-only [::] and 0.0.0.0 share the port: 127.0.0.1 reaches the 0.0.0.0 server, ::1 the other (needs IPv6)',
    async () => {
      const outcome = await run('coexist tcp [::] v6only + 0.0.0.0');
      expect(outcome.status).toBe('coexisted');
      expect(literalAnswers(outcome)).toEqual(['127.0.0.1=second', '::1=first']);
      const localhost = localhostWentTo(outcome);
      expect(localhost.answeredBy).toBe(localhost.reachedFamily === 6 ? 'first' : 'second');
    },
  );

  it.skipIf(!hostHasIpv6)('127.0.0.1 and [::1] share the port whichever binds first: each takes its own family (needs IPv6)', async () => {
    const outcome = await run('coexist tcp [::1] dual + 127.0.0.1');
    expect(outcome.status).toBe('coexisted');
    expect(literalAnswers(outcome)).toEqual(['127.0.0.1=second', '::1=first']);
  });

  it('two udp4 sockets with SO_REUSEADDR share 127.0.0.1: the one bound last gets the datagrams, and ::1 reaches nobody', async () => {
    const outcome = await run('coexist udp udp4 127.0.0.1 reuseaddr + udp4 127.0.0.1 reuseaddr');
    expect(outcome.status).toBe('coexisted');
    expect(literalAnswers(outcome)).toEqual(['127.0.0.1=second', '::1=nobody(ECONNREFUSED)']);
  });

  it.skipIf(pythonMissing !== null)(
    `Python: an IPv6-only [::] and 0.0.0.0 share the port${pythonMissing === null ? '' : ` (skipped: ${pythonMissing})`}`,
    async () => {
      const outcome = await run('coexist tcp AF_INET6 [::] v6only (python) + AF_INET 0.0.0.0 (python)');
      expect(outcome.status).toBe('coexisted');
      expect(outcome.observations.first?.ipv6OnlyEffective).toBe(true);
      expect(literalAnswers(outcome)).toEqual(['127.0.0.1=second', '::1=first']);
    },
  );

  it.skipIf(pythonMissing !== null)(
    'Python: SO_REUSEADDR on 0.0.0.0 and 127.0.0.1 in UDP: the specific address takes its datagrams',
    async () => {
      const outcome = await run('coexist udp AF_INET 0.0.0.0 reuseaddr (python) + AF_INET 127.0.0.1 reuseaddr (python)');
      expect(outcome.status).toBe('coexisted');
      expect(literalAnswers(outcome)).toEqual(['127.0.0.1=second', '::1=nobody(ECONNREFUSED)']);
    },
  );

  it.skipIf(pythonMissing !== null)('Python: two SO_REUSEPORT sockets on one address both listen; nothing is dialed', async () => {
    const outcome = await run('coexist tcp AF_INET 127.0.0.1 reuseport (python) + AF_INET 127.0.0.1 reuseport (python)');
    expect(outcome).toMatchObject({ status: 'coexisted', observations: { answers: [] } });
    expect(outcome.observations.second?.bound.address).toBe('127.0.0.1');
  });

  it.skipIf(pythonMissing !== null || !hostHasIpv6)('across runtimes: Node on 0.0.0.0, then Python on an IPv6-only [::]', async () => {
    const outcome = await run('coexist tcp 0.0.0.0 + AF_INET6 [::] v6only (python)');
    expect(outcome.status).toBe('coexisted');
    expect(literalAnswers(outcome)).toEqual(['127.0.0.1=first', '::1=second']);
  });
});
