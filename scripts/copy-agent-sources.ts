import { cpSync, readdirSync } from 'node:fs';

// Part of `npm run build`: agents that are not TypeScript (Python's) go into dist/ beside the runtime
// that starts them, so a built sockmatrix is all in dist/.

const from = new URL('../../harness/runtimes/python/', import.meta.url);
const to = new URL('../harness/runtimes/python/', import.meta.url);
for (const name of readdirSync(from).filter((file) => file.endsWith('.py'))) cpSync(new URL(name, from), new URL(name, to));
