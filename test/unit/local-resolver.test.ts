import { describe, expect, it } from 'vitest';
import { hostsSources, readResolver } from '../../harness/local-resolver.js';

// Reading nsswitch.conf's say on host names: which sources answer, and so whether a lookup may ask DNS.

describe("nsswitch.conf's hosts line", () => {
  it.each([
    ['hosts:          files dns', ['files', 'dns']],
    ['hosts: files mdns4_minimal [NOTFOUND=return] dns myhostname', ['files', 'mdns4_minimal', 'dns', 'myhostname']],
    ['hosts: files', ['files']],
    ['  hosts : files # the hosts file alone', ['files']],
    ['passwd: files\n# hosts: nis\nhosts: files resolve [!UNAVAIL=return] dns\nnetworks: files', ['files', 'resolve', 'dns']],
    ['passwd: files systemd\ngroup: files', null],
    ['', null],
  ])('%j names the sources %j', (text, sources) => {
    expect(hostsSources(text)).toEqual(sources);
  });
});

describe('the resolver a run records', () => {
  it('is the system one, with no nsswitch.conf read, off Linux', async () => {
    expect(await readResolver('darwin')).toEqual({ mode: 'system', nsswitchHosts: null });
    expect(await readResolver('win32')).toEqual({ mode: 'system', nsswitchHosts: null });
  });
});
