import { HubEnv, HubProcess } from '../support/hub-process';
import { terminateConnections } from '../support/pg-terminate';
import { TestRedis } from '../support/redis-server';
import { WebchatClient } from '../support/webchat-client';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * An api and a worker under a small web chat load live through a Redis
 * restart (kill -9, then start again on the same port) and their PostgreSQL
 * connections being terminated: neither process exits by itself, and
 * messages get replies again once both are back.
 */
describe('Redis and PostgreSQL restarts under load', () => {
  let redis: TestRedis;
  let env: HubEnv;
  afterAll(async () => {
    await env?.stop();
    await redis?.stop();
  });

  it('no process exits and messages are answered after recovery', async () => {
    redis = await TestRedis.start('aof');
    env = new HubEnv('postgres', { REDIS_URL: redis.url, WEBCHAT_RATE_PER_MIN: '1000', WEBCHAT_MESSAGES_PER_IP_PER_MIN: '10000' });
    const app = `hub-${env.id}`;
    const procs: HubProcess[] = [await env.start('api', { PGAPPNAME: app }), await env.start('worker', { PGAPPNAME: app })];
    const [api] = procs;
    let exits = 0;
    for (const p of procs) p.child.once('exit', () => exits++);

    const clients = Array.from({ length: 4 }, () => new WebchatClient(api.url));
    try {
      await Promise.all(clients.map((c) => c.ready()));
      let stop = false;
      let sent = 0;
      const load = Promise.all(
        clients.map(async (c, i) => {
          for (let n = 0; !stop; n++) {
            // Refusals during the outage are expected (and acked); what matters is that nobody dies.
            await c.send({ clientMessageId: `load-${i}-${n}`, text: 'syarat izin usaha' }).catch(() => undefined);
            sent++;
            await sleep(400);
          }
        }),
      );
      await sleep(3000);
      await redis.kill();
      await sleep(2000);
      await redis.restart();
      await sleep(3000);
      const cut = await terminateConnections(app);
      expect(cut).toBeGreaterThan(0);
      await sleep(3000);
      await terminateConnections(app);
      // Keep the load on for a while after both came back: late failures (a reconnect's rejection) show here.
      await sleep(8000);
      stop = true;
      await load;
      expect(sent).toBeGreaterThan(40);
      expect(exits).toBe(0);
      for (const p of procs) expect(p.child.exitCode).toBeNull();

      // Recovered: every visitor gets an answer again.
      for (const c of clients) expect((await c.ask('halo', 'bot', 30_000)).sender).toBe('bot');
      expect(exits).toBe(0);
      expect(procs.map((p) => p.output).join('\n')).not.toMatch(/Unhandled error event/);
    } finally {
      for (const c of clients) c.close();
    }
  });
});
