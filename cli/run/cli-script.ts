import { fileURLToPath } from 'node:url';

// The sockmatrix CLI itself, as the profile runner starts it inside a namespace. Compiled, main.js sits
// one folder up; under vitest this file runs from the TypeScript sources, so the CLI comes from dist/.
const compiled = import.meta.url.endsWith('.js');

/** The path of the built CLI entry, dist/cli/main.js. */
export const cliScript: string = fileURLToPath(
  compiled ? new URL('../main.js', import.meta.url) : new URL('../../dist/cli/main.js', import.meta.url),
);
