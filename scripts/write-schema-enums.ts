import { readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { withSchemaEnums } from '../reports/schema-enums.js';

// `npm run schema`: rewrite reports/report.schema.json's enums from the code (runtimes, transports, phases, ...).

const path = new URL('../../reports/report.schema.json', import.meta.url);
const before = JSON.parse(readFileSync(path, 'utf8'));
const after = withSchemaEnums(before);
if (isDeepStrictEqual(after, before)) console.log('reports/report.schema.json: enums already match the code');
else {
  // npm run schema formats the file with biome after this.
  writeFileSync(path, `${JSON.stringify(after, null, 2)}\n`);
  console.log('reports/report.schema.json: enums rewritten from the code; review the diff');
}
