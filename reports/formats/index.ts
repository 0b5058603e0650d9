import type { RenderOptions } from '../render-options.js';
import type { Report } from '../report.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown/report.js';
import { renderTerminalTable } from './table/report.js';

// Every output format by name: adding a format is adding a file and a line here. The names are the `--format` values.

export type { RenderOptions } from '../render-options.js';

/** A renderer takes a report and returns text; it never decides an outcome. */
export type Renderer = (report: Report, options: RenderOptions) => string;

/** The renderers by format name. */
export const renderers = {
  table: renderTerminalTable,
  markdown: renderMarkdown,
  json: renderJson,
  junit: renderJunit,
} as const satisfies Record<string, Renderer>;

/** A format name, as `--format` takes it. */
export type Format = keyof typeof renderers;
