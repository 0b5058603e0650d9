import { readFile } from 'node:fs/promises';
import { isGlibc } from './local-resolver.js';

// glibc's /etc/gai.conf: the RFC 6724 precedence and label tables getaddrinfo sorts a name's addresses by. It, not the
// hosts file's order, decides whether localhost gives ::1 or 127.0.0.1 first: with no directive, glibc's built-in
// table puts ::1 (precedence 50) before every IPv4 address (35); `precedence ::ffff:0:0/96 100` puts IPv4 first.

/** The gai.conf in force where a run was made. */
export interface GaiConfRecord {
  path: string;
  /** Its directives (`precedence`, `label`, `scopev4`, `reload`), one per line as written, comments left out; empty for glibc's defaults. */
  directives: string[];
}

/** Where glibc reads it. */
export const gaiConfFile = '/etc/gai.conf';

const keywords = new Set(['label', 'precedence', 'scopev4', 'reload']);

// The prefixes of RFC 6724's tables and of the stock file's examples: the same everywhere, so they name no network.
const wellKnownPrefixes = new Set([
  '::1/128',
  '::/0',
  '2002::/16',
  '::/96',
  '::ffff:0:0/96',
  'fc00::/7',
  'fec0::/10',
  '3ffe::/16',
  '2001::/32',
  '::ffff:0.0.0.0/96',
  '::ffff:127.0.0.0/104',
  '::ffff:169.254.0.0/112',
]);

/** The directives of a gai.conf's text, each on one line; a prefix that is not a well-known one is written `<non-loopback>`. */
export const gaiConfDirectives = (text: string): string[] =>
  text.split(/\r?\n/).flatMap((rawLine) => {
    const words = (rawLine.split('#', 1)[0] ?? '').trim().split(/\s+/);
    const [keyword, ...rest] = words;
    if (keyword === undefined || !keywords.has(keyword)) return [];
    const shown = rest.map((word) => (word.includes('/') && !wellKnownPrefixes.has(word.toLowerCase()) ? '<non-loopback>' : word));
    return [[keyword, ...shown].join(' ')];
  });

/** The gai.conf in force here: its directives (none where the file is missing); null where the C library is not glibc. */
export const readGaiConf = async (platform: NodeJS.Platform = process.platform): Promise<GaiConfRecord | null> => {
  if (platform !== 'linux' || !isGlibc()) return null;
  const text = await readFile(gaiConfFile, 'utf8').catch(() => '');
  return { path: gaiConfFile, directives: gaiConfDirectives(text) };
};
