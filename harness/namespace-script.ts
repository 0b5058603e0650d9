import type { LoopbackShape } from '../matrix/profiles.js';
import { localResolverLines } from './local-resolver.js';

// The shell commands that shape a fresh network namespace's loopback. Run inside `unshare --net
// --mount`, they touch only that namespace: the host's interfaces, sysctls and hosts file stay as they are.

/** Where glibc reads its address-sorting rules (RFC 6724 precedence and labels). */
export const gaiConfPath = '/etc/gai.conf';

/** The files a shape's setup binds over the system's: each already holds the shape's lines. */
export interface ShapeFiles {
  hosts: string;
  gaiConf: string;
}

/** The setup commands for a shape, one per line; `files` already hold the hosts and gai.conf lines. */
export const namespaceSetupScript = (shape: LoopbackShape, files: ShapeFiles): string => {
  // ip and sysctl live in sbin, which an ordinary user's PATH often leaves out.
  const lines = ['set -e', 'PATH="$PATH:/usr/sbin:/sbin"', 'ip link set lo up'];
  if (shape.ipv4Loopback !== '127.0.0.1/8') {
    lines.push('ip addr del 127.0.0.1/8 dev lo', `ip addr add ${shape.ipv4Loopback} dev lo`);
  }
  if (!shape.ipv6) {
    for (const scope of ['all', 'default', 'lo']) lines.push(`sysctl -q -w net.ipv6.conf.${scope}.disable_ipv6=1`);
  }
  lines.push(`sysctl -q -w net.ipv6.bindv6only=${shape.bindv6only}`);
  // A private mount namespace: the bind mount is seen only inside and vanishes with it.
  lines.push(`mount --bind ${shellQuote(files.hosts)} /etc/hosts`);
  // The order localhost's addresses come in is glibc's RFC 6724 sort, ruled by gai.conf: the profile's own, never the
  // host's. Without a gai.conf to bind over, glibc uses its built-in table, which only an empty profile file matches.
  lines.push(
    `if [ -e ${gaiConfPath} ]; then mount --bind ${shellQuote(files.gaiConf)} ${gaiConfPath}; elif [ -s ${shellQuote(files.gaiConf)} ]; then echo 'this machine has no ${gaiConfPath} for the gai.conf of the profile to be bound over, so the profile cannot set the address order' >&2; exit 4; fi`,
  );
  // The namespace reaches no DNS server: glibc asking one would read EAI_AGAIN where a real host, asked
  // a name its hosts file lacks, says there is none. So the hosts file alone answers, as a real host's does.
  lines.push(...localResolverLines());
  return lines.join('\n');
};

/** Quote one word for sh. */
export const shellQuote = (word: string): string => `'${word.replaceAll("'", `'\\''`)}'`;

/** The tools the setup script needs, checked inside a namespace before any profile runs. */
export const namespaceToolsProbe = `PATH="$PATH:/usr/sbin:/sbin"; missing=""; for tool in ip sysctl mount umount grep mktemp; do command -v "$tool" >/dev/null || missing="$missing $tool"; done; [ -z "$missing" ] || { echo "missing:$missing" >&2; exit 3; }`;
