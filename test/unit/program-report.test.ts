import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../harness/outcome.js';
import type { ProgramSpec } from '../../matrix/programs.js';
import { explainReport } from '../../reports/explain/index.js';
import { formats } from '../../reports/formats/index.js';
import { redactReport } from '../../reports/redact.js';
import type { PairReportCell } from '../../reports/report.js';
import { cellSnippets } from '../../reports/snippets/index.js';
import { explainCellLines } from '../../reports/text/explain-text.js';
import { reproduceCommand } from '../../reports/text/reproduce.js';
import { handMadeReport } from '../fixtures/hand-made-report.js';
import type { PairingsReport } from '../fixtures/sample-report.js';

// A report of a run with the user's own programs, as every output takes it: the schema, redaction, the command that
// makes it again, the repro snippets, and report.md's words for what the system showed of a program.

const schema = JSON.parse(readFileSync(new URL('../../reports/report.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true }).compile(schema);

const server: ProgramSpec = {
  command: ['node', '/home/alice/app/server.js', '--host', '{address}', '--port', '{port}'],
  shell: false,
  probe: 'http',
  ready: 'listening',
};
const client: ProgramSpec = { command: ['curl', '-sS', 'http://{host}:{port}/'], shell: false, probe: 'http', ready: null };

const programReport = (): PairingsReport => {
  const report = handMadeReport({});
  const listening = [{ address: '::1', port: 41000, family: 6 as const }];
  const served: Outcome = {
    status: 'connected',
    observations: {
      server: {
        bound: listening[0] ?? null,
        ipv6OnlyEffective: true,
        received: false,
        peer: null,
        payloadMatched: null,
        replied: false,
        error: null,
        program: {
          command: ['node', '/home/alice/app/server.js', '--host', 'localhost', '--port', '41000'],
          exit: null,
          output: 'listening on http://[::1]:41000\nGET / 200',
          listening,
        },
      },
      client: { resolved: null, local: null, remote: null, attempts: [], httpStatus: 200 },
    },
  };
  const refused: Outcome = {
    status: 'failed',
    phase: 'client-connect',
    code: 'EXIT7',
    message: 'custom:curl exited with status 7',
    observations: {
      server: { ...(served.observations.server as NonNullable<Outcome['observations']['server']>) },
      client: {
        resolved: null,
        local: null,
        remote: null,
        attempts: [],
        program: {
          command: ['curl', '-sS', 'http://127.0.0.1:41000/'],
          exit: { code: 7, signal: null },
          output: 'curl: (7) Failed to connect',
        },
      },
    },
  };
  const cells: PairReportCell[] = [
    {
      id: 'tcp localhost (custom:server) -> [::1]',
      transport: 'tcp',
      server: { runtime: 'program', agent: 'custom:server', address: 'localhost', family: null, ipv6Only: null, program: server },
      client: { runtime: 'node', address: '::1', family: null, lookup: null },
      outcome: served,
      durationMs: 20,
    },
    {
      id: 'tcp localhost (custom:server) -> 127.0.0.1 (custom:curl)',
      transport: 'tcp',
      server: { runtime: 'program', agent: 'custom:server', address: 'localhost', family: null, ipv6Only: null, program: server },
      client: { runtime: 'program', agent: 'custom:curl', address: '127.0.0.1', family: null, lookup: null, program: client },
      outcome: refused,
      durationMs: 20,
    },
  ];
  // Explaining keeps every cell's kind: these are all pairings.
  return explainReport({
    ...report,
    environment: { ...report.environment, runtimes: { node: 'v20.20.2', 'custom:server': server.command.join(' ') }, gaiConf: null },
    cells,
  }) as PairingsReport;
};

describe('a report of your own programs', () => {
  it('is valid report@1.3', () => {
    expect(validate(programReport()), JSON.stringify(validate.errors)).toBe(true);
  });

  it('says nothing of the home folder its commands name', () => {
    const redacted = JSON.stringify(
      redactReport(programReport(), { cwd: '/work/proj', home: '/home/alice', user: 'alice', platform: 'linux' }),
    );
    expect(redacted).not.toContain('/home/alice');
    expect(redacted).toContain('<home>/app/server.js');
  });

  it('gives the command that runs it again, its programs and their settings included', () => {
    expect(reproduceCommand(programReport())).toBe(
      "npx sockmatrix --server-cmd 'node /home/alice/app/server.js --host {address} --port {port}' --client-cmd 'curl -sS http://{host}:{port}/' --probe http --ready listening --transport tcp,udp",
    );
  });

  it('has each program’s command as its repro, filled for the snippets’ port', () => {
    const [cell] = programReport().cells;
    if (cell === undefined) throw new Error('fixture');
    const snippets = cellSnippets(cell);
    expect(snippets?.server.language).toBe('shell');
    expect(snippets?.server.code).toContain('node /home/alice/app/server.js --host localhost --port 3000');
    expect(snippets?.client.code).toContain("net.connect({ host: '::1', port: PORT");
  });

  it('shows in report.md where the system saw the server listen, and the client’s exit', () => {
    const text = formats.markdown.report(programReport(), { width: 120, color: false });
    expect(text).toContain('server: your program, listening (from the system) on `[::1]:41000`, IPV6_V6ONLY `on`, output ends `GET / 200`');
    expect(text).toContain('client: your program, ran `curl -sS http://127.0.0.1:41000/`, exited with status `7`');
    expect(text).toContain('✓ = connected (an HTTP response came back)');
    expect(text).toContain('EXIT7 = EXIT7 (your program exited with status 7, naming no error sockmatrix knows)');
  });

  it('shows in an explanation the HTTP status an agent got from the server', () => {
    const [cell] = programReport().cells;
    if (cell === undefined) throw new Error('fixture');
    expect(explainCellLines(cell, null, 120).join('\n')).toContain('client   [::1] (node): HTTP status 200');
  });

  it('has a client dialing your server do what the probe does, in the client’s own runtime', () => {
    const [cell] = programReport().cells;
    if (cell === undefined) throw new Error('fixture');
    const connectProbe = { ...cell, server: { ...cell.server, program: { ...server, probe: 'connect' as const } } };
    const nodeCode = cellSnippets(connectProbe)?.client.code ?? '';
    expect(nodeCode).not.toContain('MESSAGE');
    expect(nodeCode).toMatch(/socket\.on\('connect', \(\) => \{\n {2}console\.log\(`connected from/);
    const python = { ...cell, client: { runtime: 'python' as const, address: '::1', family: 6 as const, lookup: null } };
    expect(cellSnippets(python)?.client.code).toContain('MESSAGE = b"GET / HTTP/1.0\\r\\n\\r\\n"');
  });

  it('has a Node client set its result order first, as node --dns-result-order does', () => {
    const [cell] = programReport().cells;
    if (cell === undefined) throw new Error('fixture');
    const ordered = {
      ...cell,
      client: {
        runtime: 'node' as const,
        address: 'localhost',
        family: null,
        lookup: 'first-address' as const,
        order: 'ipv4first' as const,
      },
    };
    const code = cellSnippets(ordered)?.client.code ?? '';
    expect(code).toMatch(
      /import dns from 'node:dns';[\s\S]*dns\.setDefaultResultOrder\('ipv4first'\);\nconst socket = net\.connect\(\{ host: 'localhost', port: PORT, autoSelectFamily: false/,
    );
  });
});
