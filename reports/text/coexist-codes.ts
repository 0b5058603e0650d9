import { type AnsweredBy, answeredByChoices } from '../../harness/coexist-outcome.js';
import { assertNever } from '../../matrix/assert-never.js';
import type { CodeOptions } from './code-options.js';

// The grid mark of two servers that shared a port: `✓ 1·2·1`, a digit per target in the cell's order, saying which
// server answered it. Worded once for the terminal, Markdown, HTML, diff and merge.

/** The digit of one answer: `1` the first server, `2` the second, `-` nobody. */
export const answeredByDigit = (answeredBy: AnsweredBy): string => {
  switch (answeredBy) {
    case 'first':
      return '1';
    case 'second':
      return '2';
    case 'nobody':
      return '-';
    default:
      return assertNever(answeredBy);
  }
};

/** The mark of two servers that coexisted: `✓ 1·2·1` (`ok 1.2.1` in ASCII), or `✓` alone where nothing was dialed. */
export const coexistedCode = (answers: readonly AnsweredBy[], options: CodeOptions): string => {
  const symbol = options.ascii ? 'ok' : '✓';
  if (answers.length === 0) return symbol;
  return `${symbol} ${answers.map(answeredByDigit).join(options.ascii ? '.' : '·')}`;
};

/** Who answered, read back from a summary's code (`127.0.0.1=first ::1=nobody(ECONNREFUSED)`), in order. */
export const answeredByOfCode = (code: string | null): AnsweredBy[] =>
  (code ?? '')
    .split(' ')
    .filter((word) => word !== '')
    .map((word) => {
      const who = /=(first|second|nobody)(?:\(|$)/.exec(word)?.[1];
      return answeredByChoices.find((choice) => choice === who) ?? 'nobody';
    });

/** What the coexisted mark means, for a legend. */
export const coexistedMeaning = 'both listen; per target (see the key): 1 the first answered, 2 the second, - nobody';
