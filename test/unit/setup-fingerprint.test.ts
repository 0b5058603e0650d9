import { describe, expect, it } from 'vitest';
import { differenceText, setupDifferences, setupFingerprint } from '../../reports/setup-fingerprint.js';
import { sampleReport } from '../fixtures/sample-report.js';

// The setup an expectation file keeps, and what a failing --check says differs: pure, from report environments.

const environment = () => sampleReport().environment;

describe('the setup fingerprint of a run', () => {
  it('keeps the facts that decide loopback outcomes, in words', () => {
    expect(setupFingerprint(environment())).toEqual({
      localhost: '127.0.0.1',
      'hosts-file': '127.0.0.1 localhost',
      ipv6: 'available',
      loopback: 'lo 127.0.0.1/8 ::1/128',
      'net.ipv6.bindv6only': '0',
      'net.ipv6.conf.all.disable_ipv6': '0',
      'net.ipv6.conf.lo.disable_ipv6': '0',
      os: 'linux 6.18.44 (x64)',
      node: 'v20.20.2',
    });
  });

  it('names the resolver, each runtime, and a lookup that failed', () => {
    const here = environment();
    here.resolver = { mode: 'hosts-file', nsswitchHosts: ['files'] };
    here.runtimes = { node: 'v20.20.2', python: '3.11.2' };
    here.localhost = { addresses: [], error: 'ENOTFOUND' };
    here.linux = null;
    expect(setupFingerprint(here)).toMatchObject({ resolver: 'the hosts file alone', python: '3.11.2', localhost: 'nothing (ENOTFOUND)' });
    expect(setupFingerprint(here)).not.toHaveProperty('net.ipv6.bindv6only');
  });
});

describe('what differs from where the expectations were recorded', () => {
  const recorded = setupFingerprint(environment());

  it('is nothing on the same setup, and nothing for a file that recorded none', () => {
    expect(setupDifferences(recorded, setupFingerprint(environment()))).toEqual([]);
    const elsewhere = environment();
    elsewhere.ipv6Available = false;
    expect(setupDifferences(null, setupFingerprint(elsewhere))).toEqual([]);
  });

  it.each([
    [
      'localhost resolves to ::1 first',
      (here: ReturnType<typeof environment>) => {
        here.localhost.addresses = [
          { address: '::1', family: 6 },
          { address: '127.0.0.1', family: 4 },
        ];
      },
      'localhost resolved to 127.0.0.1 there; here ::1, 127.0.0.1',
    ],
    [
      'IPv6 is off',
      (here: ReturnType<typeof environment>) => {
        here.ipv6Available = false;
      },
      'IPv6 on loopback was available there; here not available',
    ],
    [
      'another Node',
      (here: ReturnType<typeof environment>) => {
        here.node = 'v22.12.0';
      },
      'node was v20.20.2 there; here v22.12.0',
    ],
  ])('says so where %s', (_, change, text) => {
    const here = environment();
    change(here);
    const differences = setupDifferences(recorded, setupFingerprint(here));
    expect(differences.map(differenceText)).toEqual([text]);
  });

  it('puts the facts that decide outcomes before the kernel and the versions', () => {
    const here = environment();
    here.node = 'v22.12.0';
    here.os.release = '6.1.0';
    here.linux = { bindv6only: 1, disableIpv6All: 0, disableIpv6Lo: 0 };
    expect(setupDifferences(recorded, setupFingerprint(here)).map(({ fact }) => fact)).toEqual(['net.ipv6.bindv6only', 'os', 'node']);
  });

  it('leaves out a runtime this run did not use, and a fact the file did not record', () => {
    const withoutLocalhost = Object.fromEntries(Object.entries({ ...recorded, python: '3.11.2' }).filter(([fact]) => fact !== 'localhost'));
    const here = environment();
    here.localhost.addresses = [{ address: '::1', family: 6 }];
    expect(setupDifferences(withoutLocalhost, setupFingerprint(here))).toEqual([]);
  });
});
