import { createHmac } from 'node:crypto';
import { ConsoleApi, ConsoleSocket, DEMO } from '../support/console-client';
import { FakeAmi, incomingCall } from '../support/fake-ami';
import { eventually, HubEnv, HubProcess } from '../support/hub-process';

const SECRET = 'phone-events-secret-0123456789';

/** The call center: AMI screen pop and call log against a fake Asterisk, the signed PBX webhook, the call form. */
describe('call center (sqlite, fake AMI)', () => {
  let ami: FakeAmi;
  let env: HubEnv;
  let hub: HubProcess;
  let admin: ConsoleApi, agent: ConsoleApi, counter: ConsoleApi, agency: ConsoleApi;
  let agentSocket: ConsoleSocket, counterSocket: ConsoleSocket;
  let siti: { id: string };

  const t0 = Math.floor(Date.now() / 1000);
  const at = (s: number) => ({ Timestamp: (t0 + s).toFixed(6) });

  function webhook(body: unknown, sign: 'ok' | 'none' | 'forged' = 'ok') {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const sig =
      sign === 'ok'
        ? createHmac('sha256', SECRET).update(raw).digest('hex')
        : sign === 'forged'
          ? createHmac('sha256', 'wrong-key').update(raw).digest('hex')
          : null;
    return fetch(`${hub.url}/channels/phone/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(sig ? { 'x-signature-256': `sha256=${sig}` } : {}) },
      body: raw,
    }).then(async (r) => ({ status: r.status, body: await r.json().catch(() => null) }));
  }
  const count = async (table: string) => Number((await env.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const pops = (s: ConsoleSocket) => s.events.filter((e) => e.event === 'call.ringing');

  beforeAll(async () => {
    ami = new FakeAmi();
    await ami.start();
    env = new HubEnv('sqlite', {
      DEMO_MODE: 'true',
      PHONE_AMI_HOST: '127.0.0.1',
      PHONE_AMI_PORT: String(ami.port),
      PHONE_AMI_USERNAME: ami.username,
      PHONE_AMI_SECRET: ami.secret,
      PHONE_EVENTS_SECRET: SECRET,
    });
    hub = await env.start('all');
    [admin, agent, counter, agency] = await Promise.all([DEMO.admin, DEMO.agent, DEMO.counter, DEMO.agency].map((e) => ConsoleApi.login(hub.url, e)));
    // The agent's desk phone is extension 201; capacity 0 keeps routing from taking missed calls out of the queue.
    const set = await admin.req('PATCH', `/api/users/${agent.userId}`, { extension: '201', capacity: 0 });
    expect(set.status).toBe(200);
    expect(set.body.extension).toBe('201');
    // A citizen the office knows from the counter: the call must show the same contact.
    siti = (await counter.post('/api/counter/visitors', { name: 'Siti Aminah', phone: '0812-3456-7890' })).body.contact;
    agentSocket = agent.socket();
    counterSocket = counter.socket();
    await Promise.all([agentSocket.connected, counterSocket.connected]);
    await eventually(async () => ami.listeners === 1, 20_000);
  });
  afterAll(async () => {
    agentSocket?.close();
    counterSocket?.close();
    await env?.stop();
    await ami?.stop();
  });

  it('one extension rings one officer', async () => {
    const dup = await admin.req('PATCH', `/api/users/${counter.userId}`, { extension: '201' });
    expect(dup.status).toBe(409);
    expect((await admin.req('PATCH', `/api/users/${counter.userId}`, { extension: 'abc' })).status).toBe(400);
    const users = await admin.get('/api/users');
    expect(users.body.find((u: { id: string }) => u.id === agent.userId).extension).toBe('201');
  });

  it('logs in to AMI and pops the caller up in the console of the officer whose extension rings, then logs the call', async () => {
    const login = ami.actions.find((a) => a.action?.toLowerCase() === 'login');
    expect(login).toEqual(expect.objectContaining({ username: ami.username, secret: ami.secret }));

    const call = incomingCall({ linkedid: '1764700000.11', from: '081234567890', ext: '201' });
    ami.emit({ ...call.newchannel, ...at(0) });
    ami.emit({ ...call.dialBegin, ...at(1) });
    const pop = await agentSocket.waitFor('call.ringing');
    expect(pop.payload).toEqual(
      expect.objectContaining({
        event: 'ringing',
        phone: '+6281234567890',
        extension: '201',
        contact: { id: siti.id, name: 'Siti Aminah', phone: '+6281234567890' },
        activeConversationId: null,
      }),
    );
    ami.emit({ ...call.dialEnd('ANSWER'), ...at(5) });
    ami.emit({ ...call.hangup, ...at(65) });
    await eventually(async () => (await env.query<{ state: string }>("SELECT state FROM phone_calls WHERE call_id = '1764700000.11'"))[0]?.state === 'ended');
    const log = await agent.get('/api/calls');
    expect(log.status).toBe(200);
    expect(log.body[0]).toEqual(
      expect.objectContaining({
        id: pop.payload.callId,
        source: 'ami',
        phone: '+6281234567890',
        extension: '201',
        userId: agent.userId,
        contactId: siti.id,
        state: 'ended',
        missed: false,
        startedAt: new Date(t0 * 1000).toISOString(),
        answeredAt: new Date((t0 + 5) * 1000).toISOString(),
        endedAt: new Date((t0 + 65) * 1000).toISOString(),
        durationSeconds: 60,
      }),
    );
    // Only the officer whose phone rang: not the counter, and the counter's own log is empty.
    expect(pops(counterSocket)).toHaveLength(0);
    expect((await counter.get('/api/calls')).body).toEqual([]);
    // The same phone identity as the counter and WhatsApp: no second contact.
    expect(await env.query("SELECT kind, external_id FROM channel_identities WHERE external_id = '+6281234567890'")).toHaveLength(1);
  });

  it('queues an unanswered AMI call as "telepon tak terjawab" for a call-back', async () => {
    const call = incomingCall({ linkedid: '1764700000.22', from: '6285711112222', ext: '201' });
    ami.emit({ ...call.newchannel, ...at(100) });
    ami.emit({ ...call.dialBegin, ...at(100) });
    ami.emit({ ...call.dialEnd('NOANSWER'), ...at(130) });
    ami.emit({ ...call.hangup, ...at(130) });
    const created = await agentSocket.waitFor('conversation.created', (p) => p.conversation.subject === 'Telepon tak terjawab');
    expect(created.payload.conversation).toEqual(
      expect.objectContaining({ channel: 'phone', status: 'pending', teamId: null, assigneeId: null, labels: ['telepon-tak-terjawab'] }),
    );
    const [row] = await env.query<{ state: string; missed: number; duration_seconds: number; conversation_id: string }>(
      "SELECT state, missed, duration_seconds, conversation_id FROM phone_calls WHERE call_id = '1764700000.22'",
    );
    expect(row).toEqual({ state: 'missed', missed: 1, duration_seconds: 0, conversation_id: created.payload.conversation.id });
    const queue = await agent.get('/api/conversations?status=pending');
    expect(queue.body.items.map((c: { id: string }) => c.id)).toContain(created.payload.conversation.id);
  });

  it('accepts only signed webhook events, once each, and queues a missed call', async () => {
    const before = { calls: await count('phone_calls'), receipts: await count('phone_call_events') };
    const ringing = { callId: 'cloud-77', event: 'ringing', from: '+62 813 1111 2222', to: '0215550100', extension: '201', at: '2025-11-20T03:00:00Z' };
    expect((await webhook(ringing, 'none')).status).toBe(401);
    expect((await webhook(ringing, 'forged')).status).toBe(403);
    const bad = await fetch(`${hub.url}/channels/phone/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature-256': 'sha256=xyz' },
      body: JSON.stringify(ringing),
    });
    expect(bad.status).toBe(403);
    expect((await webhook({ ...ringing, event: 'hold' })).status).toBe(400);
    expect((await webhook({ ...ringing, at: 'kemarin' })).status).toBe(400);
    expect((await webhook({ ...ringing, extra: 1 })).status).toBe(400);
    expect((await webhook('{not json')).status).toBe(400);
    expect({ calls: await count('phone_calls'), receipts: await count('phone_call_events') }).toEqual(before);

    const popsBefore = pops(agentSocket).length;
    expect(await webhook(ringing)).toEqual({ status: 200, body: { ok: true, duplicate: false } });
    await agentSocket.waitFor('call.ringing', (p) => p.phone === '+6281311112222');
    expect(await webhook(ringing)).toEqual({ status: 200, body: { ok: true, duplicate: true } });
    const missed = { callId: 'cloud-77', event: 'missed', from: '+62 813 1111 2222', at: '2025-11-20T03:00:30Z' };
    expect((await webhook(missed)).body).toEqual({ ok: true, duplicate: false });
    expect((await webhook(missed)).body).toEqual({ ok: true, duplicate: true });
    expect((await webhook({ ...missed, event: 'ended', at: '2025-11-20T03:00:31Z' })).body).toEqual({ ok: true, duplicate: false });
    await new Promise((r) => setTimeout(r, 300));
    expect(pops(agentSocket).length).toBe(popsBefore + 1);
    expect({ calls: await count('phone_calls'), receipts: await count('phone_call_events') }).toEqual({
      calls: before.calls + 1,
      receipts: before.receipts + 3,
    });
    const convs = await env.query<{ subject: string; status: string; labels: string; channel: string }>(
      "SELECT c.subject, c.status, c.labels, c.channel FROM conversations c JOIN channel_identities i ON i.contact_id = c.contact_id WHERE i.external_id = '+6281311112222'",
    );
    expect(convs).toEqual([{ subject: 'Telepon tak terjawab', status: 'pending', labels: '["telepon-tak-terjawab"]', channel: 'phone' }]);
    const [call] = await env.query<{ state: string; duration_seconds: number; started_at: string }>(
      "SELECT state, duration_seconds FROM phone_calls WHERE call_id = 'cloud-77'",
    );
    expect(call).toEqual({ state: 'missed', duration_seconds: 0 });
  });

  it('notes a call with the call form in the caller’s conversation, with the chat tools on it', async () => {
    const [{ id: callId }] = await env.query<{ id: string }>("SELECT id FROM phone_calls WHERE call_id = '1764700000.11'");
    const r = await agent.post('/api/calls', {
      phone: '0812 3456 7890',
      asked: 'Syarat perpanjangan PBG',
      done: 'Dijelaskan syaratnya, dikirim daftar lewat WhatsApp',
      followUp: 'Cek kelengkapan berkas minggu depan',
      callId,
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual(expect.objectContaining({ created: true, knownContact: true, contact: expect.objectContaining({ id: siti.id }) }));
    const conv = r.body.conversation;
    expect(conv).toEqual(expect.objectContaining({ channel: 'phone', status: 'open', assigneeId: agent.userId, labels: ['telepon'] }));
    const msgs = await agent.get(`/api/conversations/${conv.id}/messages`);
    const note = msgs.body.messages.find((m: { isPrivate: boolean }) => m.isPrivate);
    expect(note.text).toContain('Ditanyakan: Syarat perpanjangan PBG');
    expect(note.text).toContain('Tindak lanjut: Cek kelengkapan berkas minggu depan');
    expect((await env.query<{ conversation_id: string }>('SELECT conversation_id FROM phone_calls WHERE id = ?', [callId]))[0].conversation_id).toBe(conv.id);
    // A second call continues the same conversation.
    const again = await agent.post('/api/calls', { phone: '+6281234567890', asked: 'Tanya lagi', done: 'Dijawab' });
    expect(again.body).toEqual(expect.objectContaining({ created: false, conversation: expect.objectContaining({ id: conv.id }) }));
    // The same hand-over as for chats.
    const teams = await agent.get('/api/teams');
    const bangunan = teams.body.find((t: { code: string }) => t.code === 'bangunan');
    const handed = await agent.post(`/api/conversations/${conv.id}/transfer`, { teamId: bangunan.id, note: 'PBG' });
    expect(handed.status).toBe(200);
    expect(handed.body).toEqual(expect.objectContaining({ teamId: bangunan.id, status: 'pending' }));
  });

  it('a call-back on a missed call continues its conversation and clears the label', async () => {
    const r = await agent.post('/api/calls', { phone: '085711112222', asked: 'Menelepon balik', done: 'Warga menanyakan jadwal survei' });
    expect(r.status).toBe(201);
    expect(r.body.created).toBe(false);
    expect(r.body.conversation).toEqual(
      expect.objectContaining({ subject: 'Telepon tak terjawab', status: 'open', assigneeId: agent.userId, labels: ['telepon'] }),
    );
  });

  it('rejects bad call forms and other roles', async () => {
    expect((await agent.post('/api/calls', { phone: '12', asked: 'x', done: 'y' })).status).toBe(400);
    expect((await agent.post('/api/calls', { phone: '081234567890', done: 'y' })).status).toBe(400);
    expect((await agent.post('/api/calls', { phone: '081234567890', asked: 'x', done: 'y', callId: '00000000-0000-4000-8000-000000000000' })).status).toBe(400);
    expect((await agency.post('/api/calls', { phone: '081234567890', asked: 'x', done: 'y' })).status).toBe(403);
    expect((await fetch(`${hub.url}/api/calls`, { method: 'POST' })).status).toBe(401);
  });
});
