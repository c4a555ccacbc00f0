import { eventually, HubEnv } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

/**
 * A worker killed (SIGKILL) while it holds an inbound job, at each step of
 * the pipeline: after restart the message is handled exactly once — one
 * stored message, one stored reply, one reply delivered.
 */
describe.each(['inbound.after-persist', 'inbound.before-replies', 'inbound.after-deliver'])('worker killed at %s', (point) => {
  let env: HubEnv;
  afterAll(async () => env?.stop());

  it('handles the message exactly once after restart', async () => {
    env = new HubEnv('postgres');
    const api = await env.start('api');
    const doomed = await env.start('worker', { HUB_FAULT_POINT: point });
    const c = new WebchatClient(api.url);
    try {
      await c.ready();
      const ack = await c.send({ clientMessageId: 'crash-1', text: 'halo, tolong bantu' });
      expect(ack.ok).toBe(true);

      // The worker dies with the job in hand.
      await doomed.waitExit();
      expect(doomed.child.signalCode).toBe('SIGKILL');

      await env.start('worker');
      const reply = await c.waitFor((m) => m.sender === 'bot', 30_000);
      expect(reply.conversationId).toBe(c.session!.conversationId);

      // Give a duplicate every chance to show up before counting.
      await new Promise((r) => setTimeout(r, 4000));
      const rows = await env.query<{ direction: string; delivery_status: string }>(
        'SELECT direction, delivery_status FROM messages WHERE conversation_id = ?',
        [c.session!.conversationId],
      );
      expect(rows.filter((r) => r.direction === 'in')).toHaveLength(1);
      expect(rows.filter((r) => r.direction === 'out')).toHaveLength(1);
      expect(rows.find((r) => r.direction === 'out')!.delivery_status).toBe('sent');
      expect(c.received.filter((m) => m.sender === 'bot')).toHaveLength(1);
      const handled = await env.query<{ handled_at: unknown }>('SELECT handled_at FROM messages WHERE id = ?', [ack.messageId]);
      expect(handled[0].handled_at).not.toBeNull();
    } finally {
      c.close();
    }
  });
});

describe('several processes on one Redis and PostgreSQL', () => {
  let env: HubEnv;
  afterAll(async () => env?.stop());

  it('delivers a reply produced by the worker to citizens connected to either api process', async () => {
    env = new HubEnv('postgres');
    const [apiA, apiB] = await Promise.all([env.start('api'), env.start('api')]);
    await env.start('worker');
    const a = new WebchatClient(apiA.url);
    const b = new WebchatClient(apiB.url);
    try {
      await Promise.all([a.ready(), b.ready()]);
      // The same visitor with a second tab on the other api process.
      const b2 = new WebchatClient(apiB.url, a.session!.visitorToken);
      await b2.ready();
      expect(b2.session!.conversationId).toBe(a.session!.conversationId);

      expect((await b.send({ clientMessageId: 'mp-1', text: 'halo dari B' })).ok).toBe(true);
      expect((await a.send({ clientMessageId: 'mp-2', text: 'halo dari A' })).ok).toBe(true);
      await b.waitFor((m) => m.sender === 'bot');
      await a.waitFor((m) => m.sender === 'bot');
      await b2.waitFor((m) => m.sender === 'bot');
      // Nobody receives another visitor's reply.
      await new Promise((r) => setTimeout(r, 500));
      expect(a.received.every((m) => m.conversationId === a.session!.conversationId)).toBe(true);
      expect(b.received.every((m) => m.conversationId === b.session!.conversationId)).toBe(true);
      b2.close();
      await eventually(async () => (await env.query('SELECT id FROM messages')).length === 4);
    } finally {
      a.close();
      b.close();
    }
  });
});

describe('worker killed between an inline web chat push and its sent mark', () => {
  let env: HubEnv;
  afterAll(async () => env?.stop());

  it('the re-run does not push the same reply again', async () => {
    env = new HubEnv('postgres');
    const api = await env.start('api');
    const doomed = await env.start('worker', { HUB_FAULT_POINT: 'outbound.after-push' });
    const c = new WebchatClient(api.url);
    try {
      await c.ready();
      const ack = await c.send({ clientMessageId: 'push-once', text: 'halo, tolong bantu' });
      expect(ack.ok).toBe(true);
      // Pushed, then killed before the 'sent' mark committed: the row is still 'pending'.
      await doomed.waitExit();
      expect(doomed.child.signalCode).toBe('SIGKILL');
      const reply = await c.waitFor((m) => m.sender === 'bot', 10_000);
      const [row] = await env.query<{ delivery_status: string }>('SELECT delivery_status FROM messages WHERE id = ?', [reply.id]);
      expect(row.delivery_status).toBe('pending');

      // The re-run (stalled job, then the outbound queue) records it as sent without pushing it again.
      await env.start('worker');
      await eventually(
        async () =>
          (await env.query<{ delivery_status: string }>('SELECT delivery_status FROM messages WHERE id = ?', [reply.id]))[0].delivery_status === 'sent',
        30_000,
      );
      await new Promise((r) => setTimeout(r, 2000));
      // Counted by message id on the raw socket: the widget's own dedupe plays no part.
      expect(c.received.filter((m) => m.id === reply.id)).toHaveLength(1);
      expect(c.received.filter((m) => m.sender === 'bot')).toHaveLength(1);
    } finally {
      c.close();
    }
  });
});
