/// <reference lib="dom" />
// (DOM types for the functions the tests run in the page, with page.evaluate; the tests' typecheck only.)
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

// The system's Chromium (Debian's `chromium` package, installed by .ci/run), driven by playwright-core: never a
// downloaded browser. Each launch gets a fresh profile, and nothing it starts reaches the network.

/** Where Chromium is on this host, or null where none is installed. */
export const chromiumPath: string | null = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path)) ?? null;

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Start Chromium with a fresh profile in a temporary folder. */
export const launchChromium = async (): Promise<BrowserContext> => {
  if (chromiumPath === null) throw new Error('no Chromium on this host: apt-get install chromium');
  const profile = mkdtempSync(join(tmpdir(), 'sockmatrix-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1012, height: 900 },
  });
};

/** What a page did besides showing itself: console errors, uncaught exceptions, requests for anything else, dialogs. */
export interface PageWatch {
  errors: string[];
  requests: string[];
  dialogs: string[];
}

/** Open a local HTML file at a window width, watching what it does. */
export const openFile = async (context: BrowserContext, file: string, width = 1012): Promise<{ page: Page; watch: PageWatch }> => {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const url = pathToFileURL(file).href;
  const watch: PageWatch = { errors: [], requests: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') watch.errors.push(message.text());
  });
  page.on('pageerror', (error) => watch.errors.push(error.message));
  page.on('request', (request) => {
    if (request.url() !== url) watch.requests.push(request.url());
  });
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url);
  return { page, watch };
};
