import { describe, expect, it } from 'vitest';
import { defaultMatrix } from '../../matrix/default-matrix.js';
import { programClients, programServers } from '../../matrix/endpoints/program.js';
import { expandMatrix } from '../../matrix/expand.js';
import { commandText, fillCommand } from '../../matrix/program-command.js';
import { matrixWithPrograms } from '../../matrix/program-matrix.js';
import { type ProgramSpec, programName } from '../../matrix/programs.js';

// A user's program in the matrix, as data: its name, its endpoints, its command filled per start, the matrix with it.

const spec = (command: string[], extra: Partial<ProgramSpec> = {}): ProgramSpec => ({
  command,
  shell: false,
  probe: 'connect',
  ready: null,
  ...extra,
});

describe('a program’s name', () => {
  it.each([
    [['python3', '-m', 'http.server', '--bind', '{address}', '{port}'], 'http.server'],
    [['/usr/bin/python3.11', '-m', 'http.server', '{port}'], 'http.server'],
    [['npx', 'vite', '--host', '{address}', '--port', '{port}'], 'vite'],
    [['node', './bin/Server.mjs', '{address}', '{port}'], 'server'],
    [['pnpm', 'dlx', 'serve', '-l', 'tcp://{host}:{port}'], 'serve'],
    [['npm', 'run', 'dev', '--', '--port', '{port}'], 'dev'],
    [['curl', '-sS', 'http://{host}:{port}/'], 'curl'],
    [['PORT={port}', 'node', 'app.js'], 'app'],
  ])('of %j is %s', (command, name) => {
    expect(programName(command, false)).toBe(name);
  });

  it('of a shell line is its first program past the launchers', () => {
    expect(programName(['exec uvicorn app:main --host {address} --port {port}'], true)).toBe('uvicorn');
  });
});

describe('a program’s endpoints', () => {
  it('are the loopback binds and the wildcards for a server, named custom:<name>', () => {
    const servers = programServers('http.server', spec(['python3', '-m', 'http.server', '--bind', '{address}', '{port}']));
    expect(servers.map((server) => [server.address, server.family, server.agent, server.runtime])).toEqual([
      ['127.0.0.1', 4, 'custom:http.server', 'program'],
      ['::1', 6, 'custom:http.server', 'program'],
      ['0.0.0.0', 4, 'custom:http.server', 'program'],
      ['::', 6, 'custom:http.server', 'program'],
      ['localhost', null, 'custom:http.server', 'program'],
    ]);
  });

  it('tell a name its family twice where the command takes {family}', () => {
    const clients = programClients('nc', spec(['nc', '-z', '-{family}', '{address}', '{port}']));
    expect(clients.map((client) => [client.address, client.family])).toEqual([
      ['127.0.0.1', 4],
      ['::1', 6],
      ['localhost', 4],
      ['localhost', 6],
    ]);
  });
});

describe('a program’s command, filled for one start', () => {
  const values = { address: '::1', port: 41234, family: 6 as const };

  it('fills each argument on its own, never through a shell', () => {
    expect(fillCommand(spec(['curl', '-sS', 'http://{host}:{port}/', '--x={address};rm -rf /']), values)).toEqual({
      file: 'curl',
      args: ['-sS', 'http://[::1]:41234/', '--x=::1;rm -rf /'],
    });
  });

  it('quotes each value for sh -c where --shell asks for a shell', () => {
    const shell = spec(["exec python3 -m http.server --bind {address} {port} 2>&1 | tee 'log file'"], { shell: true });
    expect(fillCommand(shell, { ...values, address: "it's" })).toEqual({
      file: 'sh',
      args: ['-c', `exec python3 -m http.server --bind 'it'\\''s' 41234 2>&1 | tee 'log file'`],
    });
  });

  it('reads back as a command line a person can paste', () => {
    expect(commandText(spec(['node', '/my files/server.js', '{address}', '{port}']), { ...values, port: 'PORT' })).toBe(
      "node '/my files/server.js' ::1 PORT",
    );
  });
});

describe('the matrix with a program', () => {
  const http = { name: 'http.server', spec: spec(['python3', '-m', 'http.server', '--bind', '{address}', '{port}']) };
  const curl = { name: 'curl', spec: spec(['curl', 'http://{host}:{port}/'], { probe: 'http' }) };
  const builtInTcpClients = defaultMatrix.plans.tcp?.clients.length ?? 0;

  it('is the built-in matrix where there is none', () => {
    expect(matrixWithPrograms(defaultMatrix, { server: null, client: null })).toBe(defaultMatrix);
  });

  it('has a server program’s binds as its rows, dialed by every TCP client, and no UDP', () => {
    const matrix = matrixWithPrograms(defaultMatrix, { server: http, client: null });
    const cells = expandMatrix(matrix);
    expect(matrix.name).toBe('default+custom:http.server');
    expect(matrix.plans.udp).toBeUndefined();
    expect(cells).toHaveLength(5 * builtInTcpClients);
    expect(cells.map((cell) => cell.id)).toContain('tcp [::] (custom:http.server) -> localhost autoselect=off order=ipv4first');
    expect(cells.map((cell) => cell.id)).toContain('tcp localhost (custom:http.server) -> create_connection localhost (python)');
  });

  it('has a client program alone dial every TCP server', () => {
    const cells = expandMatrix(matrixWithPrograms(defaultMatrix, { server: null, client: curl }));
    expect(cells).toHaveLength((defaultMatrix.plans.tcp?.servers.length ?? 0) * 3);
    expect(cells.map((cell) => cell.id)).toContain('tcp [::1] v6only -> [::1] (custom:curl)');
  });

  it('has both programs meet, beside every other client', () => {
    const cells = expandMatrix(matrixWithPrograms(defaultMatrix, { server: http, client: curl }));
    expect(cells).toHaveLength(5 * (builtInTcpClients + 3));
    expect(cells.map((cell) => cell.id)).toContain('tcp [::1] (custom:http.server) -> 127.0.0.1 (custom:curl)');
  });
});
