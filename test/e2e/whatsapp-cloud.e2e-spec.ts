import { Queue } from 'bullmq';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, HubEnv, HubProcess, REDIS_URL } from '../support/hub-process';
import { ConsoleApi, DEMO } from '../support/console-client';
import { FakeGraph, waPayload } from '../support/fake-graph';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** eventually() for values that may be null until ready. */
async function until<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  return (await eventually(fn, timeoutMs)) as T;
}

interface MsgRow {
  id: string;
  conversation_id: string;
  direction: string;
  sender_kind: string;
  text: string;
  delivery_status: string;
  delivery_error: string | null;
  external_id: string | null;
  attachments: string;
}

/** env.query opens SQLite read-only; the window test needs to age rows. */
function sqliteWrite(env: HubEnv, sql: string, params: unknown[] = []): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3');
  const db = new Database(join(env.dataDir, 'hub.sqlite'), { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

describe('WhatsApp Cloud channel', () => {
  const graph = new FakeGraph();
  let env: HubEnv;
  let hub: HubProcess;

  const messagesOf = (phone: string) =>
    env.query<MsgRow>(
      `SELECT m.* FROM messages m JOIN channel_identities i ON i.id = m.identity_id
        WHERE m.channel = 'whatsapp' AND i.kind = 'phone' AND i.external_id = ? ORDER BY m.created_at`,
      [phone],
    );

  const post = (body: unknown, opts: { signature?: string | null; raw?: string } = {}) => {
    const raw = opts.raw ?? JSON.stringify(body);
    const sig = opts.signature === undefined ? graph.sign(raw) : opts.signature;
    return fetch(`${hub.url}/channels/whatsapp-cloud/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(sig !== null ? { 'x-hub-signature-256': sig } : {}) },
      body: raw,
    });
  };

  beforeAll(async () => {
    await graph.start();
    env = new HubEnv('sqlite', {
      ...graph.hubEnv(),
      WHATSAPP_CLOUD_TEMPLATE: 'sipinter_pemberitahuan:id',
    });
    hub = await env.start('all');
  });

  afterAll(async () => {
    await env?.stop();
    await graph.stop();
  });

  it("answers Meta's verification handshake and refuses a wrong token", async () => {
    const q = (token: string, mode = 'subscribe') =>
      fetch(`${hub.url}/channels/whatsapp-cloud/webhook?hub.mode=${mode}&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`);
    const ok = await q(graph.verifyToken);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    expect((await q('wrong-token')).status).toBe(403);
    expect((await q(graph.verifyToken, 'unsubscribe')).status).toBe(403);
  });

  it('rejects forged, missing and malformed calls with nothing stored', async () => {
    const body = waPayload.message(graph.phoneNumberId, '6281200000001', 'Penipu', waPayload.text('wamid.FORGED1', 'halo'));
    const raw = JSON.stringify(body);
    expect((await post(body, { signature: graph.sign(raw, 'not-the-app-secret-0000000000') })).status).toBe(403);
    expect((await post(body, { signature: 'sha256=' + '0'.repeat(64) })).status).toBe(403);
    expect((await post(body, { signature: 'sha1=abc' })).status).toBe(403);
    expect((await post(body, { signature: null })).status).toBe(401);
    // Signed with the right secret but the body changed on the way.
    expect((await post(null, { raw: raw.replace('halo', 'HALO'), signature: graph.sign(raw) })).status).toBe(403);
    expect((await post(null, { raw: '{"object": "whatsapp_business_account", ' })).status).toBe(400);
    await sleep(500);
    expect(await env.query('SELECT id FROM messages')).toHaveLength(0);
    expect(graph.sent).toHaveLength(0);
  });

  it('stores a message delivered three times once and answers once with a list of the menu', async () => {
    const body = waPayload.message(
      graph.phoneNumberId,
      '6281200000002',
      'Budi Santoso',
      waPayload.text('wamid.HBgLNjI4MTIwMDAwMDAwMhUCABIYFjNFQjBBMDAx', 'halo, mau tanya izin'),
    );
    const statuses = await Promise.all([post(body), post(body)]);
    statuses.push(await post(body));
    expect(statuses.map((s) => s.status)).toEqual([200, 200, 200]);
    await eventually(() => graph.sentTo('6281200000002').length === 1);
    await sleep(1500);
    const sent = graph.sentTo('6281200000002');
    expect(sent).toHaveLength(1);
    expect(sent[0].type).toBe('interactive');
    const interactive = sent[0].body.interactive as { type: string; action: { sections: { rows: { id: string; title: string }[] }[] } };
    expect(interactive.type).toBe('list');
    expect(interactive.action.sections[0].rows.map((r) => r.id)).toEqual(['1', '2', '3', '4']);
    const rows = await until(async () => {
      const r = await messagesOf('+6281200000002');
      return r.length === 2 && r[1].delivery_status === 'sent' ? r : null;
    });
    expect(rows[0]).toMatchObject({ direction: 'in', text: 'halo, mau tanya izin', external_id: 'wamid.HBgLNjI4MTIwMDAwMDAwMhUCABIYFjNFQjBBMDAx' });
    expect(rows[1]).toMatchObject({ direction: 'out', external_id: sent[0].wamid });
    const contact = await env.query<{ name: string; phone: string }>(
      `SELECT name, phone FROM contacts c JOIN channel_identities i ON i.contact_id = c.id WHERE i.external_id = '+6281200000002'`,
    );
    expect(contact).toEqual([{ name: 'Budi Santoso', phone: '+6281200000002' }]);
  });

  it('maps button and list replies, images and locations', async () => {
    const from = '6281200000003';
    await post(waPayload.message(graph.phoneNumberId, from, 'Siti', waPayload.buttonReply('wamid.BTN1', '2', 'Persyaratan & biaya')));
    await post(waPayload.message(graph.phoneNumberId, from, 'Siti', waPayload.listReply('wamid.LIST1', '4', 'Bicara dengan petugas')));
    const photo = Buffer.from('\xff\xd8\xff\xe0 fake jpeg bytes of a building site', 'latin1');
    graph.addMedia('1003383421387256', photo, 'image/jpeg');
    await post(waPayload.message(graph.phoneNumberId, from, 'Siti', waPayload.image('wamid.IMG1', 'foto lokasi')));
    // Meta no longer has this one: the message still goes in, with the media id to fetch later.
    await post(waPayload.message(graph.phoneNumberId, from, 'Siti', waPayload.image('wamid.IMG2', 'foto kedua', '1003383421387999')));
    await post(waPayload.message(graph.phoneNumberId, from, 'Siti', waPayload.location('wamid.LOC1')));
    const rows = await until(async () => {
      const r = (await messagesOf('+6281200000003')).filter((x) => x.direction === 'in');
      return r.length === 5 ? r : null;
    });
    const byId = Object.fromEntries(rows.map((r) => [r.external_id, r]));
    expect(byId['wamid.BTN1'].text).toBe('Persyaratan & biaya');
    expect(byId['wamid.LIST1'].text).toBe('Bicara dengan petugas');
    expect(byId['wamid.IMG1'].text).toBe('foto lokasi');
    const [img] = JSON.parse(byId['wamid.IMG1'].attachments) as { ref: string }[];
    expect(img).toEqual({ kind: 'image', mimeType: 'image/jpeg', ref: join('media', 'whatsapp', '1003383421387256.jpg'), size: photo.length });
    expect(readFileSync(join(env.dataDir, img.ref))).toEqual(photo);
    expect(JSON.parse(byId['wamid.IMG2'].attachments)).toEqual([{ kind: 'image', mimeType: 'image/jpeg', ref: 'whatsapp-media:1003383421387999' }]);

    // An officer who may read the conversation gets the file itself (audited); the citizen's photo never runs as a page.
    const supervisor = await ConsoleApi.login(hub.url, DEMO.supervisor);
    const url = (m: string, i = 0) => `${hub.url}/api/conversations/${byId[m].conversation_id}/messages/${byId[m].id}/attachments/${i}`;
    const auth = { authorization: `Bearer ${supervisor.session.accessToken}` };
    const file = await fetch(url('wamid.IMG1'), { headers: auth });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(photo);
    const audit = await supervisor.get(`/api/audit?action=attachment.view&targetId=${byId['wamid.IMG1'].id}`);
    expect(audit.body.items).toHaveLength(1);
    // Not downloaded, out of range, unknown, or without a token: a clear refusal and nothing served.
    const missing = await fetch(url('wamid.IMG2'), { headers: auth });
    expect(missing.status).toBe(404);
    expect(JSON.stringify(await missing.json())).toMatch(/belum diunduh/);
    expect((await fetch(url('wamid.IMG1', 3), { headers: auth })).status).toBe(404);
    expect((await fetch(url('wamid.IMG1').replace(byId['wamid.IMG1'].id, '00000000-0000-4000-8000-000000000000'), { headers: auth })).status).toBe(404);
    expect((await fetch(url('wamid.IMG1'))).status).toBe(401);
    expect(JSON.parse(byId['wamid.LOC1'].attachments)).toEqual([{ kind: 'location', latitude: -6.2646, longitude: 106.4763 }]);
    // One citizen, one conversation, whatever the message type.
    expect(new Set(rows.map((r) => r.conversation_id)).size).toBe(1);
  });

  it("moves delivery status only forward when callbacks arrive out of order, and records a failure with Meta's error", async () => {
    const to = '6281200000002';
    const wamid = graph.sentTo(to)[0].wamid;
    expect((await post(waPayload.status(graph.phoneNumberId, wamid, 'read', to))).status).toBe(200);
    await until(async () => (await env.query<MsgRow>(`SELECT * FROM messages WHERE external_id = ?`, [wamid]))[0]?.delivery_status === 'read');
    await post(waPayload.status(graph.phoneNumberId, wamid, 'delivered', to));
    await post(waPayload.status(graph.phoneNumberId, wamid, 'sent', to));
    await sleep(1500);
    expect((await env.query<MsgRow>(`SELECT * FROM messages WHERE external_id = ?`, [wamid]))[0].delivery_status).toBe('read');

    const other = graph.sentTo('6281200000003')[0].wamid;
    await post(
      waPayload.status(graph.phoneNumberId, other, 'failed', '6281200000003', [
        { code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } },
      ]),
    );
    const failed = await until(async () =>
      (await env.query<MsgRow>(`SELECT * FROM messages WHERE external_id = ?`, [other])).find((r) => r.delivery_status === 'failed'),
    );
    expect(failed.delivery_error).toBe('131026 Message undeliverable: Message Undeliverable.');
  });

  it('sends free text inside the 24-hour window and the template outside it', async () => {
    const phone = '+6281200000002';
    const [inbound] = await messagesOf(phone);
    const queue = new Queue('outbound-whatsapp', { connection: { url: REDIS_URL }, prefix: env.id });
    const agentReply = async (id: string, text: string) => {
      sqliteWrite(
        env,
        `INSERT INTO messages (id, conversation_id, direction, sender_kind, sender_user_id, channel, identity_id, external_id, idempotency_key, text,
                               attachments, quick_replies, is_private, delivery_status, delivery_error, handled_at, created_at, sent_at)
         SELECT ?, conversation_id, 'out', 'agent', NULL, channel, identity_id, NULL, NULL, ?, '[]', NULL, 0, 'pending', NULL, NULL,
                strftime('%Y-%m-%d %H:%M:%f', 'now'), NULL FROM messages WHERE id = ?`,
        [id, text, inbound.id],
      );
      await queue.add('send', { messageId: id }, { jobId: id, attempts: 3, backoff: { type: 'fixed', delay: 200 } });
    };
    try {
      await agentReply('00000000-0000-4000-8000-000000000001', 'Izin Anda sedang diverifikasi.');
      await eventually(() => graph.sentTo('6281200000002').length === 2);
      expect(graph.sentTo('6281200000002')[1].body).toMatchObject({ type: 'text', text: { body: 'Izin Anda sedang diverifikasi.' } });

      // The citizen's last message is now 25 hours old.
      sqliteWrite(env, `UPDATE messages SET created_at = strftime('%Y-%m-%d %H:%M:%f', 'now', '-25 hours') WHERE conversation_id = ? AND direction = 'in'`, [
        inbound.conversation_id,
      ]);
      await agentReply('00000000-0000-4000-8000-000000000002', 'Izin Anda sudah terbit.\nSilakan unduh di SIPINTER.');
      await eventually(() => graph.sentTo('6281200000002').length === 3);
      expect(graph.sentTo('6281200000002')[2].body).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '6281200000002',
        type: 'template',
        template: {
          name: 'sipinter_pemberitahuan',
          language: { code: 'id' },
          components: [{ type: 'body', parameters: [{ type: 'text', text: 'Izin Anda sudah terbit. · Silakan unduh di SIPINTER.' }] }],
        },
      });
      await until(
        async () => (await env.query<MsgRow>(`SELECT * FROM messages WHERE id = '00000000-0000-4000-8000-000000000002'`))[0]?.delivery_status === 'sent',
      );
    } finally {
      await queue.close();
    }
  });

  it('retries a send the Graph API failed with 500 and delivers it once', async () => {
    graph.failNext(3, 500);
    const before = graph.attempts.length;
    await post(waPayload.message(graph.phoneNumberId, '6281200000004', 'Agus', waPayload.text('wamid.RETRY1', 'halo')));
    await eventually(() => graph.sentTo('6281200000004').length === 1, 30_000);
    await sleep(1000);
    expect(graph.sentTo('6281200000004')).toHaveLength(1);
    expect(graph.attempts.slice(before).map((a) => a.status)).toEqual([500, 500, 500, 200]);
    await until(async () => (await messagesOf('+6281200000004')).find((r) => r.direction === 'out' && r.delivery_status === 'sent'));
  });

  it('fails a send Meta refuses as invalid without retrying', async () => {
    graph.failNext(1, 400, { message: '(#131009) Parameter value is not valid', type: 'OAuthException', code: 131009 });
    const before = graph.attempts.length;
    await post(waPayload.message(graph.phoneNumberId, '6281200000005', 'Dewi', waPayload.text('wamid.BAD1', 'halo')));
    const out = await until(async () => (await messagesOf('+6281200000005')).find((r) => r.direction === 'out' && r.delivery_status === 'failed'));
    expect(out.delivery_error).toMatch(/131009/);
    expect(graph.attempts.length - before).toBe(1);
    expect(hub.child.exitCode).toBeNull();
  });
});
