import { createHash } from 'node:crypto';
import type { PageData } from './cell-data.js';
import { htmlText, jsonInScript } from './escape.js';
import { pageScript } from './page-script.js';
import { pageStyle } from './page-style.js';

// The document around every sockmatrix page: one file, its style and script inline, its data as JSON. Its
// Content-Security-Policy lets nothing load and only the page's own script run (by its hash), so even a string
// that got past escaping could not fetch or execute anything.

/** What a page holds: its title, its body's markup, and the cells its script opens (none for diff and merge). */
export interface PageParts {
  title: string;
  body: string;
  data: PageData | null;
}

const scriptHash = `sha256-${createHash('sha256').update(pageScript).digest('base64')}`;

const policy = (withScript: boolean): string =>
  [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `script-src ${withScript ? `'${scriptHash}'` : "'none'"}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

// The evidence panel, empty until the script fills it from the JSON block.
const panel = [
  '<aside id="cell-panel" class="panel" hidden tabindex="-1" aria-labelledby="panel-title">',
  '<div class="panel-head"><h2 id="panel-title">Cell</h2><button type="button" class="close" data-close aria-label="Close (Esc)" title="Close (Esc)">×</button></div>',
  '<div id="panel-body"></div>',
  '</aside>',
].join('\n');

/** The whole HTML document. */
export const htmlPage = ({ title, body, data }: PageParts): string => {
  const withScript = data !== null;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${policy(withScript)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="sockmatrix">',
    `<title>${htmlText(title)}</title>`,
    `<style>${pageStyle}</style>`,
    '</head>',
    '<body>',
    `<main>\n${body}\n</main>`,
    ...(withScript
      ? [panel, `<script type="application/json" id="sockmatrix-data">${jsonInScript(data)}</script>`, `<script>${pageScript}</script>`]
      : []),
    '</body>',
    '</html>',
    '',
  ].join('\n');
};
