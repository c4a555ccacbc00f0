import IORedis from 'ioredis';
import { TestRedis } from '../../support/redis-server';
import { ResolvedConfig } from '../../../src/config/hub-config';
import { RedisConnections } from '../../../src/redis/redis-connections';
import { RealtimeService } from '../../../src/realtime/realtime.service';

/** A worker's detached socket.io emitter: both adapters (pushes, console events) and their read connections end at shutdown. */
describe('RealtimeService detached emitter shutdown', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await TestRedis.start();
  });
  afterAll(async () => {
    await redis.stop();
  });

  const hubConnections = async (): Promise<string[]> => {
    const c = new IORedis(redis.url);
    try {
      const list = (await c.client('LIST')) as string;
      return list
        .split('\n')
        .map((l) => /name=(\S*)/.exec(l)?.[1] ?? '')
        .filter((n) => n.startsWith('hub-'))
        .sort();
    } finally {
      await c.quit();
    }
  };

  it('leaves no Redis connection open, also when the worker never emitted to the console', async () => {
    const conns = new RedisConnections({ redisUrl: redis.url, REDIS_PREFIX: 'rt' } as ResolvedConfig);
    const realtime = new RealtimeService(conns);
    await realtime.openEmitter();
    realtime.emit('/webchat', 'visitor:x', 'message', { text: 'halo' });
    await new Promise((r) => setTimeout(r, 200));
    expect(await hubConnections()).toEqual(expect.arrayContaining(['hub-socketio', 'hub-socketio-console']));
    await realtime.onApplicationShutdown();
    await conns.onApplicationShutdown();
    // A stream reader ends when its XREAD BLOCK (5 s) returns.
    await new Promise((r) => setTimeout(r, 5_500));
    expect(await hubConnections()).toEqual([]);
  }, 20_000);
});
