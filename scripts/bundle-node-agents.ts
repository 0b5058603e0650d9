import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Part of `npm run build`: each Node agent also as one CommonJS file, <side>-agent.cjs, with nothing to resolve
// or load but Node's own modules. Every cell starts two agents, and an ES module graph costs each start the
// module loader and a file per import (measured in the README's performance section). The built JavaScript is
// joined, not rewritten: a Node built-in's default import becomes its require(), and a local module, which must
// itself import nothing, is inlined in a function of its own that returns what was imported. Anything else the
// script does not know is a build error, never a silently different agent.

const builtinImport = /^import (\w+) from '(node:[\w/]+)';$/;
const localImport = /^import \{ ([\w, ]+) \} from '(\.{1,2}\/[\w./-]+\.js)';$/;

/** A local module's body as a function's: `export const` and `export function` lose their `export`. */
const inlinedBody = (path: string): string => {
  const lines = readFileSync(path, 'utf8').split('\n');
  const foreign = lines.find((line) => /^(import|export) /.test(line) && !/^export (const|function) /.test(line));
  if (foreign !== undefined)
    throw new Error(`${path}: cannot inline a module with \`${foreign}\`; keep the agents' local modules free of imports`);
  return lines.map((line) => line.replace(/^export (const|function) /, '$1 ')).join('\n');
};

/** One agent's built module as a single CommonJS script. */
export const bundleAgent = (path: string): string => {
  const lines = readFileSync(path, 'utf8').split('\n');
  const out = [
    "'use strict';",
    '// Built from the ES module beside this file by scripts/bundle-node-agents.ts: edit the TypeScript source.',
  ];
  for (const line of lines) {
    const builtin = builtinImport.exec(line);
    const local = localImport.exec(line);
    if (builtin !== null) out.push(`const ${builtin[1]} = require('${builtin[2]}');`);
    else if (local !== null) {
      const names = local[1] ?? '';
      const body = inlinedBody(fileURLToPath(new URL(local[2] ?? '', `file://${path}`)));
      out.push(`const { ${names} } = (() => {`, body, `return { ${names} };`, '})();');
    } else if (/^(import|export) /.test(line))
      throw new Error(
        `${path}: cannot bundle \`${line}\`; the agents use default imports of node: modules and named imports of local ones`,
      );
    else if (line.startsWith('//# sourceMappingURL=')) continue;
    else out.push(line);
  }
  return out.join('\n');
};

const folder = new URL('../harness/runtimes/node/', import.meta.url);
for (const side of ['server', 'client']) {
  writeFileSync(new URL(`${side}-agent.cjs`, folder), bundleAgent(fileURLToPath(new URL(`${side}-agent.js`, folder))));
}
