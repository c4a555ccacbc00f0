import { HubEnv } from '../support/hub-process';
import { TestRedis } from '../support/redis-server';
import { WebchatClient } from '../support/webchat-client';

/**
 * The web chat contract while Redis is away: every `message` emit with an ack
 * callback gets `{ ok: false, error }` in Indonesian (the rate limiters, the
 * queue and the session store all live in Redis), never a socket.io
 * `exception`; once Redis is back, messages go through and get replies again.
 */
describe('web chat while Redis is away', () => {
  let redis: TestRedis;
  let env: HubEnv;
  afterAll(async () => {
    await env?.stop();
    await redis?.stop();
  });

  it('acks every message with a clear error during the outage and recovers after it', async () => {
    redis = await TestRedis.start();
    env = new HubEnv('sqlite', { REDIS_URL: redis.url });
    const hub = await env.start('all');
    const c = new WebchatClient(hub.url);
    const exceptions: unknown[] = [];
    c.socket.on('exception', (e: unknown) => exceptions.push(e));
    try {
      await c.ready();
      expect((await c.ask('halo')).sender).toBe('bot');

      await redis.kill();
      for (let i = 0; i < 3; i++) {
        const ack = await c.send({ clientMessageId: `down-${i}`, text: 'apakah ada yang membaca?' });
        expect(ack).toEqual({ ok: false, error: expect.stringMatching(/Layanan sedang terganggu.*coba lagi/) });
      }
      // History is read from the database alone: it still answers.
      expect((await c.history()).ok).toBe(true);
      expect(exceptions).toEqual([]);
      // The connection itself stays up: the visitor can simply try again.
      expect(c.socket.connected).toBe(true);

      await redis.restart();
      let ack: { ok: boolean; error?: string } = { ok: false };
      for (const until = Date.now() + 20_000; !ack.ok && Date.now() < until;) {
        ack = await c.send({ clientMessageId: 'after', text: 'syarat izin usaha' });
        if (!ack.ok) await new Promise((r) => setTimeout(r, 250));
      }
      expect(ack.ok).toBe(true);
      const before = c.received.filter((m) => m.sender === 'bot').length;
      await c.waitFor(() => c.received.filter((m) => m.sender === 'bot').length > before, 20_000);
      expect(exceptions).toEqual([]);
      expect(hub.child.exitCode).toBeNull();
    } finally {
      c.close();
    }
  });
});
