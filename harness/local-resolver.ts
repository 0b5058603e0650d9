import { access, readFile } from 'node:fs/promises';

// Names resolved from the hosts file alone: glibc told by nsswitch.conf to read `files` and nothing
// else, in a private mount namespace, so that no lookup asks a DNS server. A profile's namespace always
// has it (its network reaches no DNS server, and a real host answers a name its hosts file lacks with
// "no such name"); the host has it with --resolver hosts-file.

/** How a run resolves names: as the user's own programs do (`system`, which may ask DNS), or from the hosts file alone. */
export const resolverModes = ['system', 'hosts-file'] as const;

/** One of resolverModes. */
export type ResolverMode = (typeof resolverModes)[number];

/** How names resolved where a run was made. */
export interface ResolverRecord {
  /** `hosts-file` where glibc reads the hosts file alone (nsswitch.conf `hosts: files`, no nscd); `system` anywhere else. */
  mode: ResolverMode;
  /** The sources of nsswitch.conf's `hosts:` line in order, e.g. ["files", "dns"]; null without that file or line (not glibc). */
  nsswitchHosts: string[] | null;
}

/** Where glibc reads which sources answer host names. */
export const nsswitchPath = '/etc/nsswitch.conf';

// glibc asks a running nscd before any source, and nscd answers from the host's own nsswitch.conf and hosts file.
const nscdFolder = '/var/run/nscd';

/**
 * The shell lines, run inside a private mount namespace, that leave glibc the hosts file alone: a copy of
 * nsswitch.conf whose `hosts:` line says `files`, bound over it, and nscd's socket hidden. The copy lives
 * on a tmpfs of the namespace's own (so nothing is left on disk, and a namespace made inside this one can
 * bind its own copy over it); a system without nsswitch.conf is left as it is.
 */
export const localResolverLines = (): string[] => [
  `if [ -e ${nsswitchPath} ]; then`,
  '  resolver=$(mktemp -d)',
  `  if mount -t tmpfs -o size=64k sockmatrix-resolver "$resolver" && { grep -v -E '^[[:space:]]*hosts[[:space:]]*:' ${nsswitchPath} || true; echo 'hosts: files'; } > "$resolver/nsswitch.conf" && mount --bind "$resolver/nsswitch.conf" ${nsswitchPath}; then bound=1; else bound=0; fi`,
  // The bind mount keeps the tmpfs alive; its first mount point, a folder on disk, goes at once.
  '  umount -l "$resolver" 2>/dev/null || true',
  '  rmdir "$resolver"',
  '  [ "$bound" = 1 ]',
  'fi',
  `[ ! -d ${nscdFolder} ] || mount -t tmpfs -o size=16k sockmatrix-no-nscd ${nscdFolder}`,
];

/** The sources the `hosts:` line of an nsswitch.conf names, in order, without `[NOTFOUND=return]`-style actions; null without the line. */
export const hostsSources = (nsswitch: string): string[] | null => {
  const line = nsswitch
    .split('\n')
    .map((raw) => raw.split('#', 1)[0]?.trim() ?? '')
    .find((text) => /^hosts\s*:/.test(text));
  if (line === undefined) return null;
  return line
    .replace(/^hosts\s*:/, '')
    .replace(/\[[^\]]*\]/g, ' ')
    .split(/\s+/)
    .filter((word) => word !== '');
};

/** Whether this Node runs on glibc, the only C library here that reads nsswitch.conf (musl, as on Alpine, does not). */
export const isGlibc = (): boolean => {
  // excludeNetwork (Node 20.13, not in @types/node 20): a report otherwise looks up the names of open sockets' peers.
  const reporter = process.report as NodeJS.ProcessReport & { excludeNetwork?: boolean };
  const before = reporter.excludeNetwork;
  reporter.excludeNetwork = true;
  try {
    const { header } = reporter.getReport() as { header?: { glibcVersionRuntime?: string } };
    return typeof header?.glibcVersionRuntime === 'string';
  } finally {
    reporter.excludeNetwork = before;
  }
};

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/** How names resolve here, read from the files glibc reads; never throws. */
export const readResolver = async (platform: NodeJS.Platform = process.platform): Promise<ResolverRecord> => {
  if (platform !== 'linux') return { mode: 'system', nsswitchHosts: null };
  const nsswitch = await readFile(nsswitchPath, 'utf8').catch(() => null);
  const sources = nsswitch === null ? null : hostsSources(nsswitch);
  const filesOnly = sources !== null && sources.length === 1 && sources[0] === 'files';
  const local = filesOnly && isGlibc() && !(await exists(`${nscdFolder}/socket`));
  return { mode: local ? 'hosts-file' : 'system', nsswitchHosts: sources };
};
