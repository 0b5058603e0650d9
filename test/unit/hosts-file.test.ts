import { describe, expect, it } from 'vitest';
import { hostsFilePath, localhostLines, redactedAddress } from '../../harness/hosts-file.js';

describe('localhostLines', () => {
  it.each([
    { case: 'a plain localhost line', text: '127.0.0.1 localhost', lines: ['127.0.0.1 localhost'] },
    { case: 'a comment line', text: '# 127.0.0.1 localhost', lines: [] },
    { case: 'an indented comment line', text: '   # ::1 localhost', lines: [] },
    { case: 'a trailing comment', text: '127.0.0.1 localhost # loopback', lines: ['127.0.0.1 localhost'] },
    { case: 'a comment glued to a name', text: '127.0.0.1 localhost#note', lines: ['127.0.0.1 localhost'] },
    {
      case: 'tabs and runs of spaces',
      text: '127.0.0.1\t\tlocalhost   localhost.localdomain',
      lines: ['127.0.0.1 localhost localhost.localdomain'],
    },
    { case: 'leading and trailing whitespace', text: '  \t127.0.0.1 localhost \t ', lines: ['127.0.0.1 localhost'] },
    { case: 'the hostname after localhost', text: '127.0.0.1 localhost myhost', lines: ['127.0.0.1 localhost'] },
    { case: 'the hostname before localhost', text: '127.0.1.1 myhost.example.com myhost localhost', lines: ['127.0.1.1 localhost'] },
    { case: 'a line naming only the hostname', text: '127.0.1.1 myhost.example.com myhost', lines: [] },
    { case: 'a name that merely contains localhost', text: '127.0.0.1 notlocalhost localhost.example.com', lines: [] },
    { case: 'names in upper case', text: '127.0.0.1 LocalHost', lines: ['127.0.0.1 LocalHost'] },
    {
      case: 'Debian IPv6 lines',
      text: '::1     localhost ip6-localhost ip6-loopback',
      lines: ['::1 localhost ip6-localhost ip6-loopback'],
    },
    { case: 'Debian multicast lines', text: 'fe00::0 ip6-localnet\nff02::1 ip6-allnodes', lines: [] },
    {
      case: 'Red Hat lines',
      text: '127.0.0.1   localhost localhost.localdomain localhost4 localhost4.localdomain4\n::1         localhost localhost.localdomain localhost6 localhost6.localdomain6',
      lines: [
        '127.0.0.1 localhost localhost.localdomain localhost4 localhost4.localdomain4',
        '::1 localhost localhost.localdomain localhost6 localhost6.localdomain6',
      ],
    },
    { case: 'an IPv4-mapped loopback', text: '::ffff:127.0.0.1 localhost', lines: ['::ffff:127.0.0.1 localhost'] },
    { case: "old macOS's link-local localhost", text: 'fe80::1%lo0\tlocalhost', lines: ['fe80::1%lo0 localhost'] },
    { case: 'a LAN address for localhost', text: '192.168.1.20 localhost myhost', lines: [`${redactedAddress} localhost`] },
    { case: 'a global IPv6 address for localhost', text: '2001:db8::5 localhost', lines: [`${redactedAddress} localhost`] },
    { case: 'Windows line endings', text: '127.0.0.1 localhost\r\n::1 localhost\r\n', lines: ['127.0.0.1 localhost', '::1 localhost'] },
    { case: 'blank lines', text: '\n\n   \n127.0.0.1 localhost\n\n', lines: ['127.0.0.1 localhost'] },
    { case: 'an address without names', text: '127.0.0.1', lines: [] },
    { case: 'an empty file', text: '', lines: [] },
  ])('keeps what it should of $case', ({ text, lines }) => {
    expect(localhostLines(text)).toEqual(lines);
  });
});

describe('hostsFilePath', () => {
  it.each([
    { case: 'Linux', platform: 'linux', env: {}, path: '/etc/hosts' },
    { case: 'macOS', platform: 'darwin', env: {}, path: '/etc/hosts' },
    { case: 'FreeBSD', platform: 'freebsd', env: { SystemRoot: 'D:\\Windows' }, path: '/etc/hosts' },
    {
      case: 'Windows with SystemRoot',
      platform: 'win32',
      env: { SystemRoot: 'D:\\WINNT' },
      path: 'D:\\WINNT\\System32\\drivers\\etc\\hosts',
    },
    { case: 'Windows with SYSTEMROOT', platform: 'win32', env: { SYSTEMROOT: 'E:\\Win' }, path: 'E:\\Win\\System32\\drivers\\etc\\hosts' },
    {
      case: 'Windows with a trailing backslash',
      platform: 'win32',
      env: { SystemRoot: 'C:\\Windows\\' },
      path: 'C:\\Windows\\System32\\drivers\\etc\\hosts',
    },
    { case: 'Windows without SystemRoot', platform: 'win32', env: {}, path: 'C:\\Windows\\System32\\drivers\\etc\\hosts' },
  ] as const)('is $path on $case', ({ platform, env, path }) => {
    expect(hostsFilePath(platform, env)).toBe(path);
  });
});
