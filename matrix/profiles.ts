// Simulated platforms: loopback set-ups other systems have, rebuilt in a fresh Linux network namespace.
// Data only: what each profile changes, what it imitates, and how faithful the imitation is.

/** How a namespace's loopback is shaped; everything not named stays as a fresh Linux namespace has it. */
export interface LoopbackShape {
  /** False turns IPv6 off (net.ipv6.conf.{all,default,lo}.disable_ipv6=1), as in many containers. */
  ipv6: boolean;
  /** net.ipv6.bindv6only: 1 makes IPv6 sockets take no IPv4 unless a program turns IPV6_V6ONLY off itself. */
  bindv6only: 0 | 1;
  /** The IPv4 loopback address with its prefix: 127.0.0.1/8 (Linux) or 127.0.0.1/32 (macOS: no other 127/8 address is local). */
  ipv4Loopback: '127.0.0.1/8' | '127.0.0.1/32';
  /** The hosts file inside the namespace, line by line. */
  hostsFile: string[];
  /**
   * glibc's /etc/gai.conf inside the namespace, line by line; empty for glibc's built-in RFC 6724 table, under which
   * ::1 sorts before every IPv4 address whatever the hosts file's order. `precedence ::ffff:0:0/96 100` puts IPv4 first.
   * Absent in a profiles file is empty.
   */
  gaiConf: string[];
}

/** A platform to imitate. */
export interface Profile {
  name: string;
  /** What it imitates, for people. */
  imitates: string;
  /** How faithful the imitation is: what it reproduces and what it does not. */
  fidelity: string;
  /** The loopback to build in a new namespace; null for the host as it is, with no namespace. */
  shape: LoopbackShape | null;
}

const debianHosts = ['127.0.0.1 localhost', '::1 localhost ip6-localhost ip6-loopback'];
// glibc's default, what a stock /etc/gai.conf (every line a comment) leaves in force.
const cleanLinux: LoopbackShape = { ipv6: true, bindv6only: 0, ipv4Loopback: '127.0.0.1/8', hostsFile: debianHosts, gaiConf: [] };

/** The gai.conf line that makes glibc sort IPv4 addresses (as IPv4-mapped ones) before IPv6 ones: the stock file's own example. */
export const preferIpv4 = 'precedence ::ffff:0:0/96 100';

/** The built-in profiles, in the order `--profile all` runs them. */
export const builtInProfiles: readonly Profile[] = [
  {
    name: 'host',
    imitates: 'this machine as it is',
    fidelity: 'exact: no namespace, nothing changed',
    shape: null,
  },
  {
    name: 'linux',
    imitates: 'a clean Linux host (Debian defaults)',
    fidelity:
      "exact: a fresh namespace with 127.0.0.1/8 and ::1, bindv6only 0, the Debian hosts file and glibc's default gai.conf, under which localhost resolves to ::1 before 127.0.0.1 (RFC 6724 precedence: ::1 50, IPv4 35)",
    shape: cleanLinux,
  },
  {
    name: 'no-ipv6',
    imitates: 'a container or host with IPv6 disabled (Docker without --ipv6, ipv6.disable sysctls)',
    fidelity:
      'exact for disable_ipv6=1; a kernel booted with ipv6.disable=1 has no AF_INET6 at all and fails earlier (EAFNOSUPPORT). localhost is 127.0.0.1 alone: the hosts file names no other',
    shape: { ...cleanLinux, ipv6: false, hostsFile: ['127.0.0.1 localhost'] },
  },
  {
    name: 'v6only',
    imitates: 'Windows, FreeBSD and OpenBSD, where an IPv6 socket takes no IPv4 by default',
    fidelity:
      "close: bindv6only=1 reproduces the default; OpenBSD cannot turn it off at all, which this does not imitate. localhost is ::1 then 127.0.0.1, as in linux (glibc's default gai.conf)",
    shape: { ...cleanLinux, bindv6only: 1 },
  },
  {
    name: 'lo-single',
    imitates: 'macOS, where only 127.0.0.1 is local and 127.0.0.2 is not',
    fidelity:
      "close for binds and connects to other 127/8 addresses; other macOS differences (its error codes, e.g. ETIMEDOUT vs EADDRNOTAVAIL, and its resolver's order) are not imitated: localhost is ::1 then 127.0.0.1, by glibc's default gai.conf",
    shape: { ...cleanLinux, ipv4Loopback: '127.0.0.1/32', hostsFile: ['127.0.0.1 localhost', '::1 localhost'] },
  },
  {
    name: 'localhost-v6-first',
    imitates: 'a host where localhost resolves to ::1 first, the set-up behind Node 17+ ECONNREFUSED ::1 reports',
    fidelity:
      "exact: the hosts file lists ::1 localhost first, but what puts ::1 first is glibc's default gai.conf (RFC 6724 sorts ::1 before IPv4 whatever the file's order), so its outcomes are linux's; ipv4-first shows the other order",
    shape: { ...cleanLinux, hostsFile: ['::1 localhost ip6-localhost ip6-loopback', '127.0.0.1 localhost'] },
  },
  {
    name: 'ipv4-first',
    imitates: `a host whose /etc/gai.conf prefers IPv4 (${preferIpv4}), so localhost resolves to 127.0.0.1 first`,
    fidelity:
      'exact for glibc: the Debian hosts file and that gai.conf line, which decides the order whatever the hosts file says; macOS and musl do not read gai.conf',
    shape: { ...cleanLinux, gaiConf: [preferIpv4] },
  },
];
