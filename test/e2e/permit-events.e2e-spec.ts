import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { DbKind, eventually, HubEnv, HubProcess } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

const SECRET = 'permit-events-secret-0123456789';
const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

const DBS: DbKind[] = (process.env.PERMIT_E2E_DBS ?? 'sqlite,postgres').split(',') as DbKind[];

/** "Kabari saya": a citizen subscribes through the bot, SIPINTER reports a change, the citizen hears it once. */
describe.each(DBS)('permit status change notifications (%s)', (db) => {
  let env: HubEnv;
  let hub: HubProcess;
  beforeAll(async () => {
    env = new HubEnv(db, { DEMO_MODE: 'true', PERMIT_EVENTS_SECRET: SECRET });
    hub = await env.start('all');
  });
  afterAll(async () => env?.stop());

  const post = (body: string, signature?: string) =>
    fetch(`${hub.url}/api/permits/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature ? { 'x-signature-256': signature } : {}) },
      body,
    });

  /**
   * A request with exact header bytes: fetch refuses values outside ASCII and
   * node:http re-encodes them, but any client on the network can send them.
   */
  const rawPost = (body: string, signature: Buffer | Buffer[]) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const { hostname, port } = new URL(hub.url);
      const head = [
        'POST /api/permits/events HTTP/1.1',
        `Host: ${hostname}:${port}`,
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Connection: close',
      ].join('\r\n');
      const lines = (Array.isArray(signature) ? signature : [signature]).map((v) => Buffer.concat([Buffer.from('\r\nX-Signature-256: '), v]));
      const chunks: Buffer[] = [];
      const sock = connect(Number(port), hostname, () => sock.write(Buffer.concat([Buffer.from(head), ...lines, Buffer.from(`\r\n\r\n${body}`)])));
      sock.on('data', (d: Buffer) => chunks.push(d));
      sock.on('error', reject);
      sock.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), body: text.slice(text.indexOf('\r\n\r\n') + 4) });
      });
    });

  it('answers every malformed signature header with 401 and a reason, and stores nothing', async () => {
    const event = JSON.stringify({ eventId: 'evt-sig', applicationNumber: 'SIP-2025-000140', stage: 'terbit' });
    const good = sign(event);
    const hex = good.slice('sha256='.length);
    const ascii = (v: string) => Buffer.from(v, 'latin1');
    const variants: Array<[string, Buffer | Buffer[]]> = [
      // As many characters as a valid header (Node reads header bytes as latin1), more bytes in UTF-8: today's comparison threw (500).
      ['non-ASCII, one latin1 byte', ascii(`sha256=\u00e9${hex.slice(1)}`)],
      ['non-ASCII, UTF-8 bytes', Buffer.from(`sha256=\u20ac${hex.slice(3)}`, 'utf8')],
      ['too short', ascii('sha256=abc')],
      ['too long', ascii(`${good}00`)],
      ['no prefix', ascii(hex)],
      ['other algorithm', ascii(`sha512=${hex}`)],
      ['not hex', ascii(`sha256=${'z'.repeat(64)}`)],
      ['repeated header', [ascii(good), ascii(good)]],
      ['empty', ascii('')],
    ];
    for (const [what, header] of variants) {
      const res = await rawPost(event, header);
      expect({ what, status: res.status }).toEqual({ what, status: 401 });
      expect(JSON.parse(res.body).message).toMatch(/signature/);
    }
    const [row] = await env.query<{ stage: string }>("SELECT stage FROM permit_applications WHERE number = 'SIP-2025-000140'");
    expect(row.stage).toBe('perbaikan');
    // The properly signed event still goes through (the helper is not what rejects).
    expect((await rawPost(event, ascii(good))).status).toBe(200);
  });

  it('notifies a verified subscriber once per event, and rejects forged or malformed events', async () => {
    const c = new WebchatClient(hub.url);
    try {
      await c.ready();
      await c.ask('cek status PBG/2025/10/00456');
      await c.ask('0003');
      await c.ask('kabari saya kalau sudah terbit');
      await eventually(async () => (await env.query("SELECT id FROM permit_subscriptions WHERE application_number = 'PBG/2025/10/00456'")).length === 1);

      const event = JSON.stringify({ eventId: 'evt-1', applicationNumber: 'PBG/2025/10/00456', stage: 'terbit' });
      expect((await post(event)).status).toBe(401);
      expect((await post(event, sign(event + ' '))).status).toBe(401);
      const bad = JSON.stringify({ eventId: 'evt-x', applicationNumber: 'PBG/2025/10/00456', stage: 'meledak' });
      const badRes = await post(bad, sign(bad));
      expect(badRes.status).toBe(400);
      expect(JSON.stringify(await badRes.json())).toMatch(/stage/);
      expect(c.received.filter((m) => m.sender === 'system')).toHaveLength(0);

      const ok = await post(event, sign(event));
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ subscribers: 1, notified: 1, registry: 'updated' });
      const note = await c.waitFor((m) => m.sender === 'system');
      expect(note.text).toContain('PBG/2025/10/00456');
      expect(note.text).toMatch(/terbit/i);

      // SIPINTER re-sends the same event: nothing new reaches the citizen.
      const again = await post(event, sign(event));
      expect(await again.json()).toEqual({ subscribers: 1, notified: 0, registry: 'updated' });
      await new Promise((r) => setTimeout(r, 1000));
      expect(c.received.filter((m) => m.sender === 'system')).toHaveLength(1);

      // The local registry moved with the event, so the bot's next answer matches the notice...
      const [row] = await env.query<{ stage: string }>("SELECT stage FROM permit_applications WHERE number = 'PBG/2025/10/00456'");
      expect(row.stage).toBe('terbit');
      // ...and a late event about an earlier stage neither moves it back nor reaches the citizen.
      const late = JSON.stringify({ eventId: 'evt-0', applicationNumber: 'PBG/2025/10/00456', stage: 'verifikasi', occurredAt: '2025-01-02T03:00:00Z' });
      expect(await (await post(late, sign(late))).json()).toEqual({ subscribers: 0, notified: 0, registry: 'stale' });
      const [after] = await env.query<{ stage: string }>("SELECT stage FROM permit_applications WHERE number = 'PBG/2025/10/00456'");
      expect(after.stage).toBe('terbit');
      await new Promise((r) => setTimeout(r, 500));
      expect(c.received.filter((m) => m.sender === 'system')).toHaveLength(1);
    } finally {
      c.close();
    }
  });

  it('a replayed event id changes nothing: not the registry, not the citizen, even after newer events', async () => {
    const c = new WebchatClient(hub.url);
    try {
      await c.ready();
      await c.ask('cek status REK-2025-000031');
      expect((await c.ask('0002')).text).toMatch(/Tahap sekarang/);
      await c.ask('kabari saya kalau sudah terbit');
      await eventually(async () => (await env.query("SELECT id FROM permit_subscriptions WHERE application_number = 'REK-2025-000031'")).length === 1);
      const stage = async () => (await env.query<{ stage: string }>("SELECT stage FROM permit_applications WHERE number = 'REK-2025-000031'"))[0].stage;
      const systemRows = async () =>
        (
          await env.query<{ n: number }>("SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ? AND sender_kind = 'system'", [c.session!.conversationId])
        )[0].n;

      // No occurredAt: SIPINTER's events cannot be ordered by time, only told apart by id.
      const a = JSON.stringify({ eventId: 'evt-rek-a', applicationNumber: 'REK-2025-000031', stage: 'penerbitan' });
      const b = JSON.stringify({ eventId: 'evt-rek-b', applicationNumber: 'REK-2025-000031', stage: 'terbit', note: 'Unduh izin di SIPINTER.' });
      expect(await (await post(a, sign(a))).json()).toEqual({ subscribers: 1, notified: 1, registry: 'updated' });
      expect(await (await post(b, sign(b))).json()).toEqual({ subscribers: 1, notified: 1, registry: 'updated' });
      await eventually(() => c.received.filter((m) => m.sender === 'system').length === 2);
      expect(await stage()).toBe('terbit');
      const before = Number(await systemRows());
      expect(before).toBe(2);

      // SIPINTER's retry queue re-sends the older event.
      const replay = await post(a, sign(a));
      expect(replay.status).toBe(200);
      expect(await replay.json()).toEqual({ subscribers: 1, notified: 0, registry: 'updated' });
      expect(await stage()).toBe('terbit');
      const [row] = await env.query<{ next_action: string | null }>("SELECT next_action FROM permit_applications WHERE number = 'REK-2025-000031'");
      expect(row.next_action).toBe('Unduh izin di SIPINTER.');
      // Same id, another body: still the first delivery's event, nothing applied.
      const forged = JSON.stringify({ eventId: 'evt-rek-a', applicationNumber: 'REK-2025-000031', stage: 'ditolak' });
      expect((await post(forged, sign(forged))).status).toBe(200);
      expect(await stage()).toBe('terbit');
      await new Promise((r) => setTimeout(r, 1000));
      expect(Number(await systemRows())).toBe(before);
      expect(c.received.filter((m) => m.sender === 'system')).toHaveLength(2);
      // And the bot's answer matches the last real event.
      expect((await c.ask('cek status REK-2025-000031')).text).toMatch(/Izin sudah terbit/);
    } finally {
      c.close();
    }
  });
});
