import { HubEnv, HubProcess } from '../support/hub-process';
import { TestRedis } from '../support/redis-server';

const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'a-production-jwt-secret-of-enough-length-123' };

type Redis = { status: string; persistence: string; embedded?: string; warning?: string };
type Health = { status: string; info: { redis: Redis } };

async function health(hub: HubProcess): Promise<{ code: number; body: Health }> {
  const r = await fetch(`${hub.url}/health`);
  return { code: r.status, body: (await r.json()) as Health };
}

/**
 * The no-loss promise needs a Redis that persists: /health says whether the
 * one in use does, and warns in production when it does not — also when the
 * embedded default found someone else's Redis on the local port.
 */
describe('Redis durability in /health', () => {
  const redises: TestRedis[] = [];
  const envs: HubEnv[] = [];
  let hubs: Record<'aof' | 'bare' | 'found' | 'dev', HubProcess>;

  const hubOn = async (extra: Record<string, string>) => {
    const env = new HubEnv('sqlite', extra);
    envs.push(env);
    return env.start('all');
  };

  beforeAll(async () => {
    const [aof, bare] = await Promise.all([TestRedis.start('aof'), TestRedis.start('none')]);
    redises.push(aof, bare);
    // One Redis without persistence serves three installations (their own key prefixes), all at once.
    const [a, b, f, d] = await Promise.all([
      hubOn({ ...PRODUCTION, REDIS_URL: aof.url }),
      hubOn({ ...PRODUCTION, REDIS_URL: bare.url }),
      hubOn({ ...PRODUCTION, REDIS_URL: '', EMBEDDED_REDIS_PORT: String(bare.port) }),
      hubOn({ REDIS_URL: bare.url }),
    ]);
    hubs = { aof: a, bare: b, found: f, dev: d };
  });

  afterAll(async () => {
    await Promise.all(envs.map((e) => e.stop()));
    await Promise.all(redises.map((r) => r.stop()));
  });

  it('reports AOF and stays quiet when Redis keeps an append-only file', async () => {
    const { code, body } = await health(hubs.aof);
    expect(code).toBe(200);
    expect(body.info.redis).toMatchObject({ status: 'up', persistence: 'aof' });
    expect(body.info.redis.warning).toBeUndefined();
  });

  it('warns in production, status still up, when Redis does not persist', async () => {
    const { code, body } = await health(hubs.bare);
    expect(code).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.info.redis).toMatchObject({ status: 'up', persistence: 'none', warning: expect.stringMatching(/does not persist.*appendonly yes/) });
    expect(body.info.redis.embedded).toBeUndefined();
  });

  it('says when the embedded default found a Redis already running instead of starting its own append-only one', async () => {
    expect(hubs.found.output).toMatch(/using the Redis already running on 127\.0\.0\.1:\d+/);
    const { body } = await health(hubs.found);
    expect(body.info.redis).toMatchObject({
      persistence: 'none',
      embedded: 'found-running',
      warning: expect.stringMatching(/already running on the local port/),
    });
  });

  it('does not warn outside production', async () => {
    const { body } = await health(hubs.dev);
    expect(body.info.redis).toMatchObject({ status: 'up', persistence: 'none' });
    expect(body.info.redis.warning).toBeUndefined();
  });
});
