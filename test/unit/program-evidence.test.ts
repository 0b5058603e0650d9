import { describe, expect, it } from 'vitest';
import { gaiConfDirectives } from '../../harness/gai-conf.js';
import { codeInOutput, programFailureCode } from '../../harness/programs/output-code.js';
import { ipv6Text, parseProcNetTcp } from '../../harness/programs/proc-net-tcp.js';
import { groupOfStat } from '../../harness/programs/process-group.js';
import { cellsWithResultOrders } from '../../harness/result-orders.js';
import { defaultMatrix } from '../../matrix/default-matrix.js';
import { expandMatrix } from '../../matrix/expand.js';
import { setupFingerprint } from '../../reports/setup-fingerprint.js';
import { sampleReport } from '../fixtures/sample-report.js';

// What the system shows of a user's program, read: /proc's socket tables and process groups, what its output names;
// and glibc's gai.conf, which orders a name's addresses.

// Lines as a little-endian Linux prints them: a Python server on [::1]:47003, [::]:47001, 0.0.0.0:8000 and an
// established connection, which is no listener.
const tcp6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:B79B 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3043359 1 00000000af22480a 100 0 0 10 0
   1: 00000000000000000000000000000000:B799 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3043357 1 000000005ee04a8b 100 0 0 10 0
   2: 0000000000000000FFFF00000100007F:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3043360 1 000000005ee04a8b 100 0 0 10 0
`;
const tcp4 = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1F40 0100007F:A2C4 01 00000000:00000000 00:00000000 00000000     0        0 222 1 0000000000000000 20 4 30 10 -1
`;

describe('/proc/net/tcp and tcp6', () => {
  it('give each listening socket with its address, port and inode', () => {
    expect(parseProcNetTcp(tcp6, 6, true)).toEqual([
      { address: '::1', port: 47003, family: 6, inode: '3043359' },
      { address: '::', port: 47001, family: 6, inode: '3043357' },
      { address: '::ffff:127.0.0.1', port: 8080, family: 6, inode: '3043360' },
    ]);
    expect(parseProcNetTcp(tcp4, 4, true)).toEqual([{ address: '0.0.0.0', port: 8000, family: 4, inode: '111' }]);
  });

  it('are read in the kernel’s byte order: a big-endian machine prints 127.0.0.1 as 7F000001', () => {
    const bigEndian = tcp4.replace('00000000:1F40 00000000:0000 0A', '7F000001:1F40 00000000:0000 0A');
    expect(parseProcNetTcp(bigEndian, 4, false)[0]?.address).toBe('127.0.0.1');
  });

  it.each([
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], '::1'],
    [[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1], '2001:db8::1:0:0:1'],
    [[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 'fe80::'],
  ])('write IPv6 addresses as Node does: %j is %s', (bytes, text) => {
    expect(ipv6Text(bytes)).toBe(text);
  });
});

describe('a process’s stat line', () => {
  it('gives its group, whatever its command name holds', () => {
    expect(groupOfStat('4242 (my (odd) server) S 4200 4100 4100 0 -1 4194560 ...')).toBe(4100);
  });

  it('gives no group for a zombie, which holds nothing', () => {
    expect(groupOfStat('4242 (python3) Z 1 4100 4100 0 -1 4194560 ...')).toBeNull();
  });
});

describe('what a program’s output names', () => {
  it.each([
    ['Error: connect ECONNREFUSED ::1:3000\n    at TCPConnectWrap.afterConnect', 'ECONNREFUSED'],
    ['Traceback (most recent call last):\nConnectionRefusedError: [Errno 111] Connection refused', 'ECONNREFUSED'],
    ['OSError: [Errno 99] Cannot assign requested address', 'EADDRNOTAVAIL'],
    ['nc: connect to ::1 port 8000 (tcp) failed: Connection refused', 'ECONNREFUSED'],
    ['socket.gaierror: [Errno -9] Address family for hostname not supported', 'EAI_ADDRFAMILY'],
    ["curl: (7) Failed to connect to ::1 port 8000 after 0 ms: Couldn't connect to server", null],
    ['EOF while reading: EPERM is no socket error', null],
  ])('%j is %s', (output, code) => {
    expect(codeInOutput(output)).toBe(code);
  });

  it('is its exit status or signal where it names nothing', () => {
    expect(programFailureCode('curl: (7) Failed to connect', { code: 7, signal: null })).toBe('EXIT7');
    expect(programFailureCode('', { code: null, signal: 'SIGSEGV' })).toBe('SIGSEGV');
  });
});

describe('glibc’s gai.conf', () => {
  it('is read as its directives, comments left out, a prefix off the well-known ones redacted', () => {
    const text = [
      '# Debian ships every line a comment',
      '#precedence ::ffff:0:0/96  100',
      'precedence  ::ffff:0:0/96  100   # IPv4 first',
      'label 2001:db8:1234::/48 9',
      'reload yes',
      'nonsense here',
    ].join('\n');
    expect(gaiConfDirectives(text)).toEqual(['precedence ::ffff:0:0/96 100', 'label <non-loopback> 9', 'reload yes']);
  });

  it('is in the setup an expectation file records: the directives, or glibc’s default', () => {
    const environment = sampleReport().environment;
    expect(setupFingerprint({ ...environment, gaiConf: { path: '/etc/gai.conf', directives: [] } })['gai.conf']).toBe(
      "glibc's default (RFC 6724: ::1 before IPv4)",
    );
    expect(
      setupFingerprint({ ...environment, gaiConf: { path: '/etc/gai.conf', directives: ['precedence ::ffff:0:0/96 100'] } })['gai.conf'],
    ).toBe('precedence ::ffff:0:0/96 100');
    expect(setupFingerprint({ ...environment, gaiConf: null })).not.toHaveProperty('gai.conf');
  });
});

describe('result orders this Node lacks', () => {
  it('leave out only the built-in Node clients that set one, and say which', () => {
    const cells = expandMatrix(defaultMatrix).filter((cell) => cell.kind === 'pair');
    const { runnable, unsupported } = cellsWithResultOrders(cells, ['verbatim', 'ipv4first']);
    expect(unsupported).toEqual(['ipv6first']);
    expect(cells.length - runnable.length).toBe(cells.filter((cell) => cell.client.order === 'ipv6first').length);
    expect(runnable.some((cell) => cell.kind === 'pair' && cell.client.order === 'ipv4first')).toBe(true);
  });
});
