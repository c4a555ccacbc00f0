import IORedis from 'ioredis';
import { TelegramRateLimiter } from '../../../channels/telegram/telegram-rate-limit';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('Telegram outbound rate limiter (Redis)', () => {
  const redis = new IORedis(REDIS_URL);
  const prefix = `tr${Date.now().toString(36)}`;

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('spaces messages to one chat by the interval and keeps their order', async () => {
    const rl = new TelegramRateLimiter(() => redis, prefix, 1000, 30);
    expect(await rl.acquire('42', 'm1')).toBe(0);
    const w2 = await rl.acquire('42', 'm2');
    const w3 = await rl.acquire('42', 'm3');
    expect(w2).toBeGreaterThan(900);
    expect(w3).toBeGreaterThan(w2 + 900);
    // Another chat is not held up.
    expect(await rl.acquire('43', 'x1')).toBe(0);
    // m2 keeps its reserved slot: asking again does not push it back.
    const again = await rl.acquire('42', 'm2');
    expect(again).toBeLessThanOrEqual(w2);
    await new Promise((r) => setTimeout(r, again + 20));
    expect(await rl.acquire('42', 'm2')).toBe(0);
  });

  it('caps messages per second for the whole bot', async () => {
    const rl = new TelegramRateLimiter(() => redis, `${prefix}:g`, 0, 5);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) waits.push(await rl.acquire(`chat${i}`, `g${i}`));
    const immediate = waits.filter((w) => w === 0).length;
    // Five fit in the current second (six or more only if the second turned over mid-loop).
    expect(immediate).toBeGreaterThanOrEqual(5);
    expect(waits.some((w) => w > 0) || immediate > 5).toBe(true);
    expect(Math.max(...waits)).toBeLessThanOrEqual(1000);
  });
});
