import { readFileSync } from 'node:fs';

// package.json sits two folders above the compiled dist/matrix/, one above the matrix/ sources.
const packageJson = new URL(import.meta.url.endsWith('.js') ? '../../package.json' : '../package.json', import.meta.url);

/** The version of sockmatrix, from its package.json. */
export const toolVersion = (): string => (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
