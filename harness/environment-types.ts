import type { GaiConfRecord } from './gai-conf.js';
import type { ResolverRecord } from './local-resolver.js';
import type { ResolvedAddress } from './outcome.js';

// The machine a run was made on, as far as loopback behaviour goes. Nothing in it names the
// machine or its user, and it lists no address that is not loopback: reports go to public tickets.

/** The loopback addresses of one interface. */
export interface LoopbackInterface {
  name: string;
  addresses: string[];
}

/** The facts that decide how loopback pairings behave on one machine. */
export interface Environment {
  os: { platform: string; release: string; arch: string };
  node: string;
  /** Each runtime's version as it says it (`node: v20.20.2`, `python: 3.11.7`), for the runtimes the run used; no paths. */
  runtimes?: Record<string, string>;
  loopbackInterfaces: LoopbackInterface[];
  /** Whether an IPv6 socket could be bound to ::1 here. */
  ipv6Available: boolean;
  /** Linux sysctls; null on other systems, a field null where it could not be read. */
  linux: { bindv6only: number | null; disableIpv6All: number | null; disableIpv6Lo: number | null } | null;
  /** How `localhost` resolves: every address in the order Node's dns.lookup gives them. */
  localhost: { addresses: ResolvedAddress[]; error: string | null };
  /** The hosts file's lines that name localhost, with any other names on them left out. */
  hostsFile: { path: string; localhostLines: string[] } | null;
  /** How names resolved: the system's resolver (which may ask DNS) or the hosts file alone; absent before report@1.2. */
  resolver?: ResolverRecord;
  /** glibc's gai.conf, which orders a name's addresses (localhost: ::1 or 127.0.0.1 first); null off glibc; absent before report@1.3. */
  gaiConf?: GaiConfRecord | null;
}
