import type { CoexistGrid } from '../coexist-grid.js';
import type { Grid } from '../grid.js';

// The key under a grid: what each word of its row and column labels means, for a reader who has never run sockmatrix.
// Only the words a grid uses are listed.

const wordMeanings: readonly (readonly [RegExp, string, string])[] = [
  [
    /^dual$/,
    '`dual`',
    'IPV6_V6ONLY not asked for (Node) or set to 0 (Python): the IPv6 socket takes IPv4 clients too, as ::ffff:127.0.0.1',
  ],
  [/^v6only$/, '`v6only`', 'IPV6_V6ONLY asked for: the IPv6 socket takes IPv6 only'],
  [/^dualstack$/, '`create_server … dualstack`', "Python's socket.create_server(..., dualstack_ipv6=True): both families on one socket"],
  [/^(\[::\]|0\.0\.0\.0)$/, '`[::]`, `0.0.0.0`', 'every IPv6, every IPv4 address (the wildcards)'],
  [/^\[::ffff:127\.0\.0\.1\]$/, '`[::ffff:127.0.0.1]`', '127.0.0.1 written as an IPv6 (IPv4-mapped) address: IPv4 on the wire'],
  [/^udp[46]$/, '`udp4`, `udp6`', "Node's datagram socket type, IPv4 or IPv6"],
  [/^family=[46]$/, '`family=4`, `family=6`', "Node's family option: only addresses of that family are looked up"],
  [
    /^autoselect=off$/,
    '`autoselect=off`',
    'Node with autoSelectFamily: false: the first address only, as Node 17 to 19 did; plain `localhost` tries every address (happy eyeballs)',
  ],
  [
    /^order=/,
    '`order=ipv4first`, `order=ipv6first`',
    "Node with dns.setDefaultResultOrder (node --dns-result-order): that family's addresses first; none named: Node's default, verbatim (the resolver's own order)",
  ],
  [
    /^AF_INET6?$/,
    '`AF_INET`, `AF_INET6`',
    'a Python socket of that family; an AF_INET6 server without `dual` or `v6only` leaves IPV6_V6ONLY at the system default',
  ],
  [/^create_connection$/, '`create_connection`', "Python's socket.create_connection: every address of the name, in order"],
  [/^\(custom:.+\)$/, '`(custom:…)`', 'your own program (--server-cmd, --client-cmd), as sockmatrix started it'],
  [/^\((?!custom:).+\)$/, '`(python)`', "the runtime that plays the side; none named: Node's"],
  [/^reuseaddr$/, '`reuseaddr`', 'SO_REUSEADDR asked for before the bind (Node: dgram reuseAddr: true; Python: setsockopt)'],
  [/^reuseport$/, '`reuseport`', 'SO_REUSEPORT asked for before the bind (Python: setsockopt)'],
];

/** The key of the words of some labels, as Markdown list items; empty when they are plain addresses. */
const keyOfLabels = (labels: readonly string[]): string[] => {
  const words = new Set(labels.flatMap((label) => label.split(' ')));
  return wordMeanings
    .filter(([pattern]) => [...words].some((word) => pattern.test(word)))
    .map(([, shown, meaning]) => `${shown}: ${meaning}`);
};

/** The key of a grid's label words, as Markdown list items; empty when its labels are plain addresses. */
export const labelKey = (grid: Grid): string[] =>
  keyOfLabels([...grid.rows.map((row) => row.label), ...grid.columns.map((column) => column.label)]);

/** The key of a two-servers grid's label words; Node's TCP listeners ask for nothing, yet libuv sets SO_REUSEADDR on them. */
export const coexistLabelKey = (grid: CoexistGrid): string[] => [
  ...keyOfLabels([...grid.rows.map((row) => row.label), ...grid.columns.map((column) => column.label)]),
  ...(grid.transport === 'tcp' && [...grid.rows, ...grid.columns].some((header) => header.server.runtime === 'node')
    ? ["Node's TCP listeners: libuv sets SO_REUSEADDR on every one itself (Unix), so a Node row has it without saying `reuseaddr`"]
    : []),
];
