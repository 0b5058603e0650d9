import { existsSync } from 'node:fs';
import os from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectEnvironment } from '../../harness/environment.js';
import type { Environment } from '../../harness/environment-types.js';
import { redactedAddress } from '../../harness/hosts-file.js';
import { isLoopbackAddress } from '../../matrix/loopback.js';

// This machine's real environment: no mocks, so the checks are the invariants every machine keeps.

const hasIpv6Sysctls = process.platform === 'linux' && existsSync('/proc/sys/net/ipv6');

let environment: Environment;

beforeAll(async () => {
  environment = await collectEnvironment({ node: process.version });
});

describe('collectEnvironment', () => {
  it('names the running system and node', () => {
    expect(environment.os).toEqual({ platform: os.platform(), release: os.release(), arch: os.arch() });
    expect(environment.node).toBe(process.version);
  });

  it('lists at least one loopback interface, each address as address/prefix', () => {
    expect(environment.loopbackInterfaces.length).toBeGreaterThan(0);
    for (const { name, addresses } of environment.loopbackInterfaces) {
      expect(name).not.toBe('');
      expect(addresses.length).toBeGreaterThan(0);
      for (const cidr of addresses) expect(cidr).toMatch(/^[^/]+\/\d{1,3}$/);
    }
  });

  it('lists no interface address that is not loopback', () => {
    const addresses = environment.loopbackInterfaces.flatMap((entry) => entry.addresses.map((cidr) => cidr.split('/')[0] ?? ''));
    expect(addresses.filter((address) => !isLoopbackAddress(address))).toEqual([]);
  });

  it('says whether ::1 can be listened on, as a boolean', () => {
    expect(typeof environment.ipv6Available).toBe('boolean');
  });

  it('resolves localhost to loopback addresses only, with their families', () => {
    const { addresses, error } = environment.localhost;
    if (error !== null) expect(addresses).toEqual([]);
    for (const { address, family } of addresses) {
      expect(isLoopbackAddress(address)).toBe(true);
      expect(family).toBe(address.includes(':') ? 6 : 4);
    }
  });

  it('keeps only localhost names, and no non-loopback address, from the hosts file', () => {
    if (environment.hostsFile === null) return;
    const localhostNames = /^(localhost(\.localdomain)?|localhost[46](\.localdomain[46])?|ip6-localhost|ip6-loopback)$/i;
    for (const line of environment.hostsFile.localhostLines) {
      const [address = '', ...names] = line.split(' ');
      expect([redactedAddress, '0.0.0.0', '::', 'fe80::1%lo0'].includes(address) || isLoopbackAddress(address)).toBe(true);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(name).toMatch(localhostNames);
    }
  });

  it.skipIf(!hasIpv6Sysctls)('reads the IPv6 sysctls as numbers (needs Linux with IPv6 in the kernel)', () => {
    expect(environment.linux).toEqual({
      bindv6only: expect.any(Number),
      disableIpv6All: expect.any(Number),
      disableIpv6Lo: expect.any(Number),
    });
  });

  it.skipIf(process.platform === 'linux')('has no Linux sysctls off Linux', () => {
    expect(environment.linux).toBeNull();
  });
});
