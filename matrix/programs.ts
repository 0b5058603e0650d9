// A user's own program in the matrix (--server-cmd, --client-cmd): one more runtime, named custom:<name>, whose
// endpoints carry the command that plays them. Data only: the harness starts it (harness/programs/).

/** How a connection with a user's program is judged: `connect`, a completed TCP handshake; `http`, an HTTP response of any status. */
export const probes = ['connect', 'http'] as const;

/** One of `probes`. */
export type Probe = (typeof probes)[number];

/** The placeholders a command may hold, each filled per endpoint: `{address}` as given, `{host}` bracketed for a URL, `{port}`, `{family}`. */
export const placeholders = ['address', 'host', 'port', 'family'] as const;

/** One of `placeholders`. */
export type Placeholder = (typeof placeholders)[number];

/** A user's program as an endpoint plays it. */
export interface ProgramSpec {
  /** The command as words, placeholders unfilled; with `shell`, one word: the shell command line. */
  command: string[];
  /** Run by `sh -c` (--shell), each placeholder's value quoted for it; otherwise the words are the program and its arguments. */
  shell: boolean;
  /** How a connection to or from it is judged (--probe). */
  probe: Probe;
  /** A server's readiness: a regular expression a line of its output matches (--ready); null waits for its listening socket. */
  ready: string | null;
}

/** What names a user's program among runtimes: `custom:http.server`. */
export const programPrefix = 'custom:';

/** The shape of a program's name after `custom:`, as of every runtime's name. */
export const programNamePattern = /^[a-z0-9][a-z0-9._-]{0,39}$/;

// Words that start other programs, and their subcommands: the program people mean comes after them.
const launchers =
  /^(python[\d.]*|pypy[\d.]*|node(js)?|npx|npm|pnpm|yarn|bunx?|deno|uvx?|pipx|ruby|php|perl|java|go|cargo|dotnet|sh|bash|zsh|env|exec|nohup|time|sudo|run|dlx|x)$/;

/** The last part of a path, without a script's extension: `./bin/server.mjs` is `server`. */
const baseName = (word: string): string => (word.split(/[\\/]/).at(-1) ?? word).replace(/\.(m?[jt]s|c[jt]s|py|rb|sh|php|pl)$/i, '');

const cleaned = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 40);

/** A program's name from its command: `python3 -m http.server` is `http.server`, `npx vite` is `vite`, `curl -sS ...` is `curl`. */
export const programName = (command: readonly string[], shell: boolean): string => {
  const words = shell ? (command[0] ?? '').split(/\s+/).filter((word) => word !== '') : [...command];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    if (word === '-m') return cleaned(words[index + 1] ?? '') || 'program';
    if (word.startsWith('-') || /^\w+=/.test(word) || word.includes('{')) continue;
    const name = cleaned(baseName(word));
    if (name !== '' && !launchers.test(name)) return name;
  }
  return cleaned(baseName(words[0] ?? '')) || 'program';
};

/** Whether a program's command holds a placeholder. */
export const usesPlaceholder = (spec: ProgramSpec, placeholder: Placeholder): boolean =>
  spec.command.some((word) => word.includes(`{${placeholder}}`));
