import { outcomeStatuses } from '../../../matrix/outcome-summary.js';
import type { Report } from '../../report.js';
import { absentSymbol, connectedSymbol, harnessErrorSymbol } from '../../text/codes.js';
import type { LegendEntry } from '../../text/legend.js';
import { htmlText } from './escape.js';
import { statusSymbol } from './status-chip.js';

// The legend of a page: the status colours with their marks, then each code the page shows and what it means.

/** What each status is called next to its chip. */
export const statusLabels = { connected: 'connected', coexisted: 'coexisted', failed: 'failed', 'harness-error': 'harness error' } as const;

const statusCodes = {
  connected: connectedSymbol({ ascii: false }),
  coexisted: `${connectedSymbol({ ascii: false })} 1·2`,
  failed: 'CODE',
  'harness-error': harnessErrorSymbol,
} as const;

/** The chip of a status in a filter or the legend: `✓`, `✗ CODE`, `!ERR`. */
export const statusKey = (status: (typeof outcomeStatuses)[number]): string => {
  const symbol = statusSymbol(status);
  return `<span class="chip ${status}" aria-hidden="true">${symbol === '' ? '' : `<span class="sym">${symbol}</span>`}${statusCodes[status]}</span>`;
};

const symbolClass = (symbol: string): string => {
  if (symbol === connectedSymbol({ ascii: false })) return 'chip connected';
  if (symbol === harnessErrorSymbol) return 'chip harness-error';
  if (symbol === absentSymbol({ ascii: false })) return 'chip absent';
  return 'chip';
};

/** The legend section: the colours, a line of `extra` words (markup), then the entries. */
export const legendSection = (entries: readonly LegendEntry[], extra: string): string => {
  const colours = outcomeStatuses.map((status) => `${statusKey(status)} ${statusLabels[status]}`).join(' &nbsp; ');
  const items = entries.map(
    (entry) => `<dt><span class="${symbolClass(entry.symbol)}">${htmlText(entry.symbol)}</span></dt><dd>${htmlText(entry.meaning)}</dd>`,
  );
  return [
    '<section class="legend-block">',
    '<h2>Legend</h2>',
    `<p>${colours}.${extra === '' ? '' : ` ${extra}`}</p>`,
    `<dl class="legend">${items.join('\n')}</dl>`,
    '</section>',
  ].join('\n');
};

/** The marks --check puts in a cell's corner, for the legend: only those some cell of these reports has. */
export const checkMarkEntries = (reports: readonly Report[]): LegendEntry[] => {
  const kinds = new Set(reports.flatMap((report) => report.check?.verdicts.map((verdict) => verdict.kind) ?? []));
  return [
    ...(kinds.has('deviated') ? [{ symbol: 'Δ', meaning: 'in a cell’s corner, framed: it deviated from its expectation (--check)' }] : []),
    ...(kinds.has('flaky') ? [{ symbol: '~', meaning: 'in a cell’s corner, framed: flaky, its runs differed (--repeat)' }] : []),
  ];
};
