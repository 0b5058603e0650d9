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
const cleanLinux: LoopbackShape = { ipv6: true, bindv6only: 0, ipv4Loopback: '127.0.0.1/8', hostsFile: debianHosts };

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
    fidelity: 'exact: a fresh namespace with 127.0.0.1/8 and ::1, bindv6only 0, and the Debian hosts file',
    shape: cleanLinux,
  },
  {
    name: 'no-ipv6',
    imitates: 'a container or host with IPv6 disabled (Docker without --ipv6, ipv6.disable sysctls)',
    fidelity: 'exact for disable_ipv6=1; a kernel booted with ipv6.disable=1 has no AF_INET6 at all and fails earlier (EAFNOSUPPORT)',
    shape: { ...cleanLinux, ipv6: false, hostsFile: ['127.0.0.1 localhost'] },
  },
  {
    name: 'v6only',
    imitates: 'Windows, FreeBSD and OpenBSD, where an IPv6 socket takes no IPv4 by default',
    fidelity: 'close: bindv6only=1 reproduces the default; OpenBSD cannot turn it off at all, which this does not imitate',
    shape: { ...cleanLinux, bindv6only: 1 },
  },
  {
    name: 'lo-single',
    imitates: 'macOS, where only 127.0.0.1 is local and 127.0.0.2 is not',
    fidelity:
      'close for binds and connects to other 127/8 addresses; other macOS differences (its error codes, e.g. ETIMEDOUT vs EADDRNOTAVAIL) are not imitated',
    shape: { ...cleanLinux, ipv4Loopback: '127.0.0.1/32', hostsFile: ['127.0.0.1 localhost', '::1 localhost'] },
  },
  {
    name: 'localhost-v6-first',
    imitates: 'a host whose hosts file lists ::1 localhost first, the set-up behind Node 17+ ECONNREFUSED ::1 reports',
    fidelity:
      'exact for the hosts file; the order a resolver returns still follows its own rules (glibc gai.conf), and the report records that order',
    shape: { ...cleanLinux, hostsFile: ['::1 localhost ip6-localhost ip6-loopback', '127.0.0.1 localhost'] },
  },
];
