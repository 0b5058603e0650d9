import type { ProgramRuntimeDefinition } from '../../harness/programs/prepare-program.js';
import type { ProgramSide, ProgramSides } from '../../matrix/program-matrix.js';
import { type ProgramSpec, programName, programPrefix } from '../../matrix/programs.js';
import type { RunOptions } from '../run-options.js';
import { UsageError } from '../usage-error.js';
import { checkPlaceholders, splitCommand } from './program-command.js';

// --server-cmd, --client-cmd and their settings, parsed once into the programs of a run: each side's spec and name,
// and the runtimes they make (one, custom:<name>, where both sides have the same name).

const sideOf = (command: string | null, flag: '--server-cmd' | '--client-cmd', options: RunOptions): ProgramSide | null => {
  if (command === null) return null;
  checkPlaceholders(command, flag);
  const spec: ProgramSpec = {
    command: options.shell ? [command] : splitCommand(command, flag),
    shell: options.shell,
    probe: options.probe,
    ready: flag === '--server-cmd' ? options.ready : null,
  };
  return { name: options.name ?? programName(spec.command, spec.shell), spec };
};

/** The user's programs a run's options ask for; throws UsageError for a command or a combination that cannot run. */
export const programSidesOf = (options: RunOptions): ProgramSides => {
  const server = sideOf(options.serverCmd, '--server-cmd', options);
  const client = sideOf(options.clientCmd, '--client-cmd', options);
  if (server === null && client === null) {
    const orphan =
      options.ready !== null
        ? '--ready'
        : options.probe !== 'connect'
          ? '--probe'
          : options.shell
            ? '--shell'
            : options.name !== null
              ? '--name'
              : null;
    if (orphan !== null) throw new UsageError(`${orphan} is a setting of your own programs: add --server-cmd or --client-cmd.`);
    return { server, client };
  }
  if (options.transport.includes('udp')) {
    throw new UsageError(
      'your own programs are judged over TCP (a handshake, or an HTTP response): UDP is out of scope for --server-cmd and --client-cmd, whose datagrams sockmatrix could not tell apart from silence. Leave out --transport udp.',
    );
  }
  return { server, client };
};

/** The runtimes the programs make, by name: one per name, with every side that has it. */
export const programRuntimes = ({ server, client }: ProgramSides): ProgramRuntimeDefinition[] => {
  const definitions = new Map<string, ProgramRuntimeDefinition>();
  const add = (side: ProgramSide | null, flag: '--server-cmd' | '--client-cmd'): void => {
    if (side === null) return;
    const name = `${programPrefix}${side.name}`;
    const definition = definitions.get(name) ?? { name, sides: [] };
    definition.sides.push({ flag, spec: side.spec });
    definitions.set(name, definition);
  };
  add(server, '--server-cmd');
  add(client, '--client-cmd');
  return [...definitions.values()];
};
