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
