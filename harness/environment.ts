import { promises as dns } from 'node:dns';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import { isLoopbackAddress } from '../matrix/loopback.js';
import type { Environment, LoopbackInterface } from './environment-types.js';
import { readGaiConf } from './gai-conf.js';
import { hostsFilePath, localhostLines } from './hosts-file.js';
import { readResolver } from './local-resolver.js';
import type { ResolvedAddress } from './outcome.js';

// Every part is read concurrently and none may throw: a machine that lacks a feature is a finding.

/** The loopback addresses of each interface, as address/prefix; interfaces without one are left out. */
const loopbackInterfaces = (): LoopbackInterface[] =>
  Object.entries(os.networkInterfaces()).flatMap(([name, infos]) => {
    // `internal` alone is not enough: macOS puts the link-local fe80::1 on lo0.
    const addresses = (infos ?? [])
      .filter((info) => info.internal && isLoopbackAddress(info.address))
      .map((info) => info.cidr ?? info.address);
    return addresses.length > 0 ? [{ name, addresses }] : [];
  });

/** Whether a TCP server can listen on ::1 here. */
const canListenOnIpv6Loopback = (): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '::1', port: 0 }, () => server.close(() => resolve(true)));
  });

/** A sysctl as a number, or null where the file is missing (e.g. IPv6 compiled out) or not a number. */
const readSysctl = async (path: string): Promise<number | null> => {
  try {
    const text = (await readFile(path, 'utf8')).trim();
    return /^-?\d+$/.test(text) ? Number(text) : null;
  } catch {
    return null;
  }
};

/** The Linux sysctls that decide dual-stack binds; null on other systems, where /proc/sys is not even looked at. */
export const linuxSysctls = async (
  platform: NodeJS.Platform = process.platform,
  read: (path: string) => Promise<number | null> = readSysctl,
): Promise<Environment['linux']> => {
  if (platform !== 'linux') return null;
  const [bindv6only, disableIpv6All, disableIpv6Lo] = await Promise.all([
    read('/proc/sys/net/ipv6/bindv6only'),
    read('/proc/sys/net/ipv6/conf/all/disable_ipv6'),
    read('/proc/sys/net/ipv6/conf/lo/disable_ipv6'),
  ]);
  return { bindv6only, disableIpv6All, disableIpv6Lo };
};

/** How `localhost` resolves, in the resolver's own order (`order` overrides any --dns-result-order). */
export const resolveLocalhost = async (): Promise<Environment['localhost']> => {
  try {
    const results = await dns.lookup('localhost', { all: true, order: 'verbatim' });
    const addresses = results.flatMap(({ address, family }): ResolvedAddress[] =>
      family === 4 || family === 6 ? [{ address, family }] : [],
    );
    return { addresses, error: null };
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    return { addresses: [], error: code ? `${code}: ${message}` : message };
  }
};

/** The hosts file's localhost lines, or null when it cannot be read. */
const readHostsFile = async (): Promise<Environment['hostsFile']> => {
  const path = hostsFilePath(process.platform, process.env);
  try {
    return { path, localhostLines: localhostLines(await readFile(path, 'utf8')) };
  } catch {
    return null;
  }
};

/** The environment fingerprint written into every report: what decides loopback behaviour here. */
export const collectEnvironment = async (runtimes: Record<string, string>): Promise<Environment> => {
  const [ipv6Available, linux, localhost, hostsFile, resolver, gaiConf] = await Promise.all([
    canListenOnIpv6Loopback(),
    linuxSysctls(),
    resolveLocalhost(),
    readHostsFile(),
    readResolver(),
    readGaiConf(),
  ]);
  return {
    os: { platform: os.platform(), release: os.release(), arch: os.arch() },
    node: process.version,
    runtimes,
    loopbackInterfaces: loopbackInterfaces(),
    ipv6Available,
    linux,
    localhost,
    hostsFile,
    resolver,
    gaiConf,
  };
};
