import { ConsoleApi, ConsoleSocket, DEMO } from '../support/console-client';
import { DbKind, eventually, HubEnv, HubProcess } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

/**
 * A citizen's conversation through the console, end to end: hand-off by the
 * bot, waiting with nobody online, SLA breach, auto-assignment when an agent
 * comes online, reply on the web chat, the bot silent afterwards, private
 * notes never reaching the citizen, role visibility, referral, audit.
 */
describe.each<DbKind>(['sqlite', 'postgres'])('console flow on %s', (db) => {
  let env: HubEnv;
  let hub: HubProcess;
  let agent: ConsoleApi, supervisor: ConsoleApi, counter: ConsoleApi, agency: ConsoleApi;
  const sockets: ConsoleSocket[] = [];
  const clients: WebchatClient[] = [];
  let citizen: WebchatClient;
  let conversationId: string;

  beforeAll(async () => {
    env = new HubEnv(db, { DEMO_MODE: 'true', SLA_FIRST_RESPONSE_MINUTES: '0.05', SLA_WORKING_HOURS: 'false', ROUTING_SWEEP_SECONDS: '2' });
    hub = await env.start('all');
    [agent, supervisor, counter, agency] = await Promise.all([DEMO.agent, DEMO.supervisor, DEMO.counter, DEMO.agency].map((e) => ConsoleApi.login(hub.url, e)));
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    clients.forEach((c) => c.close());
    await env.stop();
  });

  const messagesOf = (id: string) =>
    env.query<{ text: string; sender_kind: string; is_private: number | boolean; delivery_status: string }>(
      'SELECT text, sender_kind, is_private, delivery_status FROM messages WHERE conversation_id = ? ORDER BY created_at',
      [id],
    );

  it('a hand-off waits with nobody online, breaches its SLA, and goes to the agent who comes online', async () => {
    const sup = supervisor.socket();
    sockets.push(sup);
    await sup.connected;

    citizen = new WebchatClient(hub.url);
    clients.push(citizen);
    await citizen.ready();
    conversationId = citizen.session!.conversationId;
    await citizen.send({ clientMessageId: 'h-1', text: 'saya mau bicara dengan petugas' });
    await citizen.waitFor((m) => m.sender === 'bot');
    const pending = await eventually(async () => {
      const r = await supervisor.get(`/api/conversations/${conversationId}`);
      return r.body.conversation?.status === 'pending' ? r.body.conversation : null;
    });
    expect(pending.assigneeId).toBeNull();
    expect(pending.teamId).toEqual(expect.any(String));
    await sup.waitFor('conversation.updated', (p) => p.conversation.id === conversationId && p.conversation.status === 'pending');
    expect(sup.events.find((e) => e.event === 'conversation.updated')!.payload.conversation.botState).toBeUndefined();

    // Nobody online: it waits, and misses its (3-second) first-response target.
    const breach = await sup.waitFor('sla.breached', (p) => p.conversationId === conversationId, 20_000);
    expect(breach.payload.kind).toBe('first_response');
    const waiting = await supervisor.get(`/api/conversations?status=pending&overdue=true`);
    expect(waiting.body.items.map((c: { id: string }) => c.id)).toContain(conversationId);
    expect(waiting.body.items.find((c: { id: string }) => c.id === conversationId).labels).toContain('sla-terlewat');

    // The agent opens the console: the conversation is theirs within moments.
    const ag = agent.socket();
    sockets.push(ag);
    await ag.connected;
    const assigned = await ag.waitFor('conversation.assigned', (p) => p.conversationId === conversationId);
    expect(assigned.payload.auto).toBe(true);
    const detail = await agent.get(`/api/conversations/${conversationId}`);
    expect(detail.body.conversation).toEqual(expect.objectContaining({ status: 'open', assigneeId: agent.userId }));
    const presence = await supervisor.get('/api/presence');
    expect(presence.body.map((u: { id: string }) => u.id)).toContain(agent.userId);
  });

  it('delivers the agent’s reply to the citizen’s web chat, and the bot stays silent afterwards', async () => {
    const reply = await agent.post(`/api/conversations/${conversationId}/messages`, { text: 'Selamat siang, saya Agen Demo. Ada yang bisa saya bantu?' });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual(
      expect.objectContaining({ sender: 'agent', direction: 'out', channel: 'webchat', isPrivate: false, senderUserId: agent.userId }),
    );
    const got = await citizen.waitFor((m) => m.sender === 'agent');
    expect(got.text).toMatch(/Agen Demo/);
    await eventually(async () => (await messagesOf(conversationId)).some((m) => m.sender_kind === 'agent' && m.delivery_status === 'sent'));

    const botBefore = citizen.received.filter((m) => m.sender === 'bot').length;
    await citizen.send({ clientMessageId: 'h-2', text: 'jam buka kantor kapan?' });
    await eventually(async () => (await messagesOf(conversationId)).filter((m) => m.sender_kind === 'citizen').length === 2);
    await new Promise((r) => setTimeout(r, 1500));
    expect(citizen.received.filter((m) => m.sender === 'bot')).toHaveLength(botBefore);
  });

  it('keeps private notes from the citizen', async () => {
    const note = await agent.post(`/api/conversations/${conversationId}/notes`, { text: 'Catatan internal: warga sudah dua kali bertanya.' });
    expect(note.status).toBe(201);
    expect(note.body.isPrivate).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    expect(citizen.received.some((m) => /Catatan internal/.test(m.text))).toBe(false);
    const history = await citizen.history();
    expect(history.messages!.some((m) => /Catatan internal/.test(m.text))).toBe(false);
    const officerView = await supervisor.get(`/api/conversations/${conversationId}`);
    expect(officerView.body.messages.some((m: { text: string; isPrivate: boolean }) => m.isPrivate && /Catatan internal/.test(m.text))).toBe(true);
  });

  it('refuses invalid input with a clear 400 and changes nothing', async () => {
    const before = await messagesOf(conversationId);
    for (const body of [{ text: '' }, { text: '   ' }, { text: 'x'.repeat(4001) }, {}, { text: 42 }, { text: 'ok', extra: 1 }]) {
      const r = await agent.post(`/api/conversations/${conversationId}/messages`, body);
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/^Permintaan tidak valid — (text|Unrecognized key: "extra")/);
    }
    expect((await agent.post(`/api/conversations/${conversationId}/assign`, { userId: 'nobody' })).status).toBe(400);
    expect((await agent.post(`/api/conversations/${conversationId}/transfer`, { teamId: '00000000-0000-4000-8000-000000000000' })).status).toBe(400);
    expect((await agent.get('/api/conversations?status=closed')).status).toBe(400);
    expect(await messagesOf(conversationId)).toEqual(before);
    const c = await agent.get(`/api/conversations/${conversationId}`);
    expect(c.body.conversation).toEqual(expect.objectContaining({ status: 'open', assigneeId: agent.userId }));
  });

  it('shows an agency officer only what was referred to their agency, and tells the citizen by when', async () => {
    expect((await agency.get(`/api/conversations/${conversationId}`)).status).toBe(404);
    expect((await agency.post(`/api/conversations/${conversationId}/messages`, { text: 'halo' })).status).toBe(404);
    expect((await agency.get('/api/conversations')).body.items).toEqual([]);

    const ref = await agent.post(`/api/conversations/${conversationId}/refer`, {
      agencyCode: 'pupr',
      question: 'Apakah GSB 5 meter berlaku untuk jalan desa?',
      workingDays: 3,
    });
    expect(ref.status).toBe(201);
    expect(ref.body).toEqual(expect.objectContaining({ agencyCode: 'PUPR', status: 'open', dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }));
    const notice = await citizen.waitFor((m) => m.sender === 'system');
    expect(notice.text).toMatch(/PUPR/);
    expect(notice.text).toMatch(/paling lambat/);

    const seen = await agency.get(`/api/conversations/${conversationId}`);
    expect(seen.status).toBe(200);
    expect((await agency.get('/api/conversations')).body.items.map((c: { id: string }) => c.id)).toEqual([conversationId]);
    const list = await agency.get('/api/referrals?status=open');
    expect(list.body).toHaveLength(1);
    const answered = await agency.post(`/api/referrals/${ref.body.id}/answer`, { text: 'Berlaku, sesuai Perda RTRW.' });
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('answered');
    expect(citizen.received.some((m) => /Perda RTRW/.test(m.text))).toBe(false);
  });

  it('shows the counter only counter conversations, with lookups of a citizen audited', async () => {
    expect((await counter.get('/api/conversations')).body.items.map((c: { id: string }) => c.id)).not.toContain(conversationId);
    expect((await counter.post(`/api/conversations/${conversationId}/messages`, { text: 'halo' })).status).toBe(404);
    expect((await counter.post(`/api/conversations/${conversationId}/resolve`)).status).toBe(404);
    // A lookup (the citizen is at the desk) is allowed, and audited.
    expect((await counter.get(`/api/conversations/${conversationId}`)).status).toBe(200);

    const audit = await supervisor.get(`/api/audit?targetId=${conversationId}`);
    const actions = audit.body.items.map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['conversation.assign', 'sla.breach', 'conversation.refer', 'conversation.view']));
    expect(audit.body.items.find((a: { action: string }) => a.action === 'conversation.assign').actorId).toBeNull();
  });

  it('resolves; the citizen’s next message starts again with the bot', async () => {
    const r = await agent.post(`/api/conversations/${conversationId}/resolve`);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('resolved');
    expect((await agent.post(`/api/conversations/${conversationId}/messages`, { text: 'masih di sini?' })).status).toBe(409);
    const audit = await supervisor.get(`/api/audit?action=conversation.resolve&targetId=${conversationId}`);
    expect(audit.body.items[0]).toEqual(expect.objectContaining({ actorId: agent.userId }));
  });
});
