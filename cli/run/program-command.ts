import { placeholders } from '../../matrix/programs.js';
import { UsageError } from '../usage-error.js';

// --server-cmd and --client-cmd as typed: one string, split into words as a shell would split it (quotes and
// backslashes), but never given to a shell; each word keeps its placeholders, filled per start of the program.

/** The words of a command line: '...' and "..." quote, a backslash escapes outside single quotes; nothing is expanded. */
export const splitCommand = (text: string, flag: string): string[] => {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charAt(index);
    if (quote === "'") {
      if (char === "'") quote = null;
      else word += char;
    } else if (quote === '"') {
      if (char === '"') quote = null;
      else if (char === '\\' && /["\\$`]/.test(text.charAt(index + 1))) {
        word += text.charAt(index + 1);
        index += 1;
      } else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '\\' && index + 1 < text.length) {
      word += text.charAt(index + 1);
      index += 1;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote !== null) throw new UsageError(`${flag} has a ${quote === "'" ? 'single' : 'double'} quote that is never closed: ${text}`);
  if (inWord) words.push(word);
  if (words.length === 0)
    throw new UsageError(
      `${flag} is empty: give the command that starts your program, e.g. ${flag} 'python3 -m http.server --bind {address} {port}'.`,
    );
  return words;
};

const placeholderList = placeholders.map((name) => `{${name}}`).join(', ');

/** Check a command's placeholders: each one known, and those the side needs there; throws UsageError saying which. */
export const checkPlaceholders = (command: string, flag: string): void => {
  for (const [, name] of command.matchAll(/\{([A-Za-z_-]+)\}/g)) {
    if (!placeholders.some((known) => known === name)) {
      throw new UsageError(`${flag} has {${name}}, which sockmatrix does not fill: the placeholders are ${placeholderList}.`);
    }
  }
  if (!command.includes('{port}')) {
    throw new UsageError(
      `${flag} has no {port}: each start of your program gets a port of its own, which it must be told. Example: ${flag} 'python3 -m http.server --bind {address} {port}'.`,
    );
  }
  if (!command.includes('{address}') && !command.includes('{host}')) {
    throw new UsageError(
      `${flag} has neither {address} nor {host}: each row starts your program on another address (127.0.0.1, ::1, 0.0.0.0, ::, localhost), which it must be told.`,
    );
  }
  // An IPv6 address in a URL needs brackets: http://::1:8000/ is not a URL, http://[::1]:8000/ is.
  if (/:\/\/\{address\}/.test(command)) {
    throw new UsageError(
      `${flag} puts {address} in a URL, where an IPv6 address needs brackets: write {host} (http://{host}:{port}/), which adds them.`,
    );
  }
};
