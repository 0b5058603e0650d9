import type { Format } from './format.js';
import { html } from './html/index.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown/index.js';
import { table } from './table/index.js';

// Every output format by name: the `--format` values of the run, diff and merge, and the files of a run
// folder, all come from here. Adding a format is its file and a line.

/** The formats by name, in the order help texts list them. */
export const formats = {
  table,
  markdown,
  json,
  junit,
  html,
} as const satisfies Record<string, Format>;

/** A format's name, as `--format` takes it. */
export type FormatName = keyof typeof formats;

/** What a format may render besides a run's report. */
export type FormatPart = 'diff' | 'merge' | 'profileSet';

/** The names of the formats that render a part, e.g. the `--format` values of `sockmatrix diff`. */
export type FormatNameWith<Part extends FormatPart> = {
  [Name in FormatName]: (typeof formats)[Name] extends Record<Part, unknown> ? Name : never;
}[FormatName];

/** Every format name, in registry order. */
export const formatNames = Object.keys(formats) as FormatName[];

/** Whether `name` is a format that renders `part`. */
export const formatRenders = <Part extends FormatPart>(name: FormatName, part: Part): name is FormatNameWith<Part> =>
  formats[name][part as keyof (typeof formats)[FormatName]] !== undefined;

/** The names of the formats that render `part`, in registry order. */
export const formatNamesWith = <Part extends FormatPart>(part: Part): FormatNameWith<Part>[] =>
  formatNames.filter((name): name is FormatNameWith<Part> => formatRenders(name, part));
