import { ConsoleApi, ConsoleSocket, DEMO } from '../support/console-client';
import { HubEnv, HubProcess } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

/**
 * Live events with several processes: two api processes and a worker on one
 * PostgreSQL and Redis. A console on api A hears what a citizen sent through
 * api B and the worker handled; typing and presence cross processes; a
 * console that drops catches up.
 */
describe('console live events across processes (postgres)', () => {
  let env: HubEnv;
  let apiA: HubProcess, apiB: HubProcess;
  let supervisor: ConsoleApi, admin: ConsoleApi, agent: ConsoleApi;
  const sockets: ConsoleSocket[] = [];
  const clients: WebchatClient[] = [];
  const track = <T extends ConsoleSocket | WebchatClient>(x: T): T => {
    if (x instanceof ConsoleSocket) sockets.push(x);
    else clients.push(x);
    return x;
  };

  beforeAll(async () => {
    env = new HubEnv('postgres', { DEMO_MODE: 'true' });
    apiA = await env.start('api');
    [apiB] = await Promise.all([env.start('api'), env.start('worker')]);
    [supervisor, admin, agent] = await Promise.all([DEMO.supervisor, DEMO.admin, DEMO.agent].map((e) => ConsoleApi.login(apiA.url, e)));
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    clients.forEach((c) => c.close());
    await env.stop();
  });

  it('a console on api A sees a message a citizen sent through api B, handled by the worker', async () => {
    const sup = track(supervisor.socket(apiA.url, { reconnection: true }));
    await sup.connected;
    const citizen = track(new WebchatClient(apiB.url));
    await citizen.ready();
    // The bot owns this conversation: officers hear it only once they open it (issue 11).
    expect((await citizen.send({ clientMessageId: 'live-0', text: 'halo' })).ok).toBe(true);
    await citizen.waitFor((m) => m.sender === 'bot');
    expect(await sup.emit('watch', { conversationId: citizen.session!.conversationId })).toEqual({ ok: true });
    const sentAt = Date.now();
    const ack = await citizen.send({ clientMessageId: 'live-1', text: 'halo, saya mau tanya PBG' });
    const ev = await sup.waitFor('message.created', (p) => p.message.id === ack.messageId);
    expect(ev.payload.conversationId).toBe(citizen.session!.conversationId);
    expect(ev.payload.message).toEqual(expect.objectContaining({ sender: 'citizen', direction: 'in', channel: 'webchat' }));
    expect(ev.at - sentAt).toBeLessThan(3000);
    // The bot's answer (stored by the worker) arrives too.
    const bot = await sup.waitFor('message.created', (p) => p.conversationId === citizen.session!.conversationId && p.message.sender === 'bot');
    // Web chat replies go out inline before they are announced: the console sees them already sent.
    expect(bot.payload.message.deliveryStatus).toBe('sent');
  });

  it('a complaint the bot opens reaches the supervisors live, not at the next routing sweep', async () => {
    const sup = track(supervisor.socket(apiA.url));
    await sup.connected;
    const citizen = track(new WebchatClient(apiB.url));
    await citizen.ready();
    await citizen.send({ clientMessageId: 'adu-1', text: '3' });
    await citizen.waitFor((m) => /ceritakan/i.test(m.text));
    await citizen.send({ clientMessageId: 'adu-2', text: 'Petugas di loket meminta uang tambahan supaya berkas saya cepat diproses' });
    const reply = await citizen.waitFor((m) => /ADU-\d{6}-[A-Z2-9]{6}/.test(m.text));
    const reference = /ADU-\d{6}-[A-Z2-9]{6}/.exec(reply.text)![0];
    // The sweep runs every 20 s by default; this must come well before it.
    const created = await sup.waitFor('conversation.created', (p) => p.conversation.reference === reference, 8_000);
    expect(created.payload.conversation).toEqual(expect.objectContaining({ kind: 'complaint', status: expect.stringMatching(/pending|open/) }));
    await sup.waitFor('message.created', (p) => p.conversationId === created.payload.conversation.id && p.message.sender === 'citizen', 8_000);
  });

  it('relays typing and presence between consoles on different api processes', async () => {
    const citizen = track(new WebchatClient(apiA.url));
    await citizen.ready();
    const id = citizen.session!.conversationId;
    await citizen.send({ clientMessageId: 't-1', text: 'permisi' });

    const onA = track(supervisor.socket(apiA.url));
    const onB = track(admin.socket(apiB.url));
    await Promise.all([onA.connected, onB.connected]);
    expect(await onA.emit('watch', { conversationId: id })).toEqual({ ok: true });
    expect(await onB.emit('watch', { conversationId: id })).toEqual({ ok: true });
    expect(await onA.emit('typing', { conversationId: id, typing: true })).toEqual({ ok: true });
    const typing = await onB.waitFor('typing', (p) => p.conversationId === id);
    expect(typing.payload).toEqual(expect.objectContaining({ userId: supervisor.userId, typing: true }));
    expect(onA.events.some((e) => e.event === 'typing')).toBe(false);
    expect(await onA.emit('typing', { conversationId: 'not-a-uuid' })).toEqual({ ok: false, error: expect.any(String) });

    const ag = track(agent.socket(apiB.url));
    await ag.connected;
    const presence = await onA.waitFor('presence', (p) => p.userId === agent.userId && p.online === true);
    expect(presence.payload.status).toBe('online');
    ag.close();
    await onA.waitFor('presence', (p) => p.userId === agent.userId && p.online === false);
  });

  it('a console that drops briefly recovers what it missed; after a long drop it asks sync', async () => {
    const sup = track(supervisor.socket(apiA.url, { reconnection: true }));
    await sup.connected;
    const citizen = track(new WebchatClient(apiB.url));
    await citizen.ready();
    const opened = await citizen.send({ clientMessageId: 'd-0', text: 'halo' });
    const id = citizen.session!.conversationId;
    expect(opened.ok).toBe(true);
    // Bot-owned: heard by an officer who opened it (issue 11).
    expect(await sup.emit('watch', { conversationId: id })).toEqual({ ok: true });
    const first = await citizen.send({ clientMessageId: 'd-1', text: 'pesan pertama' });
    await sup.waitFor('message.created', (p) => p.message.id === first.messageId);

    const since = new Date().toISOString();
    // Network drop: the transport dies; the client reconnects on its own.
    sup.socket.io.engine.close();
    const missed = await citizen.send({ clientMessageId: 'd-2', text: 'pesan saat konsol terputus' });
    await sup.waitFor('ready', (p) => p.recovered === true, 10_000);
    await sup.waitFor('message.created', (p) => p.message.id === missed.messageId, 10_000);

    // Longer drop: a fresh socket asks what changed.
    const fresh = track(supervisor.socket(apiB.url));
    await fresh.connected;
    const sync = await fresh.emit('sync', { since });
    expect(sync.ok).toBe(true);
    expect(sync.items.map((c: { id: string }) => c.id)).toContain(id);
    expect(await fresh.emit('sync', { since: 'yesterday' })).toEqual({ ok: false, error: expect.stringMatching(/since/) });
  });
});
