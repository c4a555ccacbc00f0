import { ConsoleApi, DEMO } from '../support/console-client';
import { eventually, HubEnv, HubProcess } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

/**
 * What the widget adds to the web chat contract, all of it optional for other
 * clients: the greeting shown before anything is stored (GET /widget/welcome),
 * a tapped quick reply's payload, typing both ways (throttled on the server),
 * and the notice when an officer resolves the conversation.
 */
describe('web chat: the widget’s additions to the contract', () => {
  let env: HubEnv;
  let hub: HubProcess;
  let supervisor: ConsoleApi;
  const clients: WebchatClient[] = [];
  const client = () => {
    const c = new WebchatClient(hub.url);
    clients.push(c);
    return c;
  };
  const count = async (table: string) => Number((await env.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    env = new HubEnv('sqlite', { DEMO_MODE: 'true' });
    hub = await env.start('all');
    supervisor = await ConsoleApi.login(hub.url, DEMO.supervisor);
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await env.stop();
  });

  it('serves widget.js minified and precompressed (brotli, gzip), with an ETag and an immutable versioned URL', async () => {
    const { request } = await import('node:http');
    const get = (path: string, headers: Record<string, string>) =>
      new Promise<{ status: number; headers: Record<string, unknown>; bytes: number }>((res, rej) => {
        const req = request(`${hub.url}${path}`, { headers }, (r) => {
          let bytes = 0;
          r.on('data', (d: Buffer) => (bytes += d.length));
          r.on('end', () => res({ status: r.statusCode!, headers: r.headers, bytes }));
        });
        req.on('error', rej);
        req.end();
      });
    const plain = await get('/widget.js', { 'accept-encoding': 'identity' });
    const gz = await get('/widget.js', { 'accept-encoding': 'gzip, deflate' });
    const br = await get('/widget.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect([plain.status, gz.status, br.status]).toEqual([200, 200, 200]);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(gz.bytes).toBeLessThanOrEqual(12 * 1024); // the budget
    expect(br.bytes).toBeLessThan(gz.bytes);
    expect(plain.headers['cache-control']).toBe('public, max-age=300, stale-while-revalidate=86400');
    const etag = String(plain.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{16}"$/);
    expect((await get('/widget.js', { 'if-none-match': etag })).status).toBe(304);
    const pinned = await get(`/widget.js?v=${etag.slice(1, -1)}`, {});
    expect(pinned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // minified: one long line, no comments
    const text = await (await fetch(`${hub.url}/widget.js`)).text();
    expect(text.split('\n').length).toBeLessThan(5);
    expect(text).not.toContain('Layanan Bantuan SIPINTER: the embeddable');
  });

  it("greets with the bot's own words and menu before the visitor writes, and stores nothing", async () => {
    const before = { contacts: await count('contacts'), conversations: await count('conversations'), messages: await count('messages') };
    const c = client();
    await c.ready();
    const r = await fetch(`${hub.url}/widget/welcome`);
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    const welcome = (await r.json()) as {
      greeting: { text: string; quickReplies: { payload: string; title: string }[] };
      office: { open: boolean; label: string };
    };
    expect(welcome.greeting.quickReplies.map((q) => q.payload)).toEqual(['1', '2', '3', '4']);
    expect(typeof welcome.office.open).toBe('boolean');
    expect(welcome.office.label).toMatch(/^(Biasanya dibalas dalam beberapa menit|Kantor buka (lagi|hari ini) .+)$/);
    // Typing before the first message tells nobody and stores nothing either.
    expect(await c.socket.timeout(5000).emitWithAck('typing', { typing: true })).toEqual({ ok: true });
    expect({ contacts: await count('contacts'), conversations: await count('conversations'), messages: await count('messages') }).toEqual(before);

    // The same words the bot answers a greeting with.
    const reply = await c.ask('halo');
    expect(reply.text).toBe(welcome.greeting.text);
    expect(reply.quickReplies).toEqual(welcome.greeting.quickReplies);
  });

  it('answers a tapped button by its payload, and refuses a bad payload or typing event without storing anything', async () => {
    const c = client();
    await c.ready();
    const ack = await c.send({ clientMessageId: 'tap-2', text: 'Persyaratan & biaya', replyPayload: '2' });
    expect(ack.ok).toBe(true);
    const list = await c.waitFor((m) => m.sender === 'bot');
    expect((list.quickReplies ?? []).some((q) => q.payload === 'faq:pbg-persyaratan')).toBe(true);

    const messages = await count('messages');
    expect(await c.send({ clientMessageId: 'tap-x', text: 'x', replyPayload: 'p'.repeat(201) })).toEqual({ ok: false, error: 'replyPayload is too long' });
    expect(await c.send({ clientMessageId: 'tap-y', text: 'x', replyPayload: 7 })).toMatchObject({ ok: false });
    expect(await c.socket.timeout(5000).emitWithAck('typing', { typing: 'ya' })).toEqual({ ok: false, error: 'typing must be true or false' });
    expect(await c.socket.timeout(5000).emitWithAck('typing', { typing: true, extra: 1 })).toMatchObject({ ok: false });
    expect(await count('messages')).toBe(messages);
  });

  it('shows officers the citizen typing (throttled), the citizen the officer typing, and tells the citizen when an officer resolves', async () => {
    const c = client();
    await c.ready();
    const conversationId = c.session!.conversationId;
    await c.ask('saya mau bicara dengan petugas');
    await eventually(async () => (await supervisor.get(`/api/conversations/${conversationId}`)).body.conversation?.status === 'pending', 15_000);
    const officer = supervisor.socket();
    await officer.connected;
    expect(await officer.emit('watch', { conversationId })).toEqual({ ok: true });

    // A flood of typing events: the officers hear one start, then nothing until the interval has passed.
    const started = Date.now();
    for (let i = 0; i < 30; i++) c.socket.emit('typing', { typing: true });
    const first = await officer.waitFor('typing', (p) => p.conversationId === conversationId && p.citizen === true);
    expect(first.payload).toEqual({ conversationId, citizen: true, name: 'Warga', typing: true });
    expect(await c.socket.timeout(5000).emitWithAck('typing', { typing: true })).toEqual({ ok: true });
    c.socket.emit('typing', { typing: false });
    await officer.waitFor('typing', (p) => p.citizen === true && p.typing === false);
    // Everything sent within the interval was dropped: one start, one stop.
    const heard = officer.events.filter((e) => e.event === 'typing' && e.payload.citizen).map((e) => e.payload.typing);
    if (Date.now() - started < 2500) expect(heard).toEqual([true, false]);

    // The officer typing reaches the widget.
    const officerTyping = new Promise<unknown>((res) => c.socket.once('typing', res));
    expect(await officer.emit('typing', { conversationId, typing: true })).toEqual({ ok: true });
    expect(await officerTyping).toEqual({ typing: true });

    const resolved = new Promise<{ conversationId: string; resolvedAt: string }>((res) => c.socket.once('conversation.resolved', res));
    expect((await supervisor.post(`/api/conversations/${conversationId}/resolve`)).status).toBe(200);
    const notice = await resolved;
    expect(notice.conversationId).toBe(conversationId);
    expect(Date.parse(notice.resolvedAt)).toBeGreaterThan(started - 60_000);
    // and the survey invitation follows as an ordinary bot message with its buttons
    const invite = await c.waitFor((m) => m.sender === 'bot' && (m.quickReplies ?? []).some((q) => q.payload === 'survey:yes'));
    expect(invite.createdAt >= notice.resolvedAt).toBe(true);
    officer.close();
  });
});
