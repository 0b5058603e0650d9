import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';

// What the host offers, so tests skip with a reason instead of failing where a feature is missing.

/** Whether a TCP socket can be bound to ::1 on this host. */
export const hostHasIpv6 = await new Promise<boolean>((resolve) => {
  const probe = net.createServer();
  probe.once('error', () => resolve(false));
  probe.listen({ host: '::1', port: 0 }, () => probe.close(() => resolve(true)));
});

/** Whether this is Linux, where the expectations below were checked. */
export const isLinux = process.platform === 'linux';

/** The pids of live processes whose environment carries this tag (Linux: reads /proc). */
export const taggedProcesses = (tag: string): number[] =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`SOCKMATRIX_TEST_TAG=${tag}`);
      } catch {
        return false;
      }
    })
    .map(Number);
