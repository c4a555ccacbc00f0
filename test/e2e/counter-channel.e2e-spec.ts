import { ConsoleApi, DEMO } from '../support/console-client';
import { eventually, HubEnv, HubProcess } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

/**
 * A citizen who chats and then walks in (issue 11, items 6 and 7): the counter
 * visit joins their conversation without moving it off their channel, so an
 * officer's reply still reaches them; and reads of personal data outside the
 * counter officer's own list (live watch, earlier messages, canned responses
 * filled with the citizen's data) are audited.
 */
describe('counter visits and the citizen channel (sqlite)', () => {
  let env: HubEnv;
  let hub: HubProcess;
  let counter: ConsoleApi, supervisor: ConsoleApi;
  const clients: WebchatClient[] = [];

  beforeAll(async () => {
    env = new HubEnv('sqlite', { DEMO_MODE: 'true' });
    hub = await env.start('all');
    [counter, supervisor] = await Promise.all([DEMO.counter, DEMO.supervisor].map((e) => ConsoleApi.login(hub.url, e)));
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await env.stop();
  });

  const citizen = async (text: string) => {
    const c = new WebchatClient(hub.url);
    clients.push(c);
    await c.ready();
    expect((await c.send({ clientMessageId: `c-${clients.length}`, text })).ok).toBe(true);
    await c.waitFor((m) => m.sender === 'bot');
    return c;
  };
  const audit = async (action: string, targetId: string) =>
    (await supervisor.get(`/api/audit?action=${action}&targetId=${targetId}`)).body.items as { actorId: string }[];

  it('a counter visit keeps a web chat conversation on web chat, and the officer reply reaches the citizen there', async () => {
    const c = await citizen('saya mau bicara dengan petugas');
    const id = c.session!.conversationId;
    const before = await eventually(async () => {
      const r = await supervisor.get(`/api/conversations/${id}`);
      return r.body.conversation?.status === 'pending' ? r.body.conversation : null;
    });

    const visit = await counter.post('/api/counter/conversations', { contactId: before.contactId, subject: 'Datang ke loket' });
    expect(visit.status).toBe(201);
    expect(visit.body.created).toBe(false);
    // The console shows where a reply goes: the citizen's channel, not the counter.
    expect(visit.body.conversation).toEqual(expect.objectContaining({ id, channel: 'webchat', status: 'open', assigneeId: counter.userId }));
    expect(visit.body.conversation.labels).toContain('loket-mpp');

    const reply = await counter.post(`/api/conversations/${id}/messages`, { text: 'Berkas Bapak sudah kami terima di loket, hasilnya kami kabari di sini.' });
    expect(reply.status).toBe(201);
    const got = await c.waitFor((m) => /sudah kami terima di loket/.test(m.text));
    expect(got.sender).toBe('agent');
    const rows = await env.query<{ channel: string; delivery_status: string }>('SELECT channel, delivery_status FROM messages WHERE id = ?', [reply.body.id]);
    expect(rows[0].channel).toBe('webchat');
    await eventually(
      async () =>
        (await env.query<{ delivery_status: string }>('SELECT delivery_status FROM messages WHERE id = ?', [reply.body.id]))[0].delivery_status === 'sent',
    );
    const conv = await env.query<{ channel: string }>('SELECT channel FROM conversations WHERE id = ?', [id]);
    expect(conv[0].channel).toBe('webchat');
  });

  it('audits a counter officer reading a conversation outside the counter: live watch, earlier messages', async () => {
    const c = await citizen('halo, saya mau tanya syarat PBG');
    const id = c.session!.conversationId;
    // In reach only by a look-up (the counter may serve any citizen at the desk), never by the counter's own list.
    const page = await counter.get(`/api/conversations/${id}/messages?limit=5`);
    expect(page.status).toBe(200);
    expect((await audit('conversation.messages', id)).map((a) => a.actorId)).toEqual([counter.userId]);

    const s = counter.socket();
    try {
      await s.connected;
      expect(await s.emit('watch', { conversationId: id })).toEqual({ ok: true });
      await eventually(async () => (await audit('conversation.watch', id)).length === 1);
      // Watching again in the same socket is the same read: one entry.
      expect(await s.emit('watch', { conversationId: id })).toEqual({ ok: true });
      expect((await audit('conversation.watch', id)).map((a) => a.actorId)).toEqual([counter.userId]);
    } finally {
      s.close();
    }
    // The supervisor's own reads are in scope: not audited as look-ups.
    expect((await supervisor.get(`/api/conversations/${id}/messages`)).status).toBe(200);
    expect(await audit('conversation.messages', id)).toHaveLength(1);
  });

  it("audits a canned response rendered with a citizen's data, and not one without", async () => {
    const v = await counter.post('/api/counter/visitors', { name: 'Dewi Lestari' });
    const open = await counter.post('/api/counter/conversations', { contactId: v.body.contact.id });
    const id = open.body.conversation.id;
    expect((await supervisor.post('/api/canned-responses', { shortcut: 'sapa', title: 'Sapa', text: 'Selamat pagi {{contact.name}}.' })).status).toBe(201);
    expect((await supervisor.post('/api/canned-responses', { shortcut: 'jam', title: 'Jam', text: 'Loket buka pukul 08.00.' })).status).toBe(201);
    const r = await counter.post('/api/canned-responses/sapa/render', { conversationId: id });
    expect(r.body.text).toBe('Selamat pagi Dewi Lestari.');
    expect((await counter.post('/api/canned-responses/jam/render', { conversationId: id })).status).toBe(200);
    const entries = await audit('canned.render', id);
    expect(entries.map((a) => a.actorId)).toEqual([counter.userId]);
  });
});
