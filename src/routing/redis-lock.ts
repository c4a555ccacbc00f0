import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** A short Redis lock (SET NX PX) shared by every process; released only by its holder. */
export async function withRedisLock<T>(
  redis: Redis,
  key: string,
  ttlMs: number,
  waitMs: number,
  fn: () => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  const token = randomBytes(12).toString('hex');
  const deadline = Date.now() + waitMs;
  for (;;) {
    if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK') break;
    if (Date.now() >= deadline) return { ran: false };
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 50));
  }
  try {
    return { ran: true, value: await fn() };
  } finally {
    await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
  }
}
