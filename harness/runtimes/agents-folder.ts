import { fileURLToPath } from 'node:url';

// Where the built agents are: dist/harness/runtimes/, with node/ and python/ inside. A runtimes file names
// them as {agents}, so a user's runtime can start sockmatrix's own agents with other flags.

const compiled = import.meta.url.endsWith('.js');

/** The folder of the built agents, dist/harness/runtimes. */
export const agentsFolder: string = fileURLToPath(
  compiled ? new URL('.', import.meta.url) : new URL('../../dist/harness/runtimes/', import.meta.url),
).replace(/[\\/]$/, '');
