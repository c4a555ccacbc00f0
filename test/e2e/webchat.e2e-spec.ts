import { DbKind, eventually, HubEnv, HubProcess } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

/** The web chat contract end to end, on each database the hub supports. */
describe.each<DbKind>(['sqlite', 'postgres'])('web chat on %s', (db) => {
  let env: HubEnv;
  let hub: HubProcess;
  const clients: WebchatClient[] = [];
  const client = (token?: string) => {
    const c = new WebchatClient(hub.url, token);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    env = new HubEnv(db);
    hub = await env.start('all');
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => env.stop());

  const countMessages = async (conversationId: string, direction?: string) =>
    Number(
      (
        await env.query<{ n: number }>(
          `SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ?${direction ? ' AND direction = ?' : ''}`,
          direction ? [conversationId, direction] : [conversationId],
        )
      )[0].n,
    );

  // The loopback shortcut needs an explicit DEMO_MODE=true (issue 11): the implicit SQLite demo no longer opens it.
  it('keeps the admin API closed to requests from this machine unless DEMO_MODE=true is set explicitly', async () => {
    const r = await fetch(`${hub.url}/api/admin/queues/failed`);
    expect(r.status).toBe(403);
  });

  it('stores a message and delivers the reply', async () => {
    const c = client();
    await c.ready();
    expect(c.session!.visitorToken).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    const ack = await c.send({ clientMessageId: 'm-1', text: 'halo, mau tanya izin' });
    expect(ack).toEqual({ ok: true, messageId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const reply = await c.waitFor((m) => m.sender === 'bot');
    expect(reply.conversationId).toBe(c.session!.conversationId);
    expect(reply.text.length).toBeGreaterThan(0);
    const rows = await env.query<{ text: string; sender_kind: string; direction: string }>(
      'SELECT text, sender_kind, direction FROM messages WHERE conversation_id = ? ORDER BY created_at',
      [c.session!.conversationId],
    );
    expect(rows[0]).toMatchObject({ text: 'halo, mau tanya izin', sender_kind: 'citizen', direction: 'in' });
    expect(rows.some((r) => r.direction === 'out' && r.sender_kind === 'bot')).toBe(true);
  });

  it('stores a message sent twice with the same clientMessageId once, and answers once', async () => {
    const c = client();
    await c.ready();
    const [a, b] = await Promise.all([c.send({ clientMessageId: 'dup-1', text: 'halo' }), c.send({ clientMessageId: 'dup-1', text: 'halo' })]);
    const again = await c.send({ clientMessageId: 'dup-1', text: 'halo' });
    expect(a.ok && b.ok && again.ok).toBe(true);
    expect(b.messageId).toBe(a.messageId);
    expect(again.messageId).toBe(a.messageId);
    await c.waitFor((m) => m.sender === 'bot');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await countMessages(c.session!.conversationId, 'in')).toBe(1);
    expect(await countMessages(c.session!.conversationId, 'out')).toBe(1);
    expect(c.received.filter((m) => m.sender === 'bot')).toHaveLength(1);
  });

  it('resumes the same conversation when reconnecting with the token, and catches up with history', async () => {
    const first = client();
    await first.ready();
    const ack = await first.send({ clientMessageId: 'r-1', text: 'permisi' });
    await first.waitFor((m) => m.sender === 'bot');
    first.close();

    const again = client(first.session!.visitorToken);
    await again.ready();
    expect(again.session).toEqual(first.session);
    const h = await again.history();
    expect(h.ok).toBe(true);
    expect(h.messages!.map((m) => m.sender)).toEqual(['citizen', 'bot']);
    expect(h.messages![0].id).toBe(ack.messageId);
    const after = await again.history(ack.messageId);
    expect(after.messages!.map((m) => m.sender)).toEqual(['bot']);

    const stranger = client('not-a-known-token-abcdef');
    await stranger.ready();
    expect(stranger.session!.conversationId).not.toBe(first.session!.conversationId);
  });

  it('rejects invalid payloads with a clear error and stores nothing', async () => {
    const c = client();
    await c.ready();
    const bad: unknown[] = [
      { clientMessageId: 'x1', text: '' },
      { clientMessageId: 'x2', text: '    \n ' },
      { clientMessageId: 'x3', text: 'a'.repeat(4001) },
      { clientMessageId: 'x4' },
      { text: 'tanpa id' },
      { clientMessageId: 'x5', text: 42 },
      { clientMessageId: 'x6', text: 'ok', extra: true },
      'just a string',
      null,
    ];
    for (const payload of bad) {
      const ack = await c.send(payload);
      expect(ack.ok).toBe(false);
      expect(typeof ack.error).toBe('string');
      expect(ack.error!.length).toBeGreaterThan(3);
    }
    const long = await c.send({ clientMessageId: 'x7', text: 'a'.repeat(4001) });
    expect(long.error).toMatch(/4000/);
    const unknownHistory = await c.history('00000000-0000-4000-8000-000000000000');
    expect(unknownHistory.ok).toBe(false);
    await new Promise((r) => setTimeout(r, 500));
    expect(await countMessages(c.session!.conversationId)).toBe(0);
  });

  it('limits a flood from one visitor without losing what was accepted', async () => {
    const c = client();
    await c.ready();
    const acks = [];
    for (let i = 0; i < 40; i++) acks.push(await c.send({ clientMessageId: `f-${i}`, text: `pesan ${i}` }));
    const accepted = acks.filter((a) => a.ok);
    const refused = acks.filter((a) => !a.ok);
    expect(accepted.length).toBe(30);
    expect(refused[0].error).toMatch(/Terlalu banyak/);
    await eventually(async () => (await countMessages(c.session!.conversationId, 'in')) === 30);
  });

  it('reports health with database, Redis and queue depth', async () => {
    const res = await fetch(`${hub.url}/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.info.database.status).toBe('up');
    expect(body.info.redis.status).toBe('up');
    expect(body.info.queues.depth.inbound).toEqual(expect.objectContaining({ waiting: expect.any(Number) }));
  });
});
