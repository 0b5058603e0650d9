// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the text a person sees, which these tests check.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Outcome, SocketAddress } from '../../harness/outcome.js';
import { renderHtmlProfileSet } from '../../reports/formats/html/profile-set.js';
import { renderHtmlReport } from '../../reports/formats/html/report.js';
import { formats } from '../../reports/formats/index.js';
import { type ProfileSet, profileSetSchema } from '../../reports/profile-set.js';
import type { PairReportCell, Report } from '../../reports/report.js';
import { outcomeCode } from '../../reports/text/codes.js';
import { checkCells, checkReport } from '../fixtures/check-report.js';
import { allHostile, craftedReport, explanation, fakeSnippets, hostile, hostileReport, hostileSnippets } from '../fixtures/html-reports.js';
import { type PairingsReport, sampleReport } from '../fixtures/sample-report.js';
import { chromiumPath, launchChromium, openFile, type PageWatch } from './browser.js';

// report.html, and the diff, merge and profile-set pages, in a real browser: the page of a real run, pages of
// reports made by hand (an explanation, repro programs, a check, two runtimes), and reports full of hostile strings.

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'main.js');
const sockmatrix = (args: string[]) =>
  execa(process.execPath, [cli, ...args], { reject: false, env: { NO_COLOR: '1', GITHUB_ACTIONS: '' } });
const options = { width: 120, color: false };
const work = mkdtempSync(join(tmpdir(), 'sockmatrix-html-'));
// Screenshots go to the test's temporary folder; SOCKMATRIX_SCREENSHOTS names a folder to keep copies in.
const keptScreenshots = process.env.SOCKMATRIX_SCREENSHOTS;

const writePage = (name: string, html: string): string => {
  const file = join(work, name);
  writeFileSync(file, html);
  return file;
};

const screenshot = async (page: Page, name: string, fullPage: boolean): Promise<string> => {
  const file = join(work, name);
  await page.screenshot({ path: file, fullPage });
  if (keptScreenshots !== undefined) {
    mkdirSync(keptScreenshots, { recursive: true });
    copyFileSync(file, join(keptScreenshots, name));
  }
  return file;
};

/** The width of a PNG, read from its header (after the 8-byte signature, the IHDR chunk's first field). */
const pngWidth = (file: string): number => {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return bytes.readUInt32BE(16);
};

const expectQuiet = (watch: PageWatch): void => {
  expect(watch.errors).toEqual([]);
  expect(watch.requests).toEqual([]);
  expect(watch.dialogs).toEqual([]);
};

// What a URL to somewhere else would look like in the page's markup or style: http(s), protocol-relative, or CSS url().
const externalReference = /(?:src|href|action|poster|srcset)\s*=\s*["']?\s*(?:https?:)?\/\/|url\(|@import/i;

/** Nothing in the page points outside it, and nothing in the DOM would load anything. */
const expectSelfContained = async (page: Page, html: string): Promise<void> => {
  expect(html).not.toMatch(externalReference);
  const references = await page.evaluate(() =>
    Array.from(document.querySelectorAll('[src], [href], link, img, iframe, object, embed')).map(
      (node) => node.getAttribute('src') ?? node.getAttribute('href') ?? node.tagName,
    ),
  );
  for (const reference of references) expect(reference).toMatch(/^#/);
};

const panelText = (page: Page): Promise<string> => page.locator('#cell-panel').innerText();

const cellButton = (page: Page, index: number) => page.locator(`table.grid button[data-cell="${index}"]`);

const address = (socket: SocketAddress): string =>
  socket.family === 6 ? `[${socket.address}]:${socket.port}` : `${socket.address}:${socket.port}`;

const literally = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What a grid cell shows for an outcome: ✗ before a failure's code. */
const shownCode = (outcome: Outcome): string => `${outcome.status === 'failed' ? '✗' : ''}${outcomeCode(outcome, { ascii: false })}`;

describe.skipIf(chromiumPath === null)('the HTML pages in Chromium (needs /usr/bin/chromium: apt-get install chromium)', () => {
  let browser: BrowserContext;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  describe('report.html of a real run', () => {
    let folder = '';
    let report: PairingsReport;
    let html = '';

    beforeAll(async () => {
      const run = await sockmatrix([
        '--runtime',
        'node',
        '--transport',
        'tcp',
        '--server',
        '127.0.0.1,::1',
        '--client',
        '127.0.0.1,::1,localhost',
        '--out',
        join(work, 'runs'),
      ]);
      expect(run.exitCode).toBe(0);
      folder = realpathSync(join(work, 'runs', 'latest'));
      report = JSON.parse(readFileSync(join(folder, 'report.json'), 'utf8')) as PairingsReport;
      html = readFileSync(join(folder, 'report.html'), 'utf8');
      // The CLI names the folder as it was given (not through symlinks such as macOS's /tmp).
      expect(run.stderr).toContain(join(work, 'runs', report.run.id, 'report.html'));
    });

    it('loads with no console error, no request for anything else, and nothing that points outside it', async () => {
      const { page, watch } = await openFile(browser, join(folder, 'report.html'));
      await expect(page.title()).resolves.toBe(`sockmatrix ${report.run.id}`);
      await expectSelfContained(page, html);
      expectQuiet(watch);
      await page.close();
    });

    it('has a button for every cell of the report, showing its code, and says what it shows', async () => {
      const { page, watch } = await openFile(browser, join(folder, 'report.html'));
      const buttons = await page.evaluate(() => {
        const cells = JSON.parse(document.getElementById('sockmatrix-data')?.textContent ?? '{}').cells as { id: string }[];
        return Array.from(document.querySelectorAll<HTMLButtonElement>('table.grid button[data-cell]')).map((button) => ({
          id: cells[Number(button.dataset.cell)]?.id,
          text: button.textContent,
        }));
      });
      expect(buttons.sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual(
        report.cells.map((cell) => ({ id: cell.id, text: shownCode(cell.outcome) })).sort((a, b) => a.id.localeCompare(b.id)),
      );
      await expect(page.locator('#shown-count').innerText()).resolves.toBe(`all ${report.cells.length} cells shown`);
      await expect(page.locator('.run-line').innerText()).resolves.toContain(`Run ${report.run.id}: complete`);
      await expect(page.locator('.env-line').innerText()).resolves.toContain(`IPv6 ${report.environment.ipv6Available ? 'yes' : 'no'}`);
      expectQuiet(watch);
      await page.close();
    });

    it('shows a failed cell’s evidence when it is clicked, and closes on Esc', async () => {
      const { page, watch } = await openFile(browser, join(folder, 'report.html'));
      const index = report.cells.findIndex((cell) => cell.outcome.status === 'failed');
      const cell = report.cells[index];
      if (cell === undefined || cell.outcome.status !== 'failed') throw new Error('a run of ::1 and 127.0.0.1 always has a failed cell');
      await expect(page.locator('#cell-panel').isHidden()).resolves.toBe(true);
      await cellButton(page, index).click();
      await expect(page.locator('#panel-title').innerText()).resolves.toBe(cell.id);
      const text = await panelText(page);
      expect(text).toContain(`failed at ${cell.outcome.phase} with ${cell.outcome.code}: ${cell.outcome.message}`);
      const { server, client } = cell.outcome.observations;
      expect(text).toContain(server?.bound ? `server: bound ${address(server.bound)}` : 'server: not listening');
      expect(text).toContain(client === null ? 'client: no observation' : 'client: ');
      expect(text).toContain('What each side observed');
      await expect(cellButton(page, index).getAttribute('class')).resolves.toContain('selected');
      expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#cell=${cell.id}`);
      await page.keyboard.press('Escape');
      await expect(page.locator('#cell-panel').isHidden()).resolves.toBe(true);
      await expect(cellButton(page, index).evaluate((button) => button === document.activeElement)).resolves.toBe(true);
      expectQuiet(watch);
      await page.close();
    });

    it('opens a cell from the keyboard, moves between cells with the arrow keys, and opens from a link', async () => {
      const { page, watch } = await openFile(browser, join(folder, 'report.html'));
      const first = page.locator('table.grid tbody tr').first().locator('button[data-cell]').first();
      await first.focus();
      await page.keyboard.press('ArrowRight');
      const focused = await page.evaluate(() => {
        const button = document.activeElement as HTMLButtonElement;
        return { index: Number(button.dataset.cell), column: button.closest('td')?.cellIndex, row: button.closest('tr')?.rowIndex };
      });
      expect([focused.column, focused.row]).toEqual([2, 1]);
      await page.keyboard.press('ArrowDown');
      const below = await page.evaluate(() => [
        document.activeElement?.closest('td')?.cellIndex,
        document.activeElement?.closest('tr')?.rowIndex,
      ]);
      expect(below).toEqual([2, 2]);
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Enter');
      const cell = report.cells[focused.index];
      await expect(page.locator('#panel-title').innerText()).resolves.toBe(cell?.id);
      const link = `${page.url()}`;
      await page.close();

      const reopened = await browser.newPage();
      await reopened.goto(link);
      await expect(reopened.locator('#panel-title').innerText()).resolves.toBe(cell?.id);
      await reopened.close();
      expectQuiet(watch);
    });

    it('hides and shows cells by outcome, and says so when none is left', async () => {
      const { page, watch } = await openFile(browser, join(folder, 'report.html'));
      const count = (status: string) => report.cells.filter((cell) => cell.outcome.status === status).length;
      const visible = (status: string) => page.locator(`table.grid button[data-status="${status}"]:visible`).count();
      await expect(visible('failed')).resolves.toBe(count('failed'));
      await page.locator('input[data-filter="status"][value="failed"]').uncheck();
      await expect(visible('failed')).resolves.toBe(0);
      await expect(visible('connected')).resolves.toBe(count('connected'));
      await expect(page.locator('#shown-count').innerText()).resolves.toBe(`${count('connected')} of ${report.cells.length} cells shown`);
      await page.locator('input[data-filter="status"][value="connected"]').uncheck();
      await expect(page.locator('#none-shown').isVisible()).resolves.toBe(count('harness-error') === 0);
      await page.locator('#filters-reset').click();
      await expect(visible('failed')).resolves.toBe(count('failed'));
      await expect(visible('connected')).resolves.toBe(count('connected'));
      await expect(page.locator('#none-shown').isHidden()).resolves.toBe(true);
      expectQuiet(watch);
      await page.close();
    });

    it('is screenshotted at 1012 px, and at 1400 px with a cell open beside the grid', async () => {
      const narrow = await openFile(browser, join(folder, 'report.html'), 1012);
      expect(pngWidth(await screenshot(narrow.page, 'report-1012.png', true))).toBe(1012);
      await narrow.page.close();
      const wide = await openFile(browser, join(folder, 'report.html'), 1400);
      await cellButton(
        wide.page,
        report.cells.findIndex((cell) => cell.outcome.status === 'failed'),
      ).click();
      expect(pngWidth(await screenshot(wide.page, 'report-1400-cell.png', false))).toBe(1400);
      // Wide enough, the panel stands beside the grid: the grid's right edge is left of the panel's left edge.
      const [grid, panel] = await Promise.all([
        wide.page.locator('.grid-scroll').first().boundingBox(),
        wide.page.locator('#cell-panel').boundingBox(),
      ]);
      expect((grid?.x ?? 0) + (grid?.width ?? 0)).toBeLessThanOrEqual(panel?.x ?? 0);
      expectQuiet(narrow.watch);
      expectQuiet(wide.watch);
      await wide.page.close();
    });
  });

  describe('pages of reports made by hand', () => {
    it('shows a cell’s explanation and its repro programs, and Copy copies a program', async () => {
      const report = craftedReport();
      const file = writePage('explained.html', renderHtmlReport(report, options, fakeSnippets));
      const { page, watch } = await openFile(browser, file);
      const index = report.cells.findIndex((cell) => cell.explanation !== undefined);
      await cellButton(page, index).click();
      const text = await panelText(page);
      expect(text).toContain(explanation.why);
      for (const change of explanation.change) expect(text).toContain(change);
      expect(text).toContain(`rule ${explanation.rule}`);
      const programs = fakeSnippets(report.cells[index] as PairReportCell);
      const snippets = page.locator('#cell-panel figure.snippet');
      await expect(snippets.count()).resolves.toBe(2);
      await expect(snippets.nth(0).locator('pre').textContent()).resolves.toBe(programs?.server.code);
      await expect(snippets.nth(1).locator('pre').textContent()).resolves.toBe(programs?.client.code);
      await expect(snippets.nth(1).locator('figcaption').innerText()).resolves.toContain('client (node) run with node client.mjs');
      await screenshot(page, 'explained-1012.png', false);
      await browser.grantPermissions(['clipboard-read', 'clipboard-write']);
      await snippets.nth(0).getByRole('button', { name: 'Copy' }).click();
      // The copy is asynchronous: the button says how it went once it went.
      await expect.poll(() => snippets.nth(0).locator('button.copy').innerText()).not.toBe('Copy');
      await expect(snippets.nth(0).locator('button.copy').innerText()).resolves.toBe('Copied');
      await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(programs?.server.code);
      // A connected cell without an explanation shows neither section's heading.
      await page.keyboard.press('Escape');
      await cellButton(page, 0).click();
      await expect(panelText(page)).resolves.not.toContain('Why');
      await expect(panelText(page)).resolves.toContain('connected: the echo came back intact');
      expectQuiet(watch);
      await page.close();
    });

    it('shows no repro section where no program can be written', async () => {
      const report = craftedReport();
      const file = writePage(
        'no-snippets.html',
        renderHtmlReport(report, options, () => null),
      );
      const { page, watch } = await openFile(browser, file);
      await cellButton(page, 1).click();
      await expect(page.locator('#cell-panel figure.snippet').count()).resolves.toBe(0);
      await expect(panelText(page)).resolves.not.toContain('Reproduce');
      expectQuiet(watch);
      await page.close();
    });

    it('filters by transport, server runtime and client runtime: whole grids, rows and columns', async () => {
      const report = craftedReport();
      const file = writePage('runtimes.html', renderHtmlReport(report, options, fakeSnippets));
      const { page, watch } = await openFile(browser, file);
      const shown = () => page.locator('table.grid button[data-cell]:visible').count();
      await expect(shown()).resolves.toBe(12);
      await page.locator('input[data-filter="transport"][value="udp"]').uncheck();
      await expect(page.locator('#grid-udp').isHidden()).resolves.toBe(true);
      await expect(page.locator('#grid-tcp').isVisible()).resolves.toBe(true);
      await expect(shown()).resolves.toBe(8);
      await page.locator('input[data-filter="sr"][value="python"]').uncheck();
      await expect(page.locator('#grid-tcp tbody tr[data-sr="python"]').isHidden()).resolves.toBe(true);
      await expect(shown()).resolves.toBe(6);
      await page.locator('input[data-filter="cr"][value="python"]').uncheck();
      await expect(page.locator('#grid-tcp thead th[data-cr="python"]').isHidden()).resolves.toBe(true);
      await expect(shown()).resolves.toBe(4);
      await expect(page.locator('#shown-count').innerText()).resolves.toBe('4 of 12 cells shown');
      await page.locator('input[data-filter="status"][value="harness-error"]').uncheck();
      await page.locator('input[data-filter="transport"][value="udp"]').check();
      await expect(page.locator('#grid-udp').isVisible()).resolves.toBe(true);
      await expect(page.locator('#grid-udp thead th[data-cr="python"]').isHidden()).resolves.toBe(true);
      await expect(shown()).resolves.toBe(5);
      expectQuiet(watch);
      await page.close();
    });

    it('shows the check: its summary, each listed cell opening its evidence, deviated cells marked in the grid', async () => {
      const report = checkReport();
      const file = writePage(
        'check.html',
        renderHtmlReport(report, options, () => null),
      );
      const { page, watch } = await openFile(browser, file);
      const section = page.locator('section.check');
      await expect(section.innerText()).resolves.toContain('check against expectations/linux.json (linux): FAILED, ');
      const deviated = report.cells[checkCells.deviated];
      await expect(cellButton(page, checkCells.deviated).getAttribute('class')).resolves.toContain('deviated');
      await section.getByRole('button', { name: deviated?.id }).click();
      await expect(page.locator('#panel-title').innerText()).resolves.toBe(deviated?.id);
      await expect(panelText(page)).resolves.toContain('check: deviated expected connected, got ECONNREFUSED at client-connect');
      await page.keyboard.press('Escape');
      await cellButton(page, checkCells.harnessError).click();
      const harness = report.cells[checkCells.harnessError];
      if (harness?.outcome.status !== 'harness-error') throw new Error('cell 5 of the sample is a harness error');
      await expect(panelText(page)).resolves.toContain(`harness error ${harness.outcome.reason}`);
      await expect(page.locator('#cell-panel pre.stderr').innerText()).resolves.toBe(harness.outcome.stderr.trimEnd() || '(empty)');
      await screenshot(page, 'check-1012.png', true);
      await page.keyboard.press('Escape');
      await cellButton(page, checkCells.flaky).click();
      await expect(panelText(page)).resolves.toContain('connected (2 of 3), ETIMEDOUT at exchange (1 of 3)');
      expectQuiet(watch);
      await page.close();
    });

    it('scrolls a grid wider than the window inside itself, its row and column headers staying in view', async () => {
      const file = writePage('sample.html', formats.html.report(sampleReport(), options));
      const { page, watch } = await openFile(browser, file, 700);
      await page.setViewportSize({ width: 700, height: 400 });
      const scroller = page.locator('.grid-scroll').first();
      const sizes = await scroller.evaluate((node) => ({ scroll: node.scrollWidth, client: node.clientWidth }));
      expect(sizes.scroll).toBeGreaterThan(sizes.client);
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(700);
      // As far as it goes both ways: the headers must stay where the grid's edges are.
      const scrolled = await scroller.evaluate((node) => {
        node.scrollLeft = node.scrollWidth;
        node.scrollTop = node.scrollHeight;
        return { left: node.scrollLeft, top: node.scrollTop };
      });
      expect(scrolled.left).toBeGreaterThan(0);
      expect(scrolled.top).toBeGreaterThan(0);
      const box = await scroller.boundingBox();
      const rowHeader = await page.locator('table.grid').first().locator('tbody th').nth(6).boundingBox();
      const columnHeader = await page.locator('table.grid').first().locator('thead th').nth(4).boundingBox();
      expect(Math.abs((rowHeader?.x ?? 0) - (box?.x ?? 0))).toBeLessThanOrEqual(1);
      expect(Math.abs((columnHeader?.y ?? 0) - (box?.y ?? 0))).toBeLessThanOrEqual(1);
      await screenshot(page, 'sample-700-scrolled.png', false);
      expectQuiet(watch);
      await page.close();
    });

    it('renders a profile set: each profile’s grids, cells that open in their profile, and the comparison', async () => {
      const host = craftedReport();
      host.run.profile = { name: 'host', imitates: 'this machine as it is', fidelity: 'exact' };
      const noIpv6 = craftedReport();
      noIpv6.run.profile = { name: 'no-ipv6', imitates: 'a host with IPv6 disabled', fidelity: 'exact for disable_ipv6=1' };
      const changed = noIpv6.cells[4];
      if (changed === undefined) throw new Error('the crafted report has five cells or more');
      changed.outcome = {
        status: 'failed',
        phase: 'server-bind',
        code: 'EADDRNOTAVAIL',
        message: 'bind EADDRNOTAVAIL ::1',
        observations: { server: null, client: null },
      };
      const set: ProfileSet = {
        schema: profileSetSchema,
        run: { id: '2026-11-25T08-00-00Z-beef', startedAt: '', finishedAt: '', complete: true, label: null, profiles: ['host', 'no-ipv6'] },
        reports: [host, noIpv6],
        skipped: [],
      };
      expect(formats.html.files.profileSet).toBe('report.html');
      const html = renderHtmlProfileSet(set, options, fakeSnippets);
      const file = writePage('profile-set.html', html);
      const { page, watch } = await openFile(browser, file);
      await expectSelfContained(page, html);
      await expect(page.locator('section.profile').count()).resolves.toBe(2);
      await expect(page.locator('#profile-1 h2').first().innerText()).resolves.toBe('Profile no-ipv6: a host with IPv6 disabled');
      await expect(page.locator('#p1-tcp table.grid button[data-cell]').count()).resolves.toBe(8);
      await page
        .locator('#p1-tcp')
        .getByRole('button', { name: /^\[::1\] dual → \[::1\]: EADDRNOTAVAIL/ })
        .click();
      await expect(page.locator('#panel-title').innerText()).resolves.toBe(changed.id);
      await expect(panelText(page)).resolves.toContain('failed at server-bind with EADDRNOTAVAIL');
      expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#cell=no-ipv6: ${changed.id}`);
      const comparison = page.locator('#comparison tbody tr');
      await expect(comparison.count()).resolves.toBe(1);
      await expect(comparison.first().innerText()).resolves.toMatch(new RegExp(`≠\\s+${literally(changed.id)}\\s+✓\\s+✗b:NOTAVAIL`));
      expectQuiet(watch);
      await page.close();
    });
  });

  describe('diff and merge of a real run and a changed copy', () => {
    let reportA = '';
    let reportB = '';
    let report: Report;

    beforeAll(async () => {
      const run = await sockmatrix([
        '--runtime',
        'node',
        '--transport',
        'tcp',
        '--server',
        '127.0.0.1',
        '--client',
        '127.0.0.1,::1',
        '--out',
        join(work, 'diff-runs'),
      ]);
      expect(run.exitCode).toBe(0);
      reportA = join(realpathSync(join(work, 'diff-runs', 'latest')), 'report.json');
      report = JSON.parse(readFileSync(reportA, 'utf8')) as Report;
      const copy = JSON.parse(readFileSync(reportA, 'utf8')) as Report;
      copy.run.label = 'changed-copy';
      const [first] = copy.cells;
      if (first === undefined) throw new Error('the run has cells');
      first.outcome = {
        status: 'failed',
        phase: 'client-connect',
        code: 'ETIMEDOUT',
        message: 'timed out',
        observations: { server: null, client: null },
      };
      copy.cells = [first];
      reportB = join(work, 'changed-copy.json');
      writeFileSync(reportB, JSON.stringify(copy));
    });

    it('diff --format html shows both sides, the changed cell in A and in B, and the cell only A has', async () => {
      const result = await sockmatrix(['diff', reportA, reportB, '--format', 'html']);
      expect(result.exitCode).toBe(1);
      const file = writePage('diff.html', result.stdout);
      const { page, watch } = await openFile(browser, file);
      await expectSelfContained(page, result.stdout);
      const sides = await page.locator('.side h2').allInnerTexts();
      expect(sides).toEqual([expect.stringMatching(/^A linux-/), 'B changed-copy']);
      const [first, second] = report.cells;
      const changedRow = page.locator('table.rows').first().locator('tbody tr');
      await expect(changedRow.count()).resolves.toBe(1);
      await expect(changedRow.first().innerText()).resolves.toMatch(
        new RegExp(`^${literally(first?.id ?? '')}\\s+${first?.outcome.status === 'connected' ? '✓' : '✗'}.*\\s+✗TIMEOUT$`),
      );
      await expect(page.locator('h2', { hasText: 'Only in A' }).innerText()).resolves.toBe(
        `Only in A ${report.cells.length - 1} cell${report.cells.length === 2 ? '' : 's'}`,
      );
      await expect(page.locator('table.rows').nth(1).innerText()).resolves.toContain(second?.id);
      await screenshot(page, 'diff-1012.png', true);
      expectQuiet(watch);
      await page.close();
    });

    it('merge --format html puts each environment in its column, the differing cell marked', async () => {
      const result = await sockmatrix(['merge', reportA, reportB, '--format', 'html', '--all']);
      expect(result.exitCode).toBe(0);
      const file = writePage('merge.html', result.stdout);
      const { page, watch } = await openFile(browser, file);
      await expectSelfContained(page, result.stdout);
      const headings = await page.locator('table.rows').first().locator('thead th').allInnerTexts();
      expect(headings.slice(1)).toEqual(['cell', expect.stringMatching(/^linux-/), 'changed-copy']);
      const rows = page.locator('table.rows').first().locator('tbody tr');
      await expect(rows.count()).resolves.toBe(report.cells.length);
      await expect(rows.first().innerText()).resolves.toMatch(/^≠\s+tcp 127\.0\.0\.1 -> 127\.0\.0\.1\s+✓\s+✗TIMEOUT$/);
      await expect(rows.nth(1).innerText()).resolves.toMatch(/·$/);
      await expect(page.locator('h2', { hasText: 'Environments' }).isVisible()).resolves.toBe(true);
      expectQuiet(watch);
      await page.close();
    });
  });

  describe('strings from a crafted report stay text', () => {
    const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

    /** No script ran, nothing loaded, and the DOM holds nothing the report could have made active. */
    const expectInert = async (page: Page, watch: PageWatch): Promise<void> => {
      await expect(pwned(page)).resolves.toBeUndefined();
      expect(watch.dialogs).toEqual([]);
      expect(watch.requests).toEqual([]);
      const active = await page.evaluate(() => ({
        scripts: document.querySelectorAll('script').length,
        images: document.querySelectorAll('img, iframe, object, embed').length,
        handlers: Array.from(document.querySelectorAll('*')).flatMap((node) =>
          Array.from(node.attributes)
            .filter(
              (attribute) =>
                attribute.name.startsWith('on') ||
                (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attribute.name) &&
                  /^\s*javascript:/i.test(attribute.value)),
            )
            .map((attribute) => `${node.tagName} ${attribute.name}`),
        ),
        links: Array.from(document.querySelectorAll('a')).map((link) => link.getAttribute('href')),
      }));
      expect(active.images).toBe(0);
      expect(active.handlers).toEqual([]);
      for (const link of active.links) expect(link).toMatch(/^#/);
      expect(active.scripts).toBeLessThanOrEqual(2);
    };

    /** Open every cell of a page, so every string of its data is put in the DOM. */
    const openEveryCell = async (page: Page): Promise<string[]> => {
      const texts: string[] = [];
      const count = await page.locator('table.grid button[data-cell]').count();
      for (let index = 0; index < count; index += 1) {
        // The panel stands over the right of the grid in a narrow window: closed first, as a person would.
        await page.keyboard.press('Escape');
        await page.locator('table.grid button[data-cell]').nth(index).click();
        texts.push(await panelText(page));
      }
      return texts;
    };

    it('in report.html: labels, ids, messages, codes, the environment, the explanation, the snippets and the check', async () => {
      const report = hostileReport();
      const html = renderHtmlReport(report, options, hostileSnippets);
      const data = /<script type="application\/json" id="sockmatrix-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
      expect(data).not.toContain('<');
      expect(html).not.toContain('<img');
      expect(html).not.toContain('<script>window');
      const file = writePage('hostile.html', html);
      const { page, watch } = await openFile(browser, file);
      await expectInert(page, watch);
      expect(watch.errors).toEqual([]);
      await expect(page.title()).resolves.toBe(`sockmatrix ${report.run.id} (${hostile.script})`);
      const head = await page.locator('.page-head').innerText();
      expect(head).toContain(hostile.image);
      expect(head).toContain(`(${hostile.script})`);
      await page.locator('details.about summary').click();
      const about = await page.locator('details.about').innerText();
      for (const text of [hostile.attribute, hostile.comment, hostile.link, '\\x1B[31mred\\x1B[0m\\u202Eevil'])
        expect(about).toContain(text);
      await expect(page.locator('table.grid tbody th').first().innerText()).resolves.toBe(`${hostile.script} (${hostile.image})`);
      await expect(page.locator('section.check').innerText()).resolves.toContain(hostile.script);
      const panels = await openEveryCell(page);
      expect(panels[0]).toContain(`tcp ${hostile.script}`);
      expect(panels[0]).toContain(`with E${hostile.script}: ${allHostile.replace(hostile.escape, '\\x1B[31mred\\x1B[0m\\u202Eevil')}`);
      expect(panels[0]).toContain(hostile.image);
      await page.keyboard.press('Escape');
      await page.locator('table.grid button[data-cell="0"]').click();
      await expect(page.locator('#cell-panel figure.snippet pre').first().textContent()).resolves.toBe(
        allHostile.replace(hostile.escape, '\\x1B[31mred\\x1B[0m\\u202Eevil'),
      );
      await screenshot(page, 'hostile-1012.png', true);
      await page.locator('#cell-panel button.copy').first().hover();
      await page.keyboard.press('Escape');
      await page.locator('table.grid tbody th').first().hover();
      await page.locator('input[data-filter="sr"]').last().uncheck();
      await page.locator('input[data-filter="sr"]').last().check();
      await expectInert(page, watch);
      expect(watch.errors).toEqual([]);
      await page.close();
    });

    it('in report.html without its Content-Security-Policy: the escaping alone keeps every string text', async () => {
      const html = renderHtmlReport(hostileReport(), options, hostileSnippets).replace(
        /<meta http-equiv="Content-Security-Policy"[^>]*>/,
        '',
      );
      expect(html).not.toContain('Content-Security-Policy');
      const file = writePage('hostile-no-csp.html', html);
      const { page, watch } = await openFile(browser, file);
      await openEveryCell(page);
      await expectInert(page, watch);
      expect(watch.errors).toEqual([]);
      await page.close();
    });

    it('in the diff, merge and profile-set pages', async () => {
      const a = hostileReport();
      const b = hostileReport();
      b.run.label = hostile.image;
      b.cells = b.cells.slice(1);
      const [changed] = b.cells;
      if (changed !== undefined)
        changed.outcome = {
          ...a.cells[0]?.outcome,
          status: 'failed',
          phase: 'exchange',
          code: hostile.comment,
          message: '',
          observations: { server: null, client: null },
        };
      const { diffReports } = await import('../../reports/diff.js');
      const { mergeReports } = await import('../../reports/merge.js');
      const pages = {
        'hostile-diff.html': formats.html.diff(
          diffReports({ report: a, source: hostile.link }, { report: b, source: hostile.script }),
          options,
        ),
        'hostile-merge.html': formats.html.merge(
          mergeReports(
            [
              { report: a, source: hostile.image },
              { report: b, source: hostile.attribute },
            ],
            [{ source: hostile.script, reason: hostile.comment }],
          ),
          { ...options, all: true },
        ),
        'hostile-profiles.html': renderHtmlProfileSet(
          {
            schema: profileSetSchema,
            run: { id: hostile.script, startedAt: '', finishedAt: '', complete: false, label: hostile.image, profiles: [] },
            reports: [
              { ...a, run: { ...a.run, profile: { name: hostile.script, imitates: hostile.image, fidelity: hostile.comment } } },
              { ...b, run: { ...b.run, profile: { name: hostile.attribute, imitates: hostile.link, fidelity: hostile.escape } } },
            ],
            skipped: [{ profile: { name: hostile.image, imitates: hostile.script, fidelity: '' }, reason: hostile.comment }],
          },
          options,
          hostileSnippets,
        ),
      };
      for (const [name, html] of Object.entries(pages)) {
        expect(html).not.toContain('<img');
        const { page, watch } = await openFile(browser, writePage(name, html));
        const text = await page.locator('main').innerText();
        expect(text).toContain(hostile.script);
        expect(text).toContain(hostile.image);
        if (name === 'hostile-profiles.html') await openEveryCell(page);
        await expectInert(page, watch);
        expect(watch.errors).toEqual([]);
        await page.close();
      }
    });
  });
});
