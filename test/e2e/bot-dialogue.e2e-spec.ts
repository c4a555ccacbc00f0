import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleApi, ConsoleSocket, DEMO } from '../support/console-client';
import { DbKind, eventually, freePort, HubEnv, HubProcess } from '../support/hub-process';
import { ServerMessage, WebchatClient } from '../support/webchat-client';

/**
 * The bot's dialogue end to end: a real hub process on real Redis and a real
 * database, driven through the web chat channel like a citizen's browser.
 */
const DBS: DbKind[] = (process.env.BOT_E2E_DBS ?? 'sqlite,postgres').split(',') as DbKind[];

describe.each(DBS)('bot dialogue over web chat (%s)', (db) => {
  let env: HubEnv;
  let hub: HubProcess;
  const clients: WebchatClient[] = [];
  /** The demo supervisor's live console, from the start: every verification alert lands here. */
  let supervisor: ConsoleSocket;

  beforeAll(async () => {
    // Low alert thresholds so a handful of citizens can cross them.
    env = new HubEnv(db, { DEMO_MODE: 'true', STATUS_ALERT_APP_FAILURES: '4', STATUS_ALERT_TOTAL_FAILURES: '6' });
    hub = await env.start('all');
    supervisor = (await ConsoleApi.login(hub.url, DEMO.supervisor)).socket();
    await supervisor.connected;
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    supervisor?.close();
    await env.stop();
  });

  async function citizen(): Promise<WebchatClient> {
    const c = new WebchatClient(hub.url);
    clients.push(c);
    await c.ready();
    return c;
  }

  let seq = 0;
  /** Sends a message and returns the bot's next reply. */
  const ask = (c: WebchatClient, text: string): Promise<ServerMessage> => c.ask(text);

  const conversation = async (id: string) =>
    (await env.query<{ status: string; team_id: string | null; waiting_since: unknown; kind: string }>('SELECT * FROM conversations WHERE id = ?', [id]))[0];
  const teamId = async (code: string) => (await env.query<{ id: string }>('SELECT id FROM teams WHERE code = ?', [code]))[0].id;

  it('permit status: asks for verification before revealing anything, then shows stage and dates', async () => {
    const c = await citizen();
    const asked = await ask(c, 'mau cek status PBG/2025/10/00456');
    expect(asked.text).toMatch(/4 digit terakhir NIK/);
    expect(asked.text).not.toMatch(/rekomendasi|Budi|PUPR/);
    const wrong = await ask(c, '9999');
    expect(wrong.text).toMatch(/tidak cocok[\s\S]*Sisa percobaan: 4/);
    const ok = await ask(c, '0003');
    expect(ok.text).toMatch(/Tahap sekarang: Menunggu rekomendasi teknis dinas terkait \(PUPR\)/);
    expect(ok.text).toMatch(/Standar pelayanan: 28 hari kerja/);
    expect(ok.text).toMatch(/Perkiraan selesai: \w+, \d{1,2} \w+ 20\d\d/);
    expect(ok.text).toMatch(/Yang perlu Anda lakukan/);

    const sub = await ask(c, 'kabari saya kalau izinnya sudah terbit');
    expect(sub.text).toMatch(/saya catat/);
    const rows = await env.query<{ application_number: string; channel: string; verified: unknown; identity_id: string }>(
      'SELECT application_number, channel, verified, identity_id FROM permit_subscriptions',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ application_number: 'PBG/2025/10/00456', channel: 'webchat' });
    expect(Boolean(rows[0].verified)).toBe(true);
    // The dialogue state lives in the conversation row, not in the process.
    const state = await env.query<{ bot_state: string }>('SELECT bot_state FROM conversations WHERE id = ?', [c.session!.conversationId]);
    expect(JSON.parse(state[0].bot_state).verified).toEqual(['PBG/2025/10/00456']);
  });

  it('a follow-up right after a status answer is about that application; "lupa nomor permohonan" gets a path', async () => {
    const c = await citizen();
    await ask(c, 'cek status PBG/2025/10/00456');
    expect((await ask(c, '0003')).text).toMatch(/Tahap sekarang/);
    // Only makes sense after the previous answer: the bot says which application it means.
    const follow = await ask(c, 'kalau sudah diperbaiki berapa lama lagi?');
    expect(follow.text).toMatch(/^Tentang permohonan PBG\/2025\/10\/00456 yang baru saja kita bahas/);

    const other = await citizen();
    const forgot = await ask(other, 'saya lupa nomor permohonan saya, gimana cek statusnya?');
    expect(forgot.text).toMatch(/^Nomor permohonan ada di:/);
    expect(forgot.quickReplies?.map((q) => q.payload)).toEqual(['intent:human_agent', 'menu']);
  });

  it('"mau ngobrol sama orang" inside a longer question hands off although an FAQ matches too', async () => {
    const c = await citizen();
    const reply = await ask(c, 'syarat pbg rumah tinggal apa aja ya, tapi saya mau ngobrol sama orang aja');
    expect(reply.text).toMatch(/petugas/);
    await eventually(async () => (await conversation(c.session!.conversationId)).status === 'pending');
  });

  it('locks only the citizen who failed 5 checks (counter in Redis): another can still verify the same application', async () => {
    const a = await citizen();
    await ask(a, 'SIP-2025-000123');
    for (let i = 0; i < 4; i++) expect((await ask(a, '1111')).text).toMatch(/tidak cocok/);
    expect((await ask(a, '1111')).text).toMatch(/dikunci sementara[\s\S]*15 menit/);
    expect((await ask(a, 'cek status SIP-2025-000123')).text).toMatch(/dikunci sementara/);
    const b = await citizen();
    const asked = await ask(b, 'cek status SIP-2025-000123');
    expect(asked.text).toMatch(/4 digit terakhir NIK/);
    expect(asked.text).not.toMatch(/dikunci/);
    expect((await ask(b, '0004')).text).toMatch(/Tahap sekarang: Pemeriksaan \(verifikasi\) berkas/);
  });

  it('before verification, answers an unknown application number exactly as a known one', async () => {
    const known = await citizen();
    const unknown = await citizen();
    const same = (text: string, no: string) => text.split(no).join('<NO>');
    const k = await ask(known, 'cek status PBG/2025/10/00456');
    const u = await ask(unknown, 'cek status PBG/2025/10/00999');
    expect(same(u.text, 'PBG/2025/10/00999')).toBe(same(k.text, 'PBG/2025/10/00456'));
    expect(u.quickReplies).toEqual(k.quickReplies);
    expect(k.text).toMatch(/4 digit terakhir NIK/);
    const kw = await ask(known, '7777');
    const uw = await ask(unknown, '7777');
    expect(same(uw.text, 'PBG/2025/10/00999')).toBe(same(kw.text, 'PBG/2025/10/00456'));
    expect(kw.text).toMatch(/tidak cocok[\s\S]*Sisa percobaan: 4/);
    expect(kw.text).not.toMatch(/ditemukan/);
  });

  it('a burst of failed checks from many citizens alerts the supervisors, without NIK or phone', async () => {
    // One wrong answer each: no citizen is locked, the application's failures together pass the threshold (4).
    for (let i = 0; i < 4; i++) {
      const c = await citizen();
      await ask(c, 'cek status REK-2025-000031');
      expect((await ask(c, `${1000 + i}`)).text).toMatch(/tidak cocok[\s\S]*Sisa percobaan: 4/);
    }
    const app = await supervisor.waitFor('verification.alert', (p) => p.scope === 'application' && p.applicationNumber === 'REK-2025-000031');
    expect(app.payload).toEqual({
      scope: 'application',
      applicationNumber: 'REK-2025-000031',
      failures: 4,
      requesters: 4,
      threshold: 4,
      windowMinutes: 15,
      at: expect.any(String),
    });
    // All applications together passed STATUS_ALERT_TOTAL_FAILURES (6) by now, too.
    const overall = await supervisor.waitFor('verification.alert', (p) => p.scope === 'overall');
    expect(overall.payload).toMatchObject({ scope: 'overall', threshold: 6, windowMinutes: 15 });
    expect(overall.payload.failures).toBeGreaterThanOrEqual(6);
    const alerts = supervisor.events.filter((e) => e.event === 'verification.alert');
    // Once per window and scope, not once per failure.
    expect(alerts.filter((e) => e.payload.applicationNumber === 'REK-2025-000031')).toHaveLength(1);
    const sent = JSON.stringify(alerts.map((e) => e.payload));
    for (const secret of ['3603112003870002', '2003870002', '0002', '6287812341234', '87812341234', '1000', '1001', '1002', '1003'])
      expect(sent).not.toContain(secret);
    expect(sent).not.toMatch(/nik|phone|contact/i);
  });

  it('complaint: collects what happened and opens a complaint conversation with the reference the citizen gets', async () => {
    const c = await citizen();
    expect((await ask(c, '3')).text).toMatch(/ceritakan apa yang terjadi/);
    const done = await ask(c, 'Kemarin di loket MPP ada orang yang menawarkan bisa mempercepat PBG kalau bayar 2 juta');
    const ref = /ADU-\d{6}-[A-Z2-9]{6}/.exec(done.text)?.[0];
    expect(ref).toBeDefined();
    expect(done.text).toMatch(/SP4N-LAPOR!/);
    const rows = await env.query<{ id: string; kind: string; status: string; team_id: string; contact_id: string }>(
      'SELECT * FROM conversations WHERE reference = ?',
      [ref],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'complaint', status: 'pending', team_id: await teamId('pengaduan') });
    const general = (await env.query<{ contact_id: string }>('SELECT contact_id FROM conversations WHERE id = ?', [c.session!.conversationId]))[0];
    expect(rows[0].contact_id).toBe(general.contact_id);
    const msgs = await env.query<{ text: string }>('SELECT text FROM messages WHERE conversation_id = ?', [rows[0].id]);
    expect(msgs.map((m) => m.text)).toEqual([expect.stringMatching(/mempercepat PBG/)]);
    // The citizen's own chat stays with the bot.
    expect((await conversation(c.session!.conversationId)).status).toBe('bot');
  });

  it('hand-off: pending for a team with an honest time, then the bot stays silent', async () => {
    const c = await citizen();
    const reply = await ask(c, '4');
    expect(reply.text).toMatch(/petugas/);
    expect(reply.text).toMatch(/Sekarang jam kerja|pukul 08\.00 WIB/);
    const conv = await eventually(async () => {
      const row = await conversation(c.session!.conversationId);
      return row.status === 'pending' ? row : null;
    });
    expect(conv!.team_id).toBe(await teamId('umum'));
    expect(conv!.waiting_since).not.toBeNull();

    const botBefore = c.received.filter((m) => m.sender === 'bot').length;
    expect((await c.send({ clientMessageId: `b-${++seq}`, text: 'halo, masih ada orang?' })).ok).toBe(true);
    const stored = await eventually(async () => {
      const rows = await env.query<{ text: string; handled_at: unknown }>(
        "SELECT text, handled_at FROM messages WHERE conversation_id = ? AND direction = 'in' ORDER BY created_at",
        [c.session!.conversationId],
      );
      return rows.length === 2 && rows[1].handled_at ? rows : null;
    });
    expect(stored![1].text).toBe('halo, masih ada orang?');
    await new Promise((r) => setTimeout(r, 1000));
    expect(c.received.filter((m) => m.sender === 'bot')).toHaveLength(botBefore);
    const out = await env.query<{ n: number }>("SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ? AND direction = 'out'", [
      c.session!.conversationId,
    ]);
    expect(Number(out[0].n)).toBe(1);
  });

  it('hands off after two messages it could not understand', async () => {
    const c = await citizen();
    expect((await ask(c, 'qwrtz plokm vvv')).text).toMatch(/belum mengerti/);
    expect((await ask(c, 'zzxq blorf snark')).text).toMatch(/hubungkan dengan petugas/);
    await eventually(async () => (await conversation(c.session!.conversationId)).status === 'pending');
  });

  it('a long answer comes in parts: the steps first, the rest when the citizen taps "Selengkapnya"', async () => {
    const c = await citizen();
    const first = await ask(c, 'cara bikin nib online sendiri dari hp');
    expect(first.text).toMatch(/^NIB \(Nomor Induk Berusaha\)[\s\S]*5\. Unduh NIB dari akun OSS\.$/);
    expect(first.quickReplies?.[0]).toEqual({ payload: 'more', title: 'Selengkapnya' });
    // The widget sends a tapped quick reply as its title.
    const rest = await ask(c, first.quickReplies![0].title);
    expect(rest.text).toMatch(/^PT PMA mendaftar sebagai badan usaha[\s\S]*tidak dipungut biaya\./);
    expect(rest.text).not.toMatch(/Unduh NIB/);
    expect(rest.quickReplies?.map((q) => q.payload)).not.toContain('more');
    const state = await env.query<{ bot_state: string }>('SELECT bot_state FROM conversations WHERE id = ?', [c.session!.conversationId]);
    expect(JSON.parse(state[0].bot_state).more).toBeUndefined();
  });

  it('reloads the knowledge base through the admin endpoint', async () => {
    const r = await fetch(`${hub.url}/api/admin/knowledge/reload`, { method: 'POST' });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ ok: true, entries: expect.any(Number) });
  });
});

describe('bot with the SIPINTER API down (sqlite)', () => {
  let env: HubEnv;
  afterAll(() => env?.stop());

  it('says so plainly, offers to notify, and keeps running', async () => {
    const dead = await freePort();
    env = new HubEnv('sqlite', { PERMITS_PROVIDER: 'sipinter', SIPINTER_API_URL: `http://127.0.0.1:${dead}/api`, SIPINTER_API_TIMEOUT_MS: '500' });
    const hub = await env.start('all');
    const c = new WebchatClient(hub.url);
    await c.ready();
    const started = Date.now();
    await c.send({ clientMessageId: 'd-1', text: 'cek status PBG/2025/10/00456' });
    const reply = await c.waitFor((m) => m.sender === 'bot', 20_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(reply.text).toMatch(/sistem data perizinan sedang tidak dapat dihubungi/);
    await c.send({ clientMessageId: 'd-2', text: 'ya' });
    await c.waitFor((m) => m.sender === 'bot' && /saya catat/.test(m.text), 20_000);
    const subs = await env.query<{ application_number: string; verified: unknown }>('SELECT application_number, verified FROM permit_subscriptions');
    expect(subs).toHaveLength(1);
    expect(subs[0].application_number).toBe('PBG/2025/10/00456');
    expect(Boolean(subs[0].verified)).toBe(false);
    expect((await fetch(`${hub.url}/health`)).status).toBe(200);
    c.close();
  });
});

describe('start-up with an invalid knowledge base', () => {
  it('refuses to start and names the file and the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-bad-'));
    writeFileSync(join(dir, 'rusak.md'), '---\nid: rusak\ntitle: Rusak\nquestions: [satu]\nanswer: x\n---\n');
    const env = new HubEnv('sqlite', { KB_DIR: dir });
    try {
      await expect(env.start('all')).rejects.toThrow(/rusak\.md: needs at least 6 questions/);
    } finally {
      await env.stop();
    }
  });
});
