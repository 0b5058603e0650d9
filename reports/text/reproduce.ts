import { shellWord } from '../../matrix/program-command.js';
import { type ProgramSpec, programName, programPrefix } from '../../matrix/programs.js';
import { pairCellsOf } from '../cells-of-kind.js';
import type { Report } from '../report.js';

// The command that makes a report again: sockmatrix with the filters and settings the run recorded.

// A program's command as one --server-cmd value again: its words as typed (quoted where a word needs it), or the shell line.
const commandLine = (spec: ProgramSpec): string => (spec.shell ? (spec.command[0] ?? '') : spec.command.map(shellWord).join(' '));

/** The flags that give the run the user's own programs again, from the programs its cells record. */
const programArguments = (report: Report): string[] => {
  const server = pairCellsOf(report.cells).find((cell) => cell.server.program !== undefined)?.server;
  const client = pairCellsOf(report.cells).find((cell) => cell.client.program !== undefined)?.client;
  const specs = [server?.program, client?.program].filter((spec): spec is ProgramSpec => spec !== undefined);
  const [first] = specs;
  if (first === undefined) return [];
  const args: string[] = [];
  if (server?.program !== undefined) args.push('--server-cmd', commandLine(server.program));
  if (client?.program !== undefined) args.push('--client-cmd', commandLine(client.program));
  if (first.shell) args.push('--shell');
  if (first.probe !== 'connect') args.push('--probe', first.probe);
  if (server?.program?.ready) args.push('--ready', server.program.ready);
  // --name, where the name is not the one the command gives.
  const named = [server, client].find(
    (side) => side?.program !== undefined && side.agent !== `${programPrefix}${programName(side.program.command, side.program.shell)}`,
  );
  if (named?.agent !== undefined) args.push('--name', named.agent.slice(programPrefix.length));
  return args;
};

/** The command line that runs the same cells the same way: `npx sockmatrix --runtime python --transport tcp ...`. */
export const reproduceCommand = (report: Report): string => {
  const { options, profile } = report.run;
  const args: string[] = [];
  const list = (flag: string, values: readonly string[] | undefined): void => {
    if (values !== undefined && values.length > 0) args.push(flag, values.join(','));
  };
  args.push(...programArguments(report));
  list('--transport', options.transports);
  list('--runtime', options.runtimes);
  list('--server-runtime', options.serverRuntimes);
  list('--client-runtime', options.clientRuntimes);
  list('--server', options.servers);
  list('--client', options.clients);
  if ((options.repeat ?? 1) > 1) args.push('--repeat', String(options.repeat));
  if (options.resolver !== undefined && options.resolver !== 'system') args.push('--resolver', options.resolver);
  if (profile !== undefined && profile.name !== 'host') args.push('--profile', profile.name);
  return ['npx', 'sockmatrix', ...args].map(shellWord).join(' ');
};
