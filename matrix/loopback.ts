// Which addresses sockmatrix may dial or bind: loopback only, never a packet off the machine.
// No imports: the client agent loads this file too, on every cell.

const ipv4Loopback = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Whether an IPv4 literal lies in 127.0.0.0/8. */
const isIpv4Loopback = (address: string): boolean => {
  const match = ipv4Loopback.exec(address);
  return match?.slice(1).every((octet) => Number(octet) <= 255) ?? false;
};

/** Whether an address literal is a loopback address: 127/8, ::1, or 127/8 mapped into IPv6. */
export const isLoopbackAddress = (address: string): boolean => {
  const lower = address.toLowerCase();
  if (isIpv4Loopback(lower)) return true;
  if (lower === '::1' || lower === '0:0:0:0:0:0:0:1') return true;
  const mapped = /^(?:0:0:0:0:0:|::)ffff:(.+)$/.exec(lower);
  return mapped?.[1] !== undefined && isIpv4Loopback(mapped[1]);
};

/** Whether a client may dial this target: a loopback literal or the name localhost. */
export const isLoopbackTarget = (target: string): boolean => target.toLowerCase() === 'localhost' || isLoopbackAddress(target);

/** Whether a server may bind this address: a loopback target or a wildcard. */
export const isAllowedBind = (address: string): boolean => address === '0.0.0.0' || address === '::' || isLoopbackTarget(address);
