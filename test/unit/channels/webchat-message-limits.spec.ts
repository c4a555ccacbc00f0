import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { WebchatMessageLimits } from '../../../channels/webchat/message-limits';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Both web chat message limits in one script, on the real Redis. */
describe('WebchatMessageLimits', () => {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const redis = new IORedis(REDIS_URL, { enableAutoPipelining: true });
  const limits = new WebchatMessageLimits(redis, prefix, { points: 3, seconds: 60 }, { points: 5, seconds: 60 });

  beforeAll(async () => void (await redis.ping()));

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('refuses the visitor past their limit, then the address past its limit, giving the visitor their point back', async () => {
    for (let i = 0; i < 3; i++) expect(await limits.consume('a', '10.0.0.1')).toEqual({ ok: true });
    const byVisitor = await limits.consume('a', '10.0.0.1');
    expect(byVisitor).toMatchObject({ ok: false, by: 'visitor' });
    expect((byVisitor as { msBeforeNext: number }).msBeforeNext).toBeGreaterThan(50_000);
    // The visitor's refusal did not count against the address: another visitor there has two left.
    expect(await limits.consume('b', '10.0.0.1')).toEqual({ ok: true });
    expect(await limits.consume('b', '10.0.0.1')).toEqual({ ok: true });
    expect(await limits.consume('b', '10.0.0.1')).toMatchObject({ ok: false, by: 'address' });
    expect(await redis.get(`${prefix}:rl:webchat:b`)).toBe('2');
    expect(await redis.get(`${prefix}:rl:webchat-ip:10.0.0.1`)).toBe('6');
    // Same keys and window as rate-limiter-flexible's limiter: both expire with their window.
    expect(await redis.ttl(`${prefix}:rl:webchat-ip:10.0.0.1`)).toBeGreaterThan(50);
    // Another address is counted on its own.
    expect(await limits.consume('c', '10.0.0.2')).toEqual({ ok: true });
  });

  it('fails at once while Redis is not connected instead of waiting for it', async () => {
    const away = new IORedis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
    const offline = new WebchatMessageLimits(away, prefix, { points: 3, seconds: 60 }, { points: 5, seconds: 60 });
    await expect(offline.consume('a', '10.0.0.9')).rejects.toThrow(/Redis is/);
    away.disconnect();
  });
});
