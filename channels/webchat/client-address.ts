import { isIP } from 'node:net';

const isLoopback = (ip: string): boolean => (isIP(ip) === 4 ? ip.startsWith('127.') : ip === '::1');

/** IPv4-mapped IPv6 (::ffff:1.2.3.4) is the IPv4 address; zone ids do not name another host. */
const normalize = (raw: string): string => {
  const ip = raw.trim().replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1] : ip.toLowerCase();
};

/** The /64 an IPv6 address is in: one subscriber usually holds a whole /64, so counting single addresses would not limit anyone. */
function v6Network(ip: string): string {
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  // A trailing dotted IPv4 part fills two groups.
  const groups = h.length + t.length + (ip.includes('.') ? 1 : 0);
  const full = tail === undefined ? h : [...h, ...Array<string>(Math.max(0, 8 - groups)).fill('0'), ...t];
  return `${full
    .slice(0, 4)
    .map((g) => parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`;
}

/**
 * The client address web chat limits are counted against. It follows the
 * rule Express applies with `trust proxy` = loopback (src/main.ts), so REST
 * and socket.io agree on who a client is: X-Forwarded-For is believed only
 * for hops that arrived from a loopback address (a reverse proxy on this
 * machine). Walking the header from the right, the first address that is not
 * loopback is the client; a client connecting directly from elsewhere cannot
 * pick its address by sending the header, and entries a client wrote to the
 * left of what the proxy appended are never reached.
 */
export function clientAddress(remote: string | undefined, forwardedFor: string | string[] | undefined): string {
  const hops = [
    remote ?? '',
    ...[forwardedFor ?? []]
      .flat()
      .join(',')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .reverse(),
  ].map(normalize);
  let addr = hops[0];
  for (let i = 1; i < hops.length && isLoopback(addr); i++) {
    // A proxy that forwards garbage is not believed past that point.
    if (!isIP(hops[i])) break;
    addr = hops[i];
  }
  return isIP(addr) === 6 && !isLoopback(addr) ? v6Network(addr) : addr || 'unknown';
}
