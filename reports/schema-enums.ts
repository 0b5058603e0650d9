import { answeredByChoices } from '../harness/coexist-outcome.js';
import { resolverModes } from '../harness/local-resolver.js';
import { harnessErrorReasons, sides } from '../harness/outcome.js';
import { cellKindNames } from '../matrix/cell-kinds.js';
import { lookupChoices, resultOrders } from '../matrix/dimensions.js';
import { transports } from '../matrix/expand.js';
import { coexistPhases, outcomeStatuses, pairPhases, phases } from '../matrix/outcome-summary.js';
import { probes } from '../matrix/programs.js';
import { runtimes } from '../matrix/runtimes.js';

// The enums of report.schema.json come from the code's own lists, never typed twice: `npm run schema`
// writes them into the file, and a unit test fails when the file and the code disagree.

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Each enum of the schema, by its JSON pointer, and the list it comes from. */
export const schemaEnums: Readonly<Record<string, readonly (string | null)[]>> = {
  '/$defs/outcomeSummary/properties/status': outcomeStatuses,
  '/$defs/transport': transports,
  '/$defs/runtime': Object.keys(runtimes),
  '/$defs/phase': phases,
  '/$defs/pairPhase': pairPhases,
  '/$defs/coexistPhase': coexistPhases,
  '/$defs/cellKind': cellKindNames,
  '/$defs/targetAnswer/properties/answeredBy': answeredByChoices,
  '/$defs/clientEndpoint/properties/lookup': [...lookupChoices, null],
  '/$defs/harnessErrorOutcome/properties/reason': harnessErrorReasons,
  '/$defs/harnessErrorOutcome/properties/side': [...sides, null],
  '/$defs/resolverMode': resolverModes,
  '/$defs/clientEndpoint/properties/order': resultOrders,
  '/$defs/programSpec/properties/probe': probes,
};

/** A copy of the schema with every enum set from the code; throws when a pointer no longer names an object in it. */
export const withSchemaEnums = (schema: JsonValue): JsonValue => {
  const copy = structuredClone(schema);
  for (const [pointer, values] of Object.entries(schemaEnums)) {
    let node: JsonValue | undefined = copy;
    for (const key of pointer.split('/').slice(1)) {
      node = node !== null && typeof node === 'object' && !Array.isArray(node) ? node[key] : undefined;
    }
    if (node === null || node === undefined || typeof node !== 'object' || Array.isArray(node)) {
      throw new Error(`sockmatrix bug: report.schema.json has no object at ${pointer}`);
    }
    node.enum = [...values];
  }
  return copy;
};
