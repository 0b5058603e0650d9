import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { runtimes } from '../../matrix/runtimes.js';
import { formats } from '../../reports/formats/index.js';
import { withSchemaEnums } from '../../reports/schema-enums.js';
import { sampleReport } from '../fixtures/sample-report.js';

const schema = JSON.parse(readFileSync(new URL('../../reports/report.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true }).compile(schema);

describe('reports/report.schema.json', () => {
  it('validates the sample report', () => {
    expect(validate(sampleReport()), JSON.stringify(validate.errors)).toBe(true);
  });

  it('validates a report made inside a profile', () => {
    const report = sampleReport();
    report.run.profile = { name: 'no-ipv6', imitates: 'a container without IPv6', fidelity: 'exact for the sysctl' };
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it('validates a report that says how names resolved (1.2)', () => {
    const report = sampleReport();
    report.environment.resolver = { mode: 'hosts-file', nsswitchHosts: ['files'] };
    report.run.options.resolver = 'hosts-file';
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    report.environment.resolver = { mode: 'system', nsswitchHosts: null };
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects a resolver mode it does not know', () => {
    const report = sampleReport();
    Object.assign(report.environment, { resolver: { mode: 'dns', nsswitchHosts: null } });
    expect(validate(report)).toBe(false);
  });

  it('rejects an outcome whose status is unknown', () => {
    const report = sampleReport();
    Object.assign(report.cells[0]?.outcome ?? {}, { status: 'flaky' });
    expect(validate(report)).toBe(false);
  });

  it('rejects a failed outcome without its phase', () => {
    const report = sampleReport();
    const outcome = report.cells[1]?.outcome;
    if (outcome?.status !== 'failed') throw new Error('cell 1 of the sample report should have failed');
    Reflect.deleteProperty(outcome, 'phase');
    expect(validate(report)).toBe(false);
  });

  it('rejects a field the report type does not have', () => {
    expect(validate({ ...sampleReport(), extra: true })).toBe(false);
  });

  it('validates the JSON renderer’s output, which reads back as the same report', () => {
    const text = formats.json.report(sampleReport());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "schema": "sockmatrix/report@1",');
    expect(JSON.parse(text)).toEqual(sampleReport());
    expect(validate(JSON.parse(text))).toBe(true);
  });
});

describe('the schema’s enums', () => {
  it('are the code’s own lists: runtimes, transports, phases, statuses, reasons (npm run schema rewrites them)', () => {
    expect(withSchemaEnums(schema), 'reports/report.schema.json is out of date: run npm run schema').toEqual(schema);
  });

  it('name the runtimes of the runtime registry', () => {
    expect(schema.$defs.runtime.enum).toEqual(Object.keys(runtimes));
  });
});
