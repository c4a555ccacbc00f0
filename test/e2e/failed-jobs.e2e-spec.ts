import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { eventually, HubEnv, REDIS_URL } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

/**
 * An outbound message that cannot be sent is retried with backoff, then
 * parked as failed: visible in the admin API, marked failed on the message,
 * and sent once an administrator retries it after the cause is fixed.
 */
describe('failed outbound jobs', () => {
  let env: HubEnv;
  afterAll(async () => env?.stop());

  it('are kept, listed and retryable', async () => {
    env = new HubEnv('postgres', { OUTBOUND_ATTEMPTS: '2', OUTBOUND_BACKOFF_MS: '100', ADMIN_TOKEN: 'test-admin-token-0123456789' });
    const hub = await env.start('all');
    const c = new WebchatClient(hub.url);
    const conn = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('outbound-webchat', { connection: conn, prefix: env.id });
    try {
      await c.ready();
      await c.send({ clientMessageId: 'seed', text: 'halo' });
      await c.waitFor((m) => m.sender === 'bot');
      const [{ identity_id }] = await env.query<{ identity_id: string }>("SELECT identity_id FROM messages WHERE direction = 'in'");

      // A reply whose recipient is unknown cannot be delivered.
      const id = randomUUID();
      await env.query(
        `INSERT INTO messages (id, conversation_id, direction, sender_kind, channel, identity_id, text, attachments, is_private, delivery_status, created_at)
         VALUES (?, ?, 'out', 'system', 'webchat', NULL, 'pesan uji', '[]', false, 'pending', now())`,
        [id, c.session!.conversationId],
      );
      await queue.add('send', { messageId: id }, { jobId: id, attempts: 2, backoff: { type: 'fixed', delay: 100 }, removeOnFail: false });

      const auth = { authorization: 'Bearer test-admin-token-0123456789' };
      expect((await fetch(`${hub.url}/api/admin/queues/failed`)).status).toBe(401);
      const failed = await eventually(async () => {
        const body = await (await fetch(`${hub.url}/api/admin/queues/failed`, { headers: auth })).json();
        return body.jobs.find((j: { id: string }) => j.id === id);
      });
      expect(failed).toMatchObject({ queue: 'outbound-webchat', attemptsMade: 2, failedReason: expect.stringContaining('recipient') });
      await eventually(
        async () => (await env.query<{ delivery_status: string }>('SELECT delivery_status FROM messages WHERE id = ?', [id]))[0].delivery_status === 'failed',
      );

      expect((await fetch(`${hub.url}/api/admin/queues/outbound-webchat/jobs/nope/retry`, { method: 'POST', headers: auth })).status).toBe(404);
      expect((await fetch(`${hub.url}/api/admin/queues/no-such-queue/jobs/${id}/retry`, { method: 'POST', headers: auth })).status).toBe(404);

      // The cause is fixed; the administrator retries; the citizen gets the message once.
      await env.query('UPDATE messages SET identity_id = ? WHERE id = ?', [identity_id, id]);
      const retry = await fetch(`${hub.url}/api/admin/queues/outbound-webchat/jobs/${id}/retry`, { method: 'POST', headers: auth });
      expect(await retry.json()).toEqual({ retried: true });
      const got = await c.waitFor((m) => m.id === id);
      expect(got.text).toBe('pesan uji');
      await eventually(
        async () => (await env.query<{ delivery_status: string }>('SELECT delivery_status FROM messages WHERE id = ?', [id]))[0].delivery_status === 'sent',
      );
    } finally {
      c.close();
      await queue.close();
      await conn.quit();
    }
  });
});
