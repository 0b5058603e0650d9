import { describe, expect, it } from 'vitest';
import { linuxSysctls } from '../../harness/environment.js';

// The one Linux-only fact the fingerprint reads: read on Linux, never looked for elsewhere.

describe('linuxSysctls', () => {
  it.each(['darwin', 'win32', 'freebsd', 'openbsd', 'sunos', 'aix'] as const)('is null on %s, without reading /proc', async (platform) => {
    const asked: string[] = [];
    const read = async (path: string): Promise<number | null> => {
      asked.push(path);
      return 0;
    };
    expect(await linuxSysctls(platform, read)).toBeNull();
    expect(asked).toEqual([]);
  });

  it('reads the three sysctls on Linux', async () => {
    const values: Record<string, number | null> = {
      '/proc/sys/net/ipv6/bindv6only': 1,
      '/proc/sys/net/ipv6/conf/all/disable_ipv6': 0,
      '/proc/sys/net/ipv6/conf/lo/disable_ipv6': null,
    };
    expect(await linuxSysctls('linux', async (path) => values[path] ?? null)).toEqual({
      bindv6only: 1,
      disableIpv6All: 0,
      disableIpv6Lo: null,
    });
  });
});
