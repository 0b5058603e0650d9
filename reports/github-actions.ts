import { appendFile, stat } from 'node:fs/promises';
import { isAbsolute, win32 } from 'node:path';
import type { CellVerdict } from '../matrix/expectations.js';
import { renderMarkdownReport } from './formats/markdown/report.js';
import { redactedHome } from './redact.js';
import type { Report } from './report.js';
import { verdictText } from './text/check-section.js';
import { withoutDetailsBlocks } from './text/markdown-text.js';

// On GitHub Actions: the Markdown report in the step summary, and an ::error annotation per deviated or flaky cell.
// Everything but the final append is pure, so it is tested without a runner.

/** GitHub's cap on one step's summary, in bytes: a larger summary is dropped whole ("supports content up to a size of 1024k"). */
export const stepSummaryLimitBytes = 1024 * 1024;

/** GitHub shows at most this many error annotations per step and drops the rest without a word. */
export const errorAnnotationsPerStep = 10;

/** Whether this process runs in a GitHub Actions job. */
export const isGitHubActions = (env: NodeJS.ProcessEnv): boolean => env.GITHUB_ACTIONS === 'true';

/** A workflow command's message: `%`, CR and LF escaped, or the runner would cut or misread the line. */
export const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** A workflow command's property value: as a message, plus `:` and `,`, which separate the properties. */
export const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** What an error annotation says, and the file it is attached to, if any. */
export interface Annotation {
  title: string;
  message: string;
  file: string | null;
}

/** An annotation as the `::error file=...,title=...::message` line the runner turns into an annotation. */
export const errorAnnotation = (annotation: Annotation): string => {
  const properties = [
    ...(annotation.file === null ? [] : [`file=${escapeProperty(annotation.file)}`]),
    `title=${escapeProperty(annotation.title)}`,
  ];
  return `::error ${properties.join(',')}::${escapeData(annotation.message)}`;
};

/** A `::warning title=...::message` line: an annotation that shows on the run's page without failing anything. */
export const warningAnnotation = (title: string, message: string): string =>
  `::warning title=${escapeProperty(title)}::${escapeData(message)}`;

type FailingVerdict = Extract<CellVerdict, { kind: 'deviated' | 'flaky' }>;

/** The verdicts that fail a check, in report order: deviated and flaky cells; none without --check. */
export const failingVerdicts = (report: Report): FailingVerdict[] =>
  (report.check?.verdicts ?? []).filter((verdict): verdict is FailingVerdict => verdict.kind === 'deviated' || verdict.kind === 'flaky');

// Attached to the expectation file, so a pull request that edits it shows the annotation there; GitHub only places
// a path inside the checkout, so one outside (absolute, up from the working directory, or in the home folder as
// a report writes it: `<home>/...`) is left off.
const annotationFile = (expectations: string): string | null => {
  const path = expectations.replaceAll('\\', '/');
  const outside = path === '..' || path.startsWith('../') || path.startsWith(`${redactedHome}/`) || path === redactedHome;
  return path === '' || outside || isAbsolute(path) || win32.isAbsolute(path) ? null : path;
};

/** One annotation line per deviated or flaky cell; past GitHub's ten, the tenth names all the cells left over. */
export const checkAnnotations = (report: Report): string[] => {
  const failing = failingVerdicts(report);
  const file = report.check === undefined ? null : annotationFile(report.check.expectations);
  const annotate = (verdict: FailingVerdict): string =>
    errorAnnotation({
      title: `sockmatrix ${verdict.kind}: ${verdict.cellId}`,
      message: verdictText(verdict, report) ?? verdict.kind,
      file,
    });
  if (failing.length <= errorAnnotationsPerStep) return failing.map(annotate);
  const shown = failing.slice(0, errorAnnotationsPerStep - 1);
  const rest = failing.slice(errorAnnotationsPerStep - 1);
  const restLine = errorAnnotation({
    title: `sockmatrix: ${rest.length} more cells deviated or were flaky`,
    message: `GitHub shows only ${errorAnnotationsPerStep} error annotations per step; report.junit.xml in the run folder has every one. The others: ${rest.map((verdict) => verdict.cellId).join('; ')}`,
    file,
  });
  return [...shown.map(annotate), restLine];
};

/** How much of the Markdown report went into the step summary. */
export type SummaryForm = 'full' | 'without-details' | 'truncated';

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

// The note goes right under the title, where a reader starts.
const withNote = (markdown: string, note: string): string => {
  const newline = markdown.indexOf('\n');
  return newline === -1 ? `${note}\n\n${markdown}` : `${markdown.slice(0, newline + 1)}\n${note}\n${markdown.slice(newline + 1)}`;
};

// The longest prefix that ends a line and fits in `maxBytes` (a newline is never inside a UTF-8 sequence).
const cutAtLine = (text: string, maxBytes: number): string => {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  const lastNewline = maxBytes <= 0 ? -1 : bytes.lastIndexOf(0x0a, maxBytes - 1);
  return bytes.subarray(0, lastNewline + 1).toString('utf8');
};

const limitMiB = `${stepSummaryLimitBytes / 1024 / 1024} MiB`;

/** The Markdown report as it fits in `budgetBytes`: whole; else grids and counts without the per-cell evidence; else cut at a line. Null when nothing useful fits. */
export const fitStepSummary = (markdown: string, budgetBytes: number): { text: string; form: SummaryForm } | null => {
  if (byteLength(markdown) <= budgetBytes) return { text: markdown, form: 'full' };
  const shortened = withNote(
    withoutDetailsBlocks(markdown),
    `> Shortened to stay under GitHub's ${limitMiB} step-summary limit: the evidence for each cell (the \`<details>\` blocks) is left out. \`report.md\` in the run folder has all of it.`,
  );
  if (byteLength(shortened) <= budgetBytes) return { text: shortened, form: 'without-details' };
  const note = `> Cut short to stay under GitHub's ${limitMiB} step-summary limit, even without the per-cell evidence. \`report.md\` in the run folder has all of it.\n\n`;
  const body = cutAtLine(shortened, budgetBytes - byteLength(note));
  if (body.trim() === '') return null;
  return { text: `${note}${body}`, form: 'truncated' };
};

/** Append the fitted Markdown to the step summary file, after what earlier commands of the step wrote there. */
export const appendStepSummary = async (path: string, markdown: string): Promise<SummaryForm | null> => {
  const existingBytes = await stat(path).then(
    (stats) => stats.size,
    () => 0,
  );
  const separator = existingBytes > 0 ? '\n' : '';
  const fitted = fitStepSummary(markdown, stepSummaryLimitBytes - existingBytes - byteLength(separator));
  if (fitted === null) return null;
  await appendFile(path, `${separator}${fitted.text}`);
  return fitted.form;
};

const summaryNote = (form: SummaryForm | null): string => {
  switch (form) {
    case 'full':
      return 'step summary: appended the Markdown report';
    case 'without-details':
      return `step summary: appended the Markdown report without the per-cell evidence (the whole report is over GitHub's ${limitMiB} limit; report.md has it)`;
    case 'truncated':
      return `step summary: appended the start of the Markdown report, cut to GitHub's ${limitMiB} limit (report.md has all of it)`;
    case null:
      return `step summary: nothing appended, the step's summary is already at GitHub's ${limitMiB} limit`;
  }
};

/** On GitHub Actions: append the Markdown report to the step summary and write the check's annotations; resolves to lines for people. */
export const publishToGitHubActions = async (
  report: Report,
  stepSummaryPath: string | undefined,
  annotations: NodeJS.WritableStream,
): Promise<string[]> => {
  const notes: string[] = [];
  if (stepSummaryPath === undefined || stepSummaryPath === '') {
    notes.push('GITHUB_ACTIONS is true but GITHUB_STEP_SUMMARY is not set: no step summary written');
  } else {
    const markdown = renderMarkdownReport(report, { width: 120, color: false });
    try {
      notes.push(summaryNote(await appendStepSummary(stepSummaryPath, markdown)));
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      notes.push(`step summary: could not append to '${stepSummaryPath}' (${reason}); report.md in the run folder has the report`);
    }
  }
  const lines = checkAnnotations(report);
  if (lines.length > 0) annotations.write(`${lines.join('\n')}\n`);
  return notes;
};
