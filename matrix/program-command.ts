import type { Family } from './dimensions.js';
import type { Placeholder, ProgramSpec } from './programs.js';

// A user's command with its placeholders filled for one endpoint: per argument, never into a shell string, unless the
// user asked for a shell (--shell), where each value is quoted for it. Pure: the harness runs what this gives.

/** What the placeholders stand for in one start of the program. */
export interface PlaceholderValues {
  address: string;
  /** The port; a word such as `PORT` where a sentence shows the command without one. */
  port: number | string;
  /** The family of the address; null for a name, which a command that takes {family} is never given. */
  family: Family | null;
}

/** A program and its arguments, as spawn takes them. */
export interface FilledCommand {
  file: string;
  args: string[];
}

/** A word for a POSIX shell: as it is when plain, else single-quoted. */
export const shellWord = (word: string): string => (/^[\w@%+=:,./{}-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

const placeholderValue = (values: PlaceholderValues, placeholder: Placeholder): string => {
  switch (placeholder) {
    case 'address':
      return values.address;
    case 'host':
      return values.address.includes(':') ? `[${values.address}]` : values.address;
    case 'port':
      return String(values.port);
    case 'family':
      return values.family === null ? '' : String(values.family);
  }
};

/** One word with its placeholders filled, each value passed through `quote`. */
export const fillWord = (word: string, values: PlaceholderValues, quote: (value: string) => string = (value) => value): string =>
  word.replace(/\{(address|host|port|family)\}/g, (_, placeholder: Placeholder) => quote(placeholderValue(values, placeholder)));

/** The command for one start of the program: its words filled one by one, or `sh -c` and the filled line. */
export const fillCommand = (spec: ProgramSpec, values: PlaceholderValues): FilledCommand => {
  if (spec.shell) return { file: 'sh', args: ['-c', fillWord(spec.command[0] ?? '', values, shellWord)] };
  const [file = '', ...args] = spec.command.map((word) => fillWord(word, values));
  return { file, args };
};

/** A filled command as a person would type it: the shell line itself, or each word quoted where the shell needs it. */
export const commandText = (spec: ProgramSpec, values: PlaceholderValues): string =>
  spec.shell ? fillWord(spec.command[0] ?? '', values, shellWord) : spec.command.map((word) => shellWord(fillWord(word, values))).join(' ');
