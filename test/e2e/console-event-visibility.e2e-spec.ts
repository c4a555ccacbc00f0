import { call, ConsoleApi, ConsoleSocket, DEMO, ReceivedEvent } from '../support/console-client';
import { eventually, HubEnv, HubProcess } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

/**
 * Issue 11, item 2: a live event reaches only those who may read it. Two api
 * processes and a worker; every officer role (plus an agent of one team and
 * an officer of another agency) has a socket on api A or B, and every event
 * each socket receives is recorded. The scenario walks a bot-owned chat, a
 * hand-off with SLA breach and auto-assignment, a referral that falls due and
 * is answered, typing, presence, an integrity flag, then logout, deactivation
 * and a change of teams. At the end: every event about a conversation was
 * heard only by an officer to whom GET /api/conversations/:id returns it, the
 * roles that may not read a conversation heard nothing of it, and the roles
 * that may heard what they should (so nothing passes vacuously).
 */

type Who = 'admin' | 'supervisor' | 'agent' | 'agentT2' | 'counter' | 'pupr' | 'dlh';

interface Listener {
  who: Who;
  /** Whose REST view decides what this socket may hear. */
  api: () => ConsoleApi;
  socket: ConsoleSocket;
  label: string;
}

/** The conversation an event is about, as the console reads it. */
const conversationOf = (e: ReceivedEvent): string | undefined => e.payload?.conversationId ?? e.payload?.conversation?.id;
const mentions = (e: ReceivedEvent, id: string): boolean => e.event !== 'ready' && JSON.stringify(e.payload ?? null).includes(id);
const PASSWORD = 'rahasia-uji-2025';

describe('console live events reach only officers who may read them (postgres, two api processes)', () => {
  let env: HubEnv;
  let apiA: HubProcess, apiB: HubProcess;
  const officers = {} as Record<Who, ConsoleApi>;
  const listeners: Listener[] = [];
  const extraSockets: ConsoleSocket[] = [];
  const clients: WebchatClient[] = [];
  const main = {} as Record<Who, ConsoleSocket>;
  let t1: { id: string; code: string }, t2: { id: string; code: string };

  const listen = (who: Who, url: string, label: string = who, api: () => ConsoleApi = () => officers[who]): ConsoleSocket => {
    const s = officers[who].socket(url);
    listeners.push({ who, api, socket: s, label });
    return s;
  };
  const of = (who: Who) => listeners.filter((l) => l.who === who);
  const heard = (who: Who, pred: (e: ReceivedEvent) => boolean) => of(who).flatMap((l) => l.socket.events.filter(pred));

  // The conversation the bot owns (1) and the one handed off (2).
  let botConv: string;
  let conv: string;
  let botWatchedAt = 0;
  let adminWatchedBotAt = 0;
  let referredAt = 0;
  let referralId: string;
  let hiddenNoteId: string;

  beforeAll(async () => {
    env = new HubEnv('postgres', {
      DEMO_MODE: 'true',
      // First response due 3 s after the hand-off, wall clock; referrals due 3 s after they are made.
      SLA_FIRST_RESPONSE_MINUTES: '0.05',
      SLA_WORKING_HOURS: 'false',
      ROUTING_SWEEP_SECONDS: '2',
      REFERRAL_DUE_SECONDS: '3',
      INTEGRITY_ALLOWED_NUMBERS: '0215550100',
    });
    apiA = await env.start('api');
    [apiB] = await Promise.all([env.start('api'), env.start('worker')]);
    [officers.admin, officers.supervisor, officers.agent, officers.counter, officers.pupr] = await Promise.all(
      [DEMO.admin, DEMO.supervisor, DEMO.agent, DEMO.counter, DEMO.agency].map((e) => ConsoleApi.login(apiA.url, e)),
    );
  }, 240_000); // a ceiling, not a wait: two hubs start here, slow on a loaded machine

  afterAll(async () => {
    listeners.forEach((l) => l.socket.close());
    extraSockets.forEach((s) => s.close());
    clients.forEach((c) => c.close());
    await env?.stop();
  });

  it('refuses teams for agency officers (POST and PATCH /api/users), and creates an agent of one team and an officer of another agency', async () => {
    const admin = officers.admin;
    const teams = (await admin.get('/api/teams')).body as { id: string; code: string }[];
    // A hand-off asking for a person with no topic lands in the general team 'umum'.
    t1 = teams.find((t) => t.code === 'umum')!;
    t2 = teams.find((t) => t.code === 'kesehatan') ?? teams.find((t) => t.code !== 'umum' && t.code !== 'pengaduan')!;
    expect(t1).toBeDefined();
    expect(t2.id).not.toBe(t1.id);

    const refused = await admin.post('/api/users', {
      email: 'dlh.tim@uji.sipinter.id',
      name: 'DLH Bertim',
      role: 'agency',
      agencyCode: 'DLH',
      password: PASSWORD,
      teamIds: [t1.id],
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.message)).toMatch(/teamIds/);
    const patchPupr = await admin.req('PATCH', `/api/users/${officers.pupr.userId}`, { teamIds: [t1.id] });
    expect(patchPupr.status).toBe(400);
    expect(JSON.stringify(patchPupr.body.message)).toMatch(/teamIds/);
    expect((await admin.get('/api/users')).body.find((u: { id: string }) => u.id === officers.pupr.userId).teamIds).toEqual([]);

    const dlh = await admin.post('/api/users', {
      email: 'dlh@uji.sipinter.id',
      name: 'Petugas DLH Uji',
      role: 'agency',
      agencyCode: 'dlh',
      password: PASSWORD,
    });
    expect(dlh.status).toBe(201);
    expect(dlh.body).toEqual(expect.objectContaining({ role: 'agency', agencyCode: 'DLH', teamIds: [] }));
    const patchDlh = await admin.req('PATCH', `/api/users/${dlh.body.id}`, { teamIds: [t2.id] });
    expect(patchDlh.status).toBe(400);
    expect(JSON.stringify(patchDlh.body.message)).toMatch(/teamIds/);
    const agentT2 = await admin.post('/api/users', {
      email: 'agen.t2@uji.sipinter.id',
      name: 'Agen Satu Tim',
      role: 'agent',
      password: PASSWORD,
      teamIds: [t2.id],
    });
    expect(agentT2.status).toBe(201);
    [officers.dlh, officers.agentT2] = await Promise.all([
      ConsoleApi.login(apiA.url, 'dlh@uji.sipinter.id', PASSWORD),
      ConsoleApi.login(apiA.url, 'agen.t2@uji.sipinter.id', PASSWORD),
    ]);
    expect(officers.agentT2.session.user.teamIds).toEqual([t2.id]);

    // Sockets alternate between the two api processes; the all-teams agent comes last so the others see it come online.
    const order: [Who, HubProcess][] = [
      ['admin', apiA],
      ['supervisor', apiB],
      ['counter', apiA],
      ['pupr', apiB],
      ['dlh', apiA],
      ['agentT2', apiB],
      ['agent', apiA],
    ];
    for (const [who, api] of order) {
      main[who] = listen(who, api.url);
      await main[who].connected;
    }
    // A second DLH socket on the other process (for the deactivation below).
    await listen('dlh', apiB.url, 'dlh@B').connected;
    await main.supervisor.waitFor('presence', (p) => p.userId === officers.agent.userId && p.online === true);
    await main.agentT2.waitFor('presence', (p) => p.userId === officers.agent.userId && p.online === true);
  });

  it('1. a conversation the bot owns reaches only officers who explicitly watch it', async () => {
    const citizen = new WebchatClient(apiB.url);
    clients.push(citizen);
    await citizen.ready();
    botConv = citizen.session!.conversationId;
    await citizen.ask('cek status permohonan saya NIK 3603012345678901');
    const c = (await officers.admin.get(`/api/conversations/${botConv}`)).body.conversation;
    expect(c.status).toBe('bot');

    // Agents and agency officers cannot read it, so they cannot watch it.
    expect((await officers.agent.get(`/api/conversations/${botConv}`)).status).toBe(404);
    expect(await main.agent.emit('watch', { conversationId: botConv })).toEqual({ ok: false, error: expect.any(String) });
    expect(await main.pupr.emit('watch', { conversationId: botConv })).toEqual({ ok: false, error: expect.any(String) });
    expect(await main.agentT2.emit('watch', { conversationId: botConv })).toEqual({ ok: false, error: expect.any(String) });

    botWatchedAt = Date.now();
    expect(await main.supervisor.emit('watch', { conversationId: botConv })).toEqual({ ok: true });
    const ack = await citizen.send({ clientMessageId: 'bot-2', text: 'menu' });
    expect(ack.ok).toBe(true);
    await main.supervisor.waitFor('message.created', (p) => p.message.id === ack.messageId);
    await main.supervisor.waitFor('message.created', (p) => p.conversationId === botConv && p.message.sender === 'bot');

    // typing in a bot-owned conversation: to its other watchers only.
    adminWatchedBotAt = Date.now();
    expect(await main.admin.emit('watch', { conversationId: botConv })).toEqual({ ok: true });
    expect(await main.supervisor.emit('typing', { conversationId: botConv, typing: true })).toEqual({ ok: true });
    const typing = await main.admin.waitFor('typing', (p) => p.conversationId === botConv);
    expect(typing.payload.userId).toBe(officers.supervisor.userId);
    // An agent's watch was refused: typing there is refused too.
    expect(await main.agent.emit('typing', { conversationId: botConv, typing: true })).toEqual({ ok: false, error: expect.any(String) });
  });

  it('2. a hand-off is heard by supervisors and the team, assignment by the assignee, the SLA breach by the audience', async () => {
    const citizen = new WebchatClient(apiA.url);
    clients.push(citizen);
    await citizen.ready();
    conv = citizen.session!.conversationId;
    const ack = await citizen.send({ clientMessageId: 'h-1', text: 'saya mau bicara dengan petugas' });
    expect(ack.ok).toBe(true);
    await citizen.waitFor((m) => m.sender === 'bot');

    // The all-teams agent is online: the conversation is theirs within moments.
    const assigned = await main.agent.waitFor('conversation.assigned', (p) => p.conversationId === conv);
    expect(assigned.payload.auto).toBe(true);
    const detail = (await officers.admin.get(`/api/conversations/${conv}`)).body.conversation;
    expect(detail).toEqual(expect.objectContaining({ teamId: t1.id, assigneeId: officers.agent.userId, status: 'open' }));
    expect((await officers.agentT2.get(`/api/conversations/${conv}`)).status).toBe(404);
    expect((await officers.pupr.get(`/api/conversations/${conv}`)).status).toBe(404);
    expect((await officers.dlh.get(`/api/conversations/${conv}`)).status).toBe(404);

    // The citizen's request arrived while the bot owned the conversation (heard by its watchers only, and it had none);
    // the bot's hand-off reply and everything after reach the audience.
    for (const s of [main.admin, main.supervisor, main.agent]) {
      await s.waitFor('message.created', (p) => p.conversationId === conv && p.message.sender === 'bot');
      await s.waitFor('conversation.updated', (p) => p.conversation.id === conv && p.conversation.status === 'pending');
      await s.waitFor('conversation.updated', (p) => p.conversation.id === conv && p.conversation.assigneeId === officers.agent.userId);
    }
    // Nobody answered within 3 s.
    for (const s of [main.supervisor, main.admin, main.agent]) await s.waitFor('sla.breached', (p) => p.conversationId === conv, 20_000);
  });

  it('3. a referral to PUPR: PUPR hears from then on, DLH never; overdue and answered reach the audience', async () => {
    referredAt = Date.now();
    const ref = await officers.agent.post(`/api/conversations/${conv}/refer`, { agencyCode: 'PUPR', question: 'Apakah GSB 5 meter berlaku untuk jalan desa?' });
    expect(ref.status).toBe(201);
    referralId = ref.body.id;
    const created = await main.pupr.waitFor('referral.created', (p) => p.referralId === referralId);
    expect(created.payload.conversationId).toBe(conv);
    expect((await officers.pupr.get(`/api/conversations/${conv}`)).status).toBe(200);
    expect((await officers.dlh.get(`/api/conversations/${conv}`)).status).toBe(404);

    // The next citizen message reaches PUPR (the referral put the agency's room in the audience).
    const citizen = clients[1];
    const ack = await citizen.send({ clientMessageId: 'h-2', text: 'baik, saya tunggu jawabannya' });
    expect(ack.ok).toBe(true);
    for (const s of [main.pupr, main.admin, main.supervisor, main.agent]) await s.waitFor('message.created', (p) => p.message.id === ack.messageId);

    // Due in 3 s, unanswered: overdue to supervisors, the agency and the team.
    for (const s of [main.pupr, main.supervisor, main.admin, main.agent])
      await s.waitFor('referral.overdue', (p) => p.referralId === referralId && p.conversationId === conv, 20_000);

    const answered = await officers.pupr.post(`/api/referrals/${referralId}/answer`, { text: 'Berlaku, sesuai Perda RTRW.' });
    expect(answered.status).toBe(200);
    for (const s of [main.pupr, main.supervisor, main.admin, main.agent])
      await s.waitFor('referral.answered', (p) => p.referralId === referralId && p.agencyCode === 'PUPR');
  });

  it('4. typing in a handed-off conversation reaches only sockets that may read it', async () => {
    // Agents watch without joining a room; their typing goes to the conversation's audience.
    expect(await main.agent.emit('watch', { conversationId: conv })).toEqual({ ok: true });
    expect(await main.agent.emit('typing', { conversationId: conv, typing: true })).toEqual({ ok: true });
    for (const s of [main.admin, main.supervisor, main.pupr]) await s.waitFor('typing', (p) => p.conversationId === conv && p.userId === officers.agent.userId);
    // And an agency officer who watched types back to the audience.
    expect(await main.pupr.emit('watch', { conversationId: conv })).toEqual({ ok: true });
    expect(await main.pupr.emit('typing', { conversationId: conv, typing: true })).toEqual({ ok: true });
    for (const s of [main.admin, main.supervisor, main.agent]) await s.waitFor('typing', (p) => p.conversationId === conv && p.userId === officers.pupr.userId);
    // DLH cannot watch, hence cannot type.
    expect(await main.dlh.emit('watch', { conversationId: conv })).toEqual({ ok: false, error: expect.any(String) });
    expect(await main.dlh.emit('typing', { conversationId: conv, typing: true })).toEqual({ ok: false, error: expect.any(String) });
  });

  it('4b. notes: PUPR (watching, and in its agency room) hears only notes marked for the agency and its own, never other internal notes', async () => {
    // PUPR watches conv since step 4: the watchers room must not carry a hidden note to it either.
    const shown = await officers.agent.post(`/api/conversations/${conv}/notes`, {
      text: 'Untuk dinas: warga sudah melampirkan gambar situasi.',
      forAgency: true,
    });
    const own = await officers.pupr.post(`/api/conversations/${conv}/notes`, { text: 'PUPR: gambar situasi sedang kami periksa.' });
    const hidden = await officers.supervisor.post(`/api/conversations/${conv}/notes`, { text: 'Internal: warga ini pernah mengadu soal pungli.' });
    for (const r of [shown, own, hidden]) expect(r.status).toBe(201);
    expect([shown.body.forAgency, own.body.forAgency, hidden.body.forAgency]).toEqual([true, true, false]);
    for (const s of [main.admin, main.supervisor, main.agent])
      for (const n of [shown, own, hidden]) await s.waitFor('message.created', (p) => p.message.id === n.body.id);
    for (const n of [shown, own]) await main.pupr.waitFor('message.created', (p) => p.message.id === n.body.id);
    // REST agrees: PUPR reads the two, not the hidden one (nor as the list preview).
    const pupr = (await officers.pupr.get(`/api/conversations/${conv}`)).body;
    const ids = pupr.messages.map((m: { id: string }) => m.id);
    expect(ids).toEqual(expect.arrayContaining([shown.body.id, own.body.id]));
    expect(ids).not.toContain(hidden.body.id);
    expect(pupr.conversation.lastMessage.text).not.toMatch(/pungli/);
    expect((await officers.agent.get(`/api/conversations/${conv}`)).body.messages.map((m: { id: string }) => m.id)).toContain(hidden.body.id);
    // A later event PUPR must hear (same emitter, same order): the hidden note would have come before it.
    const ack = await clients[1].send({ clientMessageId: 'h-note', text: 'gambar situasinya sudah saya unggah' });
    await main.pupr.waitFor('message.created', (p) => p.message.id === ack.messageId);
    expect(heard('pupr', (e) => mentions(e, hidden.body.id)).map((e) => e.event)).toEqual([]);
    hiddenNoteId = hidden.body.id;
  });

  it('5. presence reaches supervisors and team members, never counter or agency officers', async () => {
    const since = new Date().toISOString();
    expect(await main.agent.emit('presence', { status: 'away' })).toEqual({ ok: true });
    for (const s of [main.admin, main.supervisor, main.agentT2]) await s.waitFor('presence', (p) => p.userId === officers.agent.userId && p.status === 'away');
    expect(await main.agent.emit('presence', { status: 'online' })).toEqual({ ok: true });
    for (const s of [main.admin, main.supervisor, main.agentT2])
      await s.waitFor('presence', (p) => p.userId === officers.agent.userId && p.status === 'online' && p.at >= since);
    // The counter and the agencies are in no team room (checked again at the end, after later presence events).
    for (const who of ['counter', 'pupr', 'dlh'] as Who[]) expect(heard(who, (e) => e.event === 'presence')).toEqual([]);
  });

  it('6. an integrity flag reaches only supervisors and admins', async () => {
    const bad = await officers.agent.post(`/api/conversations/${conv}/messages`, {
      text: 'Biar cepat transfer saja 500rb ke rekening BCA 1234567890 a.n. saya',
    });
    expect(bad.status).toBe(201);
    for (const s of [main.admin, main.supervisor]) {
      const flag = await s.waitFor('integrity.flagged', (p) => p.conversationId === conv);
      expect(flag.payload.reasons).toEqual(expect.arrayContaining(['bank_account']));
    }
    // The message itself reaches the audience (PUPR included), the flag does not.
    for (const s of [main.agent, main.pupr]) await s.waitFor('message.created', (p) => p.message.id === bad.body.id);
  });

  it('7a. logout ends that login’s sockets at once, on the other api process too; the token is then refused', async () => {
    const second = await ConsoleApi.login(apiA.url, DEMO.supervisor);
    const sock = second.socket(apiB.url);
    listeners.push({ who: 'supervisor', api: () => officers.supervisor, socket: sock, label: 'supervisor#2' });
    await sock.connected;
    const disconnected = new Promise<string>((res) => sock.socket.once('disconnect', (reason) => res(reason)));
    // Logged out through api A; the socket is on api B.
    expect((await call(apiA.url, 'POST', '/api/auth/logout', { refreshToken: second.session.refreshToken })).status).toBe(204);
    const expired = await sock.waitFor('session.expired', () => true, 5_000);
    expect(expired.payload.reason).toBe('logged-out');
    expect(await disconnected).toBe('io server disconnect');
    // The same (unexpired) access token: no socket, no REST, on either process.
    for (const url of [apiA.url, apiB.url]) {
      const again = new ConsoleSocket(url, second.session.accessToken, false);
      extraSockets.push(again);
      await expect(again.connected).rejects.toThrow(/unauthorized/);
      expect((await call(url, 'GET', '/api/auth/me', undefined, second.session.accessToken)).status).toBe(401);
    }
    // The supervisor's other login is untouched.
    expect(main.supervisor.socket.connected).toBe(true);
    expect((await officers.supervisor.get('/api/auth/me')).status).toBe(200);
  });

  it('7b. deactivating an officer disconnects their sockets on both processes at once', async () => {
    const dlhSockets = of('dlh').map((l) => l.socket);
    expect(dlhSockets).toHaveLength(2);
    const gone = dlhSockets.map((s) => new Promise<string>((res) => s.socket.once('disconnect', (reason) => res(reason))));
    const r = await officers.admin.req('PATCH', `/api/users/${officers.dlh.userId}`, { active: false });
    expect(r.status).toBe(200);
    for (const s of dlhSockets) expect((await s.waitFor('session.expired', () => true, 5_000)).payload.reason).toBe('deactivated');
    expect(await Promise.all(gone)).toEqual(['io server disconnect', 'io server disconnect']);
    for (const url of [apiA.url, apiB.url]) {
      expect((await call(url, 'GET', '/api/auth/me', undefined, officers.dlh.session.accessToken)).status).toBe(401);
      const again = new ConsoleSocket(url, officers.dlh.session.accessToken, false);
      extraSockets.push(again);
      await expect(again.connected).rejects.toThrow(/unauthorized/);
    }
  });

  it('7c. changing an agent’s teams reconnects their socket with the new rooms', async () => {
    const old = main.agentT2;
    const gone = new Promise<string>((res) => old.socket.once('disconnect', (reason) => res(reason)));
    const r = await officers.admin.req('PATCH', `/api/users/${officers.agentT2.userId}`, { teamIds: [t2.id, t1.id] });
    expect(r.status).toBe(200);
    expect((await old.waitFor('session.expired', () => true, 5_000)).payload.reason).toBe('changed');
    expect(await gone).toBe('io server disconnect');
    // Same token (a change of teams ends no login), same process: now in the hand-off's team room.
    const fresh = listen('agentT2', apiB.url, 'agentT2#2');
    await fresh.connected;
    expect((await fresh.waitFor('ready')).payload.user.teamIds.sort()).toEqual([t1.id, t2.id].sort());
    expect((await officers.agentT2.get(`/api/conversations/${conv}`)).status).toBe(200);
    const ack = await clients[1].send({ clientMessageId: 'h-3', text: 'apakah sudah ada jawaban?' });
    expect(ack.ok).toBe(true);
    await fresh.waitFor('message.created', (p) => p.message.id === ack.messageId);
    // The latest positive event everybody in the audience must have heard before the negative checks below.
    for (const s of [main.admin, main.supervisor, main.agent, main.pupr]) await s.waitFor('message.created', (p) => p.message.id === ack.messageId);
  });

  it('every event about a conversation went only to officers who may read it (and nobody else heard those conversations)', async () => {
    // The core rule: GET /api/conversations/:id returns it to every officer whose socket heard about it.
    const pairs = new Map<string, { l: Listener; id: string; events: string[] }>();
    for (const l of listeners) {
      for (const e of l.socket.events) {
        const id = conversationOf(e);
        if (!id) continue;
        const key = `${l.who}|${id}`;
        const entry = pairs.get(key) ?? { l, id, events: [] };
        entry.events.push(e.event);
        pairs.set(key, entry);
      }
    }
    expect(pairs.size).toBeGreaterThan(0);
    const refusals: string[] = [];
    for (const { l, id, events } of pairs.values()) {
      if (l.who === 'dlh') {
        refusals.push(`dlh heard ${events.join(',')} about ${id}`);
        continue;
      }
      const r = await l.api().get(`/api/conversations/${id}`);
      if (r.status !== 200) refusals.push(`${l.label} heard ${events.join(',')} about ${id} but GET says ${r.status}`);
    }
    expect(refusals).toEqual([]);

    // 1. The bot-owned conversation: only its explicit watchers, and only after they watched.
    for (const l of listeners) {
      const about = l.socket.events.filter((e) => mentions(e, botConv));
      if (l.who === 'supervisor' && l.label === 'supervisor') expect(about.every((e) => e.at >= botWatchedAt)).toBe(true);
      else if (l.who === 'admin') expect(about.every((e) => e.at >= adminWatchedBotAt)).toBe(true);
      else expect(about.map((e) => `${l.label}:${e.event}`)).toEqual([]);
    }
    expect(heard('supervisor', (e) => e.event === 'message.created' && e.payload.conversationId === botConv).length).toBeGreaterThanOrEqual(2);

    // 2-4, 6. The handed-off conversation: never the counter, never DLH, not the agent of another team until they joined the team.
    const aboutConv = (e: ReceivedEvent) => mentions(e, conv);
    expect(heard('counter', aboutConv).map((e) => e.event)).toEqual([]);
    expect(heard('dlh', aboutConv).map((e) => e.event)).toEqual([]);
    expect(main.agentT2.events.filter(aboutConv).map((e) => e.event)).toEqual([]);
    // PUPR: never the internal note not marked for the agency (step 4b), whatever event carried it.
    expect(heard('pupr', (e) => mentions(e, hiddenNoteId)).map((e) => e.event)).toEqual([]);
    expect(heard('admin', (e) => mentions(e, hiddenNoteId)).length).toBeGreaterThan(0);
    // PUPR: nothing before the referral.
    expect(heard('pupr', (e) => aboutConv(e) && e.at < referredAt).map((e) => e.event)).toEqual([]);
    // Event kinds meant for one room only.
    const who = (pred: (e: ReceivedEvent) => boolean) => [...new Set(listeners.filter((l) => l.socket.events.some(pred)).map((l) => l.who))].sort();
    expect(who((e) => e.event === 'integrity.flagged')).toEqual(['admin', 'supervisor']);
    expect(who((e) => e.event === 'conversation.assigned' && e.payload.conversationId === conv)).toEqual(['agent']);
    expect(who((e) => e.event === 'referral.created')).toEqual(['pupr']);
    expect(who((e) => e.event === 'sla.breached' && e.payload.conversationId === conv)).toEqual(['admin', 'agent', 'supervisor']);
    expect(who((e) => e.event === 'referral.overdue')).toEqual(['admin', 'agent', 'pupr', 'supervisor']);
    expect(who((e) => e.event === 'referral.answered')).toEqual(['admin', 'agent', 'pupr', 'supervisor']);
    expect(who((e) => e.event === 'typing' && e.payload.conversationId === conv)).toEqual(['admin', 'agent', 'pupr', 'supervisor']);

    // 5. Presence: supervisors and team members; never the counter or agency officers (they are in no team room).
    expect(who((e) => e.event === 'presence')).toEqual(['admin', 'agent', 'agentT2', 'supervisor']);

    // The role × event-kind table.
    const kinds = [...new Set(listeners.flatMap((l) => l.socket.events.map((e) => e.event)))].sort();
    const rows = [...new Set(listeners.map((l) => l.label))].map((label) => {
      const evs = listeners.filter((l) => l.label === label).flatMap((l) => l.socket.events);
      return { socket: label, ...Object.fromEntries(kinds.map((k) => [k, evs.filter((e) => e.event === k).length])) };
    });
    console.log(
      [
        ['socket', ...kinds].join(' | '),
        ...rows.map((r) => [r.socket, ...kinds.map((k) => String((r as unknown as Record<string, number>)[k]))].join(' | ')),
      ].join('\n'),
    );
  });

  // After the core check: these steps shrink an officer's access on purpose.
  it('8a. a team removed through api A is gone at once on api B too: the reconnected socket and REST there', async () => {
    const t2Only = officers.agentT2;
    // api B has just served this officer and holds them in its few-second cache.
    expect((await call(apiB.url, 'GET', '/api/auth/me', undefined, t2Only.session.accessToken)).body.teamIds).toContain(t1.id);
    const before = listeners.filter((l) => l.label === 'agentT2#2')[0].socket;
    const r = await officers.admin.req('PATCH', `/api/users/${t2Only.userId}`, { teamIds: [t2.id] });
    expect(r.status).toBe(200);
    expect((await before.waitFor('session.expired', () => true, 5_000)).payload.reason).toBe('changed');
    const again = t2Only.socket(apiB.url);
    extraSockets.push(again);
    await again.connected;
    expect((await again.waitFor('ready')).payload.user.teamIds).toEqual([t2.id]);
    // Well inside the cache's lifetime: the change was announced to every process.
    const started = Date.now();
    await eventually(async () => (await call(apiB.url, 'GET', `/api/conversations/${conv}`, undefined, t2Only.session.accessToken)).status === 404, 2_000, 50);
    expect(Date.now() - started).toBeLessThan(2_000);
    const ack = await clients[1].send({ clientMessageId: 'h-4', text: 'saya tunggu kabarnya' });
    await main.agent.waitFor('message.created', (p) => p.message.id === ack.messageId);
    await main.supervisor.waitFor('message.created', (p) => p.message.id === ack.messageId);
    expect(again.events.filter((e) => mentions(e, conv)).map((e) => e.event)).toEqual([]);
  });

  it("8b. moving an agency officer to another agency disconnects them: they stop hearing the old agency's referrals", async () => {
    const moved = await officers.admin.post('/api/users', {
      email: 'pindah@uji.sipinter.id',
      name: 'Petugas Pindah',
      role: 'agency',
      agencyCode: 'PUPR',
      password: PASSWORD,
    });
    expect(moved.status).toBe(201);
    const officer = await ConsoleApi.login(apiA.url, 'pindah@uji.sipinter.id', PASSWORD);
    const s = officer.socket(apiB.url);
    extraSockets.push(s);
    await s.connected;
    const r = await officers.admin.req('PATCH', `/api/users/${officer.userId}`, { agencyCode: 'DLH' });
    expect(r.status).toBe(200);
    expect((await s.waitFor('session.expired', () => true, 5_000)).payload.reason).toBe('changed');
    const again = officer.socket(apiA.url);
    extraSockets.push(again);
    await again.connected;
    expect((await again.waitFor('ready')).payload.user.agencyCode).toBe('DLH');
    const ack = await clients[1].send({ clientMessageId: 'h-5', text: 'terima kasih, saya tunggu' });
    await main.pupr.waitFor('message.created', (p) => p.message.id === ack.messageId);
    expect(again.events.filter((e) => mentions(e, conv)).map((e) => e.event)).toEqual([]);
    expect((await officer.get(`/api/conversations/${conv}`)).status).toBe(404);
  });
});
