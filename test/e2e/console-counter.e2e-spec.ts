import { ConsoleApi, DEMO } from '../support/console-client';
import { eventually, HubEnv, HubProcess } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

/** The MPP counter: walk-in visitor, counter conversation, permit lookup, note, hand-over; canned responses; contacts. */
describe('MPP counter and contacts (sqlite)', () => {
  let env: HubEnv;
  let hub: HubProcess;
  let counter: ConsoleApi, supervisor: ConsoleApi, agent: ConsoleApi;

  beforeAll(async () => {
    env = new HubEnv('sqlite', { DEMO_MODE: 'true', INTEGRITY_ALLOWED_NUMBERS: '0215550100', REFERRAL_DUE_SECONDS: '2' });
    hub = await env.start('all');
    [counter, supervisor, agent] = await Promise.all([DEMO.counter, DEMO.supervisor, DEMO.agent].map((e) => ConsoleApi.login(hub.url, e)));
  });
  afterAll(async () => env.stop());

  it('registers a walk-in visitor by phone, serves them at the desk and hands over to a team', async () => {
    const v = await counter.post('/api/counter/visitors', { name: 'Siti Aminah', phone: '0812-3456-7890' });
    expect(v.status).toBe(201);
    expect(v.body).toEqual(
      expect.objectContaining({ existing: false, activeConversation: null, contact: expect.objectContaining({ phone: '+6281234567890' }) }),
    );
    // The identity WhatsApp uses for that phone: a later WhatsApp message is the same contact.
    const ids = await env.query<{ kind: string; external_id: string; contact_id: string }>('SELECT kind, external_id, contact_id FROM channel_identities');
    expect(ids).toEqual([{ kind: 'phone', external_id: '+6281234567890', contact_id: v.body.contact.id }]);
    const again = await counter.post('/api/counter/visitors', { name: 'Siti', phone: '+62 812 3456 7890' });
    expect(again.body).toEqual(expect.objectContaining({ existing: true, contact: expect.objectContaining({ id: v.body.contact.id }) }));
    expect((await counter.post('/api/counter/visitors', { name: 'X', phone: '12' })).status).toBe(400);

    const open = await counter.post('/api/counter/conversations', { contactId: v.body.contact.id, subject: 'Tanya status PBG' });
    expect(open.status).toBe(201);
    const conv = open.body.conversation;
    expect(conv).toEqual(expect.objectContaining({ channel: 'counter', status: 'open', assigneeId: counter.userId }));

    const permit = await counter.get(`/api/counter/permits/${encodeURIComponent('PBG/2025/10/00456')}`);
    expect(permit.status).toBe(200);
    expect(permit.body).toEqual(expect.objectContaining({ number: 'PBG/2025/10/00456', stageLabel: expect.any(String), dueDate: expect.any(String) }));
    expect(permit.body.nikHash).toBeUndefined();
    expect((await counter.get('/api/counter/permits/NOPE-0000')).status).toBe(404);

    const reply = await counter.post(`/api/conversations/${conv.id}/messages`, { text: 'Berkas Ibu sedang diverifikasi, estimasi selesai minggu depan.' });
    expect(reply.status).toBe(201);
    const note = await counter.post(`/api/conversations/${conv.id}/notes`, { text: 'Sudah dicek di loket, berkas lengkap.' });
    expect(note.status).toBe(201);
    const msgs = await env.query<{ delivery_status: string; is_private: number }>(
      'SELECT delivery_status, is_private FROM messages WHERE conversation_id = ? AND sender_kind = ?',
      [conv.id, 'agent'],
    );
    expect(msgs.filter((m) => !m.is_private).map((m) => m.delivery_status)).toEqual(['delivered']);

    const teams = await counter.get('/api/teams');
    const bangunan = teams.body.find((t: { code: string }) => t.code === 'bangunan');
    const handed = await counter.post(`/api/conversations/${conv.id}/transfer`, { teamId: bangunan.id, note: 'Perlu dicek tim PBG' });
    expect(handed.status).toBe(200);
    expect(handed.body).toEqual(expect.objectContaining({ teamId: bangunan.id, status: 'pending', assigneeId: null }));
    expect((await agent.get(`/api/conversations/${conv.id}`)).status).toBe(200);

    // The contact profile shows every identity and conversation; viewing it is audited.
    const profile = await supervisor.get(`/api/contacts/${v.body.contact.id}`);
    expect(profile.body.identities.map((i: { kind: string }) => i.kind)).toEqual(['phone']);
    expect(profile.body.conversations.map((c: { id: string }) => c.id)).toEqual([conv.id]);
    const audit = await supervisor.get(`/api/audit?action=contact.view&targetId=${v.body.contact.id}`);
    expect(audit.body.items.length).toBeGreaterThanOrEqual(1);
    const transfer = await supervisor.get(`/api/audit?action=conversation.transfer&targetId=${conv.id}`);
    expect(transfer.body.items[0].actorId).toBe(counter.userId);
  });

  it('suggests close matches for a mistyped application number: number, type and stage only, audited', async () => {
    // Two digits swapped (000132 for 000123), one digit wrong, one character missing: each finds the application.
    for (const typo of ['SIP-2025-000132', 'SIP-2025-000124', 'SIP-2025-00123', 'sip-2025-000213']) {
      const r = await counter.get(`/api/counter/permits/${encodeURIComponent(typo)}`);
      expect(r.status).toBe(404);
      expect(r.body.message).toBe('Nomor permohonan tidak ditemukan.');
      expect(r.body.suggestions.map((s: { number: string }) => s.number)).toContain('SIP-2025-000123');
      expect(r.body.suggestions.length).toBeLessThanOrEqual(3);
      for (const s of r.body.suggestions) expect(Object.keys(s).sort()).toEqual(['number', 'permitType', 'stage', 'stageLabel']);
    }
    // The closest first: one swap away from SIP-2025-000140 (SIPB), farther from SIP-2025-000123.
    const near = await counter.get('/api/counter/permits/SIP-2025-000104');
    expect(near.body.suggestions[0]).toEqual({
      number: 'SIP-2025-000140',
      permitType: 'Surat Izin Praktik Bidan (SIPB)',
      stage: 'perbaikan',
      stageLabel: 'Dikembalikan untuk perbaikan berkas',
    });
    expect(JSON.stringify(near.body)).not.toMatch(/Nurhayati|\+62/);
    // Nothing within two characters: no suggestion.
    const far = await counter.get('/api/counter/permits/XYZ-9999-999999');
    expect(far.status).toBe(404);
    expect(far.body.suggestions).toEqual([]);
    // Still refused before any search: an invalid number, and a role that may not look up.
    expect((await counter.get(`/api/counter/permits/${encodeURIComponent('SIP 2025%')}`)).status).toBe(400);
    expect((await agent.get('/api/counter/permits/SIP-2025-000132')).status).toBe(403);
    // The miss and what it offered are audited like a look-up.
    const audit = await supervisor.get('/api/audit?action=permit.lookup&targetType=permit');
    expect(audit.body.items.find((i: { targetId: string }) => i.targetId === 'SIP-2025-000132')).toEqual(
      expect.objectContaining({
        actorId: counter.userId,
        detail: expect.objectContaining({ found: false, suggested: expect.arrayContaining(['SIP-2025-000123']) }),
      }),
    );
  });

  it('merges two contacts of the same person', async () => {
    const a = await counter.post('/api/counter/visitors', { name: 'Budi Santoso' });
    const b = await counter.post('/api/counter/visitors', { name: 'Budi', phone: '081299998888' });
    const merged = await supervisor.post('/api/contacts/merge', { sourceId: a.body.contact.id, targetId: b.body.contact.id });
    expect(merged.status).toBe(200);
    expect(merged.body.contact).toEqual(expect.objectContaining({ id: b.body.contact.id, phone: '+6281299998888' }));
    const src = await env.query<{ merged_into_id: string }>('SELECT merged_into_id FROM contacts WHERE id = ?', [a.body.contact.id]);
    expect(src[0].merged_into_id).toBe(b.body.contact.id);
    expect((await supervisor.post('/api/contacts/merge', { sourceId: a.body.contact.id, targetId: a.body.contact.id })).status).toBe(400);
  });

  it('a merge carries the citizen\'s "kabari saya" requests to the merged contact', async () => {
    const c = new WebchatClient(hub.url);
    try {
      await c.ready();
      await c.ask('cek status PBG/2025/10/00456');
      await c.ask('0003');
      await c.ask('kabari saya kalau sudah terbit');
      const subs = () =>
        env.query<{ contact_id: string; verified: number | boolean }>(
          "SELECT contact_id, verified FROM permit_subscriptions WHERE application_number = 'PBG/2025/10/00456'",
        );
      await eventually(async () => (await subs()).length === 1);
      const [{ contact_id: webContact }] = await subs();
      const visitor = await counter.post('/api/counter/visitors', { name: 'Warga PBG', phone: '081277776666' });
      const merged = await supervisor.post('/api/contacts/merge', { sourceId: webContact, targetId: visitor.body.contact.id });
      expect(merged.status).toBe(200);
      const after = await subs();
      expect(after).toHaveLength(1);
      expect(after[0].contact_id).toBe(visitor.body.contact.id);
      expect(Boolean(after[0].verified)).toBe(true);
    } finally {
      c.close();
    }
  });

  it('keeps canned responses with shortcuts and fills their placeholders', async () => {
    const created = await supervisor.post('/api/canned-responses', {
      shortcut: 'salam',
      title: 'Salam',
      text: 'Halo {{contact.name}}, tiket Anda {{conversation.reference}}.',
    });
    expect(created.status).toBe(201);
    expect((await agent.post('/api/canned-responses', { shortcut: 'x', title: 'x', text: 'x' })).status).toBe(403);
    expect((await supervisor.post('/api/canned-responses', { shortcut: 'salam', title: 'dup', text: 'x' })).status).toBe(409);
    const v = await counter.post('/api/counter/visitors', { name: 'Rina' });
    const open = await counter.post('/api/counter/conversations', { contactId: v.body.contact.id });
    const r = await counter.post('/api/canned-responses/salam/render', { conversationId: open.body.conversation.id });
    expect(r.status).toBe(200);
    expect(r.body.text).toBe(`Halo Rina, tiket Anda ${open.body.conversation.reference}.`);
    const list = await agent.get('/api/canned-responses?q=/sal');
    expect(list.body.map((c: { shortcut: string }) => c.shortcut)).toEqual(['salam']);
  });

  it('flags an officer’s message pointing the citizen to a private payment, and lets an official number through', async () => {
    const sup = supervisor.socket();
    await sup.connected;
    const v = await counter.post('/api/counter/visitors', { name: 'Andi' });
    const open = await counter.post('/api/counter/conversations', { contactId: v.body.contact.id });
    const id = open.body.conversation.id;
    const ok = await counter.post(`/api/conversations/${id}/messages`, { text: 'Silakan hubungi call center kami di 021-5550100.' });
    expect(ok.status).toBe(201);
    const bad = await counter.post(`/api/conversations/${id}/messages`, { text: 'Biar cepat transfer saja 500rb ke rekening BCA 1234567890 a.n. saya' });
    expect(bad.status).toBe(201);
    const flag = await sup.waitFor('integrity.flagged', (p) => p.conversationId === id);
    expect(flag.payload.reasons).toEqual(expect.arrayContaining(['bank_account', 'payment_request']));
    expect(flag.payload.blocked).toBe(false);
    const audit = await supervisor.get(`/api/audit?action=integrity.flag&targetId=${id}`);
    expect(audit.body.items).toHaveLength(1);
    sup.close();
  });

  it('escalates an unanswered agency referral to the supervisors when it falls due', async () => {
    const sup = supervisor.socket();
    await sup.connected;
    const v = await counter.post('/api/counter/visitors', { name: 'Dewi' });
    const open = await counter.post('/api/counter/conversations', { contactId: v.body.contact.id });
    const id = open.body.conversation.id;
    const ref = await counter.post(`/api/conversations/${id}/refer`, { agencyCode: 'DLH', question: 'Perlu UKL-UPL untuk gudang 500 m2?' });
    expect(ref.status).toBe(201);
    // The visitor at the desk: the notice is recorded as delivered at once.
    const notice = await env.query<{ delivery_status: string }>("SELECT delivery_status FROM messages WHERE conversation_id = ? AND sender_kind = 'system'", [
      id,
    ]);
    expect(notice).toEqual([{ delivery_status: 'delivered' }]);
    const overdue = await sup.waitFor('referral.overdue', (p) => p.referralId === ref.body.id, 15_000);
    expect(overdue.payload).toEqual(expect.objectContaining({ conversationId: id, agencyCode: 'DLH' }));
    const list = await supervisor.get('/api/referrals?overdue=true');
    expect(list.body.map((r: { id: string }) => r.id)).toContain(ref.body.id);
    const c = await supervisor.get(`/api/conversations/${id}`);
    expect(c.body.conversation.labels).toContain('rujukan-terlambat');
    sup.close();
  });
});
