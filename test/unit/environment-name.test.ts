import { describe, expect, it } from 'vitest';
import { environmentLine, fingerprintName, uniqueNames } from '../../reports/text/environment-name.js';
import { linuxEnvironment } from '../fixtures/hand-made-report.js';

const macos = linuxEnvironment({
  os: { platform: 'darwin', release: '23.4.0', arch: 'arm64' },
  node: 'v22.11.0',
  linux: null,
  localhost: {
    addresses: [
      { address: '::1', family: 6 },
      { address: '127.0.0.1', family: 4 },
    ],
    error: null,
  },
});
const windows = linuxEnvironment({ os: { platform: 'win32', release: '10.0.20348', arch: 'x64' }, linux: null, hostsFile: null });

describe('fingerprintName', () => {
  it.each([
    { case: 'Linux', environment: linuxEnvironment(), name: 'linux-6.18-node20.20' },
    { case: 'Linux without IPv6', environment: linuxEnvironment({ ipv6Available: false }), name: 'linux-6.18-node20.20-noipv6' },
    {
      case: 'Linux with bindv6only=1',
      environment: linuxEnvironment({ linux: { bindv6only: 1, disableIpv6All: 0, disableIpv6Lo: 0 } }),
      name: 'linux-6.18-node20.20-bindv6only',
    },
    {
      case: 'a distribution kernel',
      environment: linuxEnvironment({ os: { platform: 'linux', release: '5.15.0-1064-azure', arch: 'x64' } }),
      name: 'linux-5.15-node20.20',
    },
    { case: 'macOS', environment: macos, name: 'darwin-23.4-node22.11' },
    { case: 'Windows', environment: windows, name: 'win32-10.0-node20.20' },
  ])('names $case $name', ({ environment, name }) => {
    expect(fingerprintName(environment)).toBe(name);
  });
});

describe('uniqueNames', () => {
  it.each([
    { names: ['a', 'b'], unique: ['a', 'b'] },
    { names: ['a', 'a', 'a'], unique: ['a', 'a-2', 'a-3'] },
    { names: ['a', 'a', 'a-2'], unique: ['a', 'a-3', 'a-2'] },
  ])('$names -> $unique', ({ names, unique }) => {
    expect(uniqueNames(names)).toEqual(unique);
  });
});

describe('environmentLine', () => {
  it.each([
    {
      case: 'Linux, with its sysctl',
      environment: linuxEnvironment(),
      line: 'linux 6.18.44 x64, Node v20.20.2, IPv6 yes, bindv6only 0, localhost 127.0.0.1',
    },
    {
      case: 'macOS, without a sysctl it does not have, localhost in resolver order',
      environment: macos,
      line: 'darwin 23.4.0 arm64, Node v22.11.0, IPv6 yes, localhost ::1, 127.0.0.1',
    },
    {
      case: 'a localhost that does not resolve',
      environment: linuxEnvironment({ localhost: { addresses: [], error: 'ENOTFOUND: getaddrinfo ENOTFOUND localhost' } }),
      line: 'linux 6.18.44 x64, Node v20.20.2, IPv6 yes, bindv6only 0, localhost error ENOTFOUND',
    },
    {
      case: 'an unreadable sysctl',
      environment: linuxEnvironment({ linux: { bindv6only: null, disableIpv6All: null, disableIpv6Lo: null }, ipv6Available: false }),
      line: 'linux 6.18.44 x64, Node v20.20.2, IPv6 no, bindv6only unreadable, localhost 127.0.0.1',
    },
  ])('says $case in one line', ({ environment, line }) => {
    expect(environmentLine(environment)).toBe(line);
  });
});
