import { describe, expect, it } from 'vitest';
import { explainReport } from '../../reports/explain/index.js';
import { formats } from '../../reports/formats/index.js';
import { sampleReport } from '../fixtures/sample-report.js';

const options = { width: 120, color: false };

describe('the Markdown ticket', () => {
  // A report as a run writes it: every cell explained (the sample predates explanations).
  const report = explainReport(sampleReport());
  const text = formats.markdown.report(report, options);
  const notConnected = report.cells.filter((cell) => cell.outcome.status !== 'connected');

  it('stays well under the 65,536 characters of an issue body', () => {
    expect(text.length).toBeLessThan(60_000);
  });

  it('gives each kind of failure one block: the why, what to change, one cell’s evidence, and the list of its cells', () => {
    const groups = text
      .split(/^### /m)
      .slice(1)
      .filter((block) => block.startsWith('✗') || block.startsWith('Harness errors'));
    expect(groups.length).toBeGreaterThan(5);
    expect(groups.length).toBeLessThan(notConnected.length / 4);
    for (const group of groups)
      expect([group.split('\n')[0], (group.match(/<summary>Evidence/g) ?? []).length]).toEqual([group.split('\n')[0], 1]);
    // Each cell is named: in its group's list, or as the group's one cell in its evidence block.
    for (const cell of notConnected) {
      const named = text.includes(`\`${cell.id}\``) || text.includes(`<code>${cell.id.replace(/>/g, '&gt;')}</code>`);
      expect([cell.id, named]).toEqual([cell.id, true]);
    }
    expect(text).toContain('**Why**, for the first of them: ');
    expect(text).toContain('**What to change**:');
  });

  it('says what made it, and the command that runs the same cells again', () => {
    expect(text).toMatch(
      /^Made by sockmatrix 0\.1\.0, which runs a real server and a real client for every pairing\. To run these cells again: `npx sockmatrix --transport tcp,udp`\.$/m,
    );
  });

  it('describes the environment and the run', () => {
    expect(text).toContain('- OS: `linux 6.18.44` (x64), Node `v20.20.2`');
    expect(text).toContain('- IPv6 available: yes');
    expect(text).toContain('`net.ipv6.bindv6only=0`');
    expect(text).toContain('- Loopback interfaces: `lo` `127.0.0.1/8`, `::1/128`');
    expect(text).toContain('- `localhost` resolves to (dns.lookup order): `127.0.0.1`');
    expect(text).toContain('- Hosts file `/etc/hosts`: `127.0.0.1 localhost`');
    expect(text).toContain('- Run 2026-11-25T08-30-00Z: complete, 184 of 184 cells, concurrency 4');
  });

  it.each([
    [
      { mode: 'system', nsswitchHosts: ['files', 'dns'] },
      '- Names resolved through the system resolver, as your own programs use it (nsswitch.conf `hosts: files dns`): a name the hosts file lacks may have been asked of a DNS server',
    ],
    [
      { mode: 'hosts-file', nsswitchHosts: ['files'] },
      '- Names resolved through the hosts file alone (nsswitch.conf `hosts: files`): no lookup asked a DNS server',
    ],
  ] as const)('says plainly where names were resolved: %j', (resolver, line) => {
    const withResolver = sampleReport();
    withResolver.environment.resolver = { mode: resolver.mode, nsswitchHosts: [...resolver.nsswitchHosts] };
    expect(formats.markdown.report(withResolver, options)).toContain(line);
  });

  it('shows the grids as Markdown tables, then the legend', () => {
    // Eight client targets make two grids of four: each fits a ticket's width.
    expect(text).toContain('### TCP (client targets 1-4 of 8): rows = server binds, columns = client targets');
    expect(text).toContain('| `127.0.0.1` | ✓ | ✗\u00a0REFUSED | ✗\u00a0REFUSED | ✓ |\n');
    expect(text).toContain('### TCP (client targets 5-8 of 8): rows = server binds, columns = client targets');
    expect(text).toContain('| `127.0.0.1` | ✓ | !ERR | ✓ | ✗\u00a0r:NOTFOUND |\n');
    const widest = Math.max(
      ...text
        .split('\n')
        .filter((line) => line.startsWith('| '))
        .map((row) => row.split(' | ').length - 1),
    );
    expect(widest).toBeLessThanOrEqual(5);
    expect(text).toContain('- `dual`: IPV6_V6ONLY not asked for (Node) or set to 0 (Python)');
    expect(text).toContain('- `autoselect=off`: Node with autoSelectFamily: false');
    expect(text).toContain('tcp: 88 cells, 36 connected, 51 failed, 1 harness error');
    expect(text).toContain('- REFUSED = ECONNREFUSED');
  });

  it('gives what each side observed for a failed cell', () => {
    const start = text.indexOf('<code>udp udp4 0.0.0.0 -&gt; udp4 127.0.0.2</code></summary>');
    expect(start).toBeGreaterThan(0);
    const block = text.slice(start, text.indexOf('</details>', start));
    expect(block).toContain('- failed at exchange with `ETIMEDOUT`: `no reply within 2000 ms`');
    expect(block).toMatch(/- server: bound `0\.0\.0\.0:\d+`, received from `127\.0\.0\.1:\d+`, replied/);
    expect(block).toMatch(/- client: local `127\.0\.0\.1:\d+`, remote `127\.0\.0\.2:\d+`/);
  });

  it('fences a harness error’s stderr, and escapes | in table cells', () => {
    const changed = sampleReport();
    const cell = changed.cells[5];
    if (cell?.outcome.status !== 'harness-error') throw new Error('cell 5 of the sample report should be a harness error');
    cell.outcome.stderr = 'Error: boom\n    at ``main``\n';
    cell.client.address = 'local|host';
    const rendered = formats.markdown.report(changed, options);
    expect(rendered).toContain('```text\nError: boom\n    at ``main``\n```');
    expect(rendered).toContain('`local\\|host autoselect=off`');
  });

  it('says when the run was interrupted', () => {
    const interrupted = sampleReport();
    interrupted.run.complete = false;
    interrupted.cells = interrupted.cells.slice(0, 100);
    expect(formats.markdown.report(interrupted, options)).toContain('INTERRUPTED after 100 of 184 cells');
  });
});

describe('the Markdown ticket of a matrix too big for an issue body', () => {
  // Twelve copies of every cell, each with its own id: 2208 cells, about 1500 of them failed.
  const big = sampleReport();
  big.cells = Array.from({ length: 12 }, (_, copy) => copy + 1).flatMap((copy) =>
    sampleReport().cells.map((cell) => ({ ...cell, id: `${cell.id} #${copy}` })),
  );
  const text = formats.markdown.report(big, options);
  const groups = [...text.matchAll(/^### ✗ `(\S+)` at (\S+): (\d+) cells?$/gm)];

  it('stays under the 65,536 characters of an issue body', () => {
    expect(text.length).toBeLessThan(65_536);
  });

  it('still names every kind of failure, with one cell’s evidence each', () => {
    expect(groups.length).toBeGreaterThan(3);
    expect(groups.length).toBeGreaterThan(3);
    for (const group of groups) {
      const section = text.slice(group.index ?? 0).split(/\n### /)[0] ?? '';
      expect([group[0], section.includes('<details>')]).toEqual([group[0], true]);
    }
  });

  it('says how much evidence it left out, and where it is', () => {
    expect(text).toMatch(/- and \d+ more: `report.json` lists them all/);
  });
});
