import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { ProgramSpec } from '../../matrix/programs.js';
import type { PreparedRuntime, RuntimeProbe } from '../runtimes/runtime.js';

// A user's program as a runtime of the run: found before any cell, so a command that names no program here fails in
// a second with what to do, not as a row of failed cells. Its "version" in the report is its command, as given.

/** A user's program on one side or both: its runtime name (`custom:<name>`) and each side's spec, with the flag that gave it. */
export interface ProgramRuntimeDefinition {
  name: string;
  sides: { flag: '--server-cmd' | '--client-cmd'; spec: ProgramSpec }[];
}

const executable = (path: string): Promise<boolean> =>
  access(path, constants.X_OK).then(
    () => true,
    () => false,
  );

/** Whether a program can be started here: a path that is executable, or a name found on the PATH. */
export const findProgram = async (file: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> => {
  if (file.includes('/') || isAbsolute(file)) return executable(resolve(file));
  const folders = (env.PATH ?? '').split(delimiter).filter((folder) => folder !== '');
  for (const folder of folders) if (await executable(join(folder, file))) return true;
  return false;
};

/** The command as given, placeholders and all: what the report records where a runtime records its version. */
export const commandAsGiven = (spec: ProgramSpec): string => (spec.shell ? `sh -c ${spec.command[0] ?? ''}` : spec.command.join(' '));

/** Prepare a user's program: every command it is given names a program this machine has. */
export const prepareProgram = async (definition: ProgramRuntimeDefinition): Promise<RuntimeProbe> => {
  for (const { flag, spec } of definition.sides) {
    const file = spec.shell ? 'sh' : (spec.command[0] ?? '');
    if (!(await findProgram(file))) {
      return {
        ok: false,
        reason: `${flag}: ${file} is not a program found here (${file.includes('/') ? 'no executable file at that path' : 'not on the PATH'}): install it, or give its full path`,
      };
    }
  }
  const [first] = definition.sides;
  const command = { file: first?.spec.command[0] ?? '', args: [] };
  const runtime: PreparedRuntime = {
    version: definition.sides.map(({ spec }) => commandAsGiven(spec)).join(' | '),
    // A program has no agent: its cells are run by harness/programs/, never through an agent's command.
    agent: () => command,
    bare: command,
  };
  return { ok: true, runtime };
};
