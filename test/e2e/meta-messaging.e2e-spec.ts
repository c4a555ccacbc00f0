import { Queue } from 'bullmq';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleApi, DEMO } from '../support/console-client';
import { eventually, HubEnv, HubProcess, REDIS_URL } from '../support/hub-process';
import { FakeMetaSend, metaPayload as P } from '../support/fake-meta-send';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

/** env.query opens SQLite read-only; the window tests age rows and add officers' replies. */
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

const PAGE_ID = '1234567890123456';
const IG_ACCOUNT = '17841400000000001';

describe('Messenger and Instagram channels', () => {
  const messenger = new FakeMetaSend('messenger');
  const instagram = new FakeMetaSend('instagram');
  let env: HubEnv;
  let hub: HubProcess;

  const messagesOf = (kind: string, id: string) =>
    env.query<MsgRow>(
      `SELECT m.* FROM messages m JOIN channel_identities i ON i.id = m.identity_id
        WHERE i.kind = ? AND i.external_id = ? ORDER BY m.created_at, m.direction`,
      [kind, id],
    );

  const post = (channel: 'messenger' | 'instagram', body: unknown, opts: { signature?: string | null; raw?: string } = {}) => {
    const fake = channel === 'messenger' ? messenger : instagram;
    const raw = opts.raw ?? JSON.stringify(body);
    const sig = opts.signature === undefined ? fake.sign(raw) : opts.signature;
    return fetch(`${hub.url}/channels/${channel}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(sig !== null ? { 'x-hub-signature-256': sig } : {}) },
      body: raw,
    });
  };
  const fromPsid = (psid: string, ...events: Record<string, unknown>[]) =>
    P.envelope(
      'page',
      PAGE_ID,
      events.map((e) => P.event(psid, PAGE_ID, e)),
    );

  /** An officer's reply, stored as the console stores it, then queued for sending. */
  async function queueReply(channel: string, inbound: MsgRow, id: string, text: string, senderKind = 'agent'): Promise<void> {
    sqliteWrite(
      env,
      `INSERT INTO messages (id, conversation_id, direction, sender_kind, sender_user_id, channel, identity_id, external_id, idempotency_key, text,
                             attachments, quick_replies, is_private, delivery_status, delivery_error, handled_at, created_at, sent_at)
       SELECT ?, conversation_id, 'out', ?, NULL, channel, identity_id, NULL, NULL, ?, '[]', NULL, 0, 'pending', NULL, NULL,
              strftime('%Y-%m-%d %H:%M:%f', 'now'), NULL FROM messages WHERE id = ?`,
      [id, senderKind, text, inbound.id],
    );
    const queue = new Queue(`outbound-${channel}`, { connection: { url: REDIS_URL }, prefix: env.id });
    try {
      await queue.add('send', { messageId: id }, { jobId: id, attempts: 3, backoff: { type: 'fixed', delay: 200 } });
    } finally {
      await queue.close();
    }
  }
  const rowById = async (id: string) => (await env.query<MsgRow>(`SELECT * FROM messages WHERE id = ?`, [id]))[0];

  beforeAll(async () => {
    await Promise.all([messenger.start(), instagram.start()]);
    env = new HubEnv('sqlite', {
      MESSENGER_PAGE_ACCESS_TOKEN: messenger.token,
      MESSENGER_APP_SECRET: messenger.appSecret,
      MESSENGER_VERIFY_TOKEN: messenger.verifyToken,
      MESSENGER_API_ROOT: messenger.root,
      INSTAGRAM_ACCESS_TOKEN: instagram.token,
      INSTAGRAM_APP_SECRET: instagram.appSecret,
      INSTAGRAM_VERIFY_TOKEN: instagram.verifyToken,
      INSTAGRAM_API_ROOT: instagram.root,
    });
    hub = await env.start('all');
  });

  afterAll(async () => {
    await env?.stop();
    await Promise.all([messenger.stop(), instagram.stop()]);
  });

  describe('Messenger', () => {
    it("answers Meta's verification handshake and refuses a wrong token or mode", async () => {
      const q = (token: string, mode = 'subscribe') =>
        fetch(`${hub.url}/channels/messenger/webhook?hub.mode=${mode}&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`);
      const ok = await q(messenger.verifyToken);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('1158201444');
      expect((await q('wrong-token')).status).toBe(403);
      expect((await q(messenger.verifyToken, 'unsubscribe')).status).toBe(403);
      // Instagram's token does not open Messenger's door.
      expect((await q(instagram.verifyToken)).status).toBe(403);
    });

    it('refuses forged, missing and malformed calls with nothing stored', async () => {
      const body = fromPsid('7000000000000001', P.text('m_FORGED1', 'halo'));
      const raw = JSON.stringify(body);
      expect((await post('messenger', body, { signature: messenger.sign(raw, 'not-the-app-secret-000000') })).status).toBe(403);
      expect((await post('messenger', body, { signature: instagram.sign(raw) })).status).toBe(403);
      expect((await post('messenger', body, { signature: 'sha256=' + '0'.repeat(64) })).status).toBe(403);
      expect((await post('messenger', body, { signature: 'sha1=abc' })).status).toBe(403);
      expect((await post('messenger', body, { signature: null })).status).toBe(401);
      expect((await post('messenger', null, { raw: raw.replace('halo', 'HALO'), signature: messenger.sign(raw) })).status).toBe(403);
      // Signed, but not what Meta documents: numbers for ids, nulls, the wrong object, a broken JSON.
      for (const bad of [
        {
          object: 'page',
          entry: [
            { id: PAGE_ID, messaging: [{ sender: { id: 7000000000000001 }, recipient: { id: PAGE_ID }, timestamp: 1, message: { mid: 'm_X', text: 'a' } }] },
          ],
        },
        {
          object: 'page',
          entry: [{ id: PAGE_ID, messaging: [{ sender: { id: '7000000000000001' }, recipient: { id: PAGE_ID }, timestamp: 1, message: { mid: null } }] }],
        },
        { object: 'page', entry: 'nope' },
        { object: 'instagram', entry: [{ id: PAGE_ID, messaging: [P.event('7000000000000001', PAGE_ID, P.text('m_OBJ', 'halo'))] }] },
        [1, 2, 3],
      ]) {
        const res = await post('messenger', bad);
        expect(res.status).toBe(400);
      }
      expect((await post('messenger', null, { raw: '{"object": "page", ' })).status).toBe(400);
      await sleep(500);
      expect(await env.query('SELECT id FROM messages')).toHaveLength(0);
      expect(messenger.sent).toHaveLength(0);
    });

    it('stores a message delivered three times once and answers once, with quick replies, as a RESPONSE', async () => {
      const psid = '7000000000000002';
      const body = fromPsid(psid, P.text('m_AbCdEf0001', 'halo, mau tanya izin'));
      const statuses = await Promise.all([post('messenger', body), post('messenger', body)]);
      statuses.push(await post('messenger', body));
      expect(statuses.map((s) => s.status)).toEqual([200, 200, 200]);
      await eventually(() => messenger.sentTo(psid).length === 1);
      await sleep(1500);
      const sent = messenger.sentTo(psid);
      expect(sent).toHaveLength(1);
      expect(sent[0].body).toMatchObject({ recipient: { id: psid }, messaging_type: 'RESPONSE' });
      const msg = sent[0].body.message as { text: string; quick_replies: { content_type: string; title: string; payload: string }[] };
      expect(msg.quick_replies.map((q) => q.payload)).toEqual(['1', '2', '3', '4']);
      expect(msg.quick_replies.every((q) => q.content_type === 'text' && q.title.length <= 20)).toBe(true);
      const rows = await until(async () => {
        const r = await messagesOf('messenger', psid);
        return r.length === 2 && r[1].delivery_status === 'sent' ? r : null;
      });
      expect(rows[0]).toMatchObject({ direction: 'in', text: 'halo, mau tanya izin', external_id: 'm_AbCdEf0001' });
      expect(rows[1]).toMatchObject({ direction: 'out', external_id: sent[0].mid });
      const identities = await env.query<{ kind: string; external_id: string }>(`SELECT kind, external_id FROM channel_identities WHERE external_id = ?`, [
        psid,
      ]);
      expect(identities).toEqual([{ kind: 'messenger', external_id: psid }]);
    });

    it("hands a quick reply's and a postback's payload to the bot, not their titles", async () => {
      // The titles say something else than the payloads: the bot's answers show which it read.
      const byText = '7000000000000003';
      const byQuickReply = '7000000000000004';
      const byPostback = '7000000000000005';
      await post('messenger', fromPsid(byText, P.text('m_T3', '4')));
      await post('messenger', fromPsid(byQuickReply, P.quickReply('m_Q4', 'Pilihan saya', '4')));
      await post('messenger', fromPsid(byPostback, P.postback('m_P5', 'Tombol saya', '4')));
      await eventually(() => [byText, byQuickReply, byPostback].every((id) => messenger.sentTo(id).length >= 1));
      const answer = (id: string) => JSON.stringify(messenger.sentTo(id)[0].body.message);
      expect(answer(byQuickReply)).toBe(answer(byText));
      expect(answer(byPostback)).toBe(answer(byText));
      const [pb] = await messagesOf('messenger', byPostback);
      expect(pb).toMatchObject({ direction: 'in', text: 'Tombol saya', external_id: 'm_P5' });
    });

    it('ignores echoes, reads and deliveries, and skips one malformed event without losing the others', async () => {
      const psid = '7000000000000006';
      const res = await post('messenger', fromPsid(psid, P.echo('m_ECHO1', 'balasan kami'), P.read('m_AbCdEf0001'), P.delivery('m_AbCdEf0001')));
      expect(res.status).toBe(200);
      const mixed = fromPsid(psid, P.text('m_GOOD6', 'halo'));
      mixed.entry[0].messaging.push({ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: 'kemarin', message: { mid: 'm_BAD6' } });
      expect((await post('messenger', mixed)).status).toBe(200);
      await eventually(() => messenger.sentTo(psid).length === 1);
      const rows = (await messagesOf('messenger', psid)).filter((r) => r.direction === 'in');
      expect(rows.map((r) => r.external_id)).toEqual(['m_GOOD6']);
      expect(await env.query(`SELECT id FROM messages WHERE external_id IN ('m_ECHO1', 'm_BAD6')`)).toHaveLength(0);
    });

    it('answers the webhook at once and fetches attachments in the background; a refused or expired file keeps its metadata', async () => {
      const psid = '7000000000000007';
      const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3000, 9)]);
      const slow = messenger.addFile('photo7.jpg', photo, 'image/jpeg', 2500);
      const page = messenger.addFile('page7.html', Buffer.from('<script>alert(1)</script>'), 'text/html');
      const t0 = Date.now();
      const res = await post(
        'messenger',
        fromPsid(
          psid,
          P.attachment('m_IMG7', 'image', slow),
          P.attachment('m_HTML7', 'file', page),
          P.attachment('m_GONE7', 'image', messenger.addFile('x', Buffer.alloc(1), 'image/png').replace('/x?', '/expired?')),
        ),
      );
      expect(res.status).toBe(200);
      expect(Date.now() - t0).toBeLessThan(1000);
      const rows = await until(async () => {
        const r = await messagesOf('messenger', psid);
        return r.filter((x) => x.direction === 'in').length === 3 ? r.filter((x) => x.direction === 'in') : null;
      }, 20_000);
      const byId = Object.fromEntries(rows.map((r) => [r.external_id, r]));
      const [img] = JSON.parse(byId.m_IMG7.attachments) as { ref: string }[];
      expect(img).toEqual({ kind: 'image', mimeType: 'image/jpeg', ref: join('media', 'messenger', 'm_IMG7-0.jpg'), size: photo.length });
      expect(readFileSync(join(env.dataDir, img.ref))).toEqual(photo);
      expect(JSON.parse(byId.m_HTML7.attachments)).toEqual([{ kind: 'document' }]);
      expect(JSON.parse(byId.m_GONE7.attachments)).toEqual([{ kind: 'image' }]);
    });

    it('retries a send the Send API failed with 500 and delivers it once', async () => {
      const psid = '7000000000000008';
      messenger.failNext(3, 500);
      const before = messenger.attempts.length;
      await post('messenger', fromPsid(psid, P.text('m_RETRY8', 'halo')));
      await eventually(() => messenger.sentTo(psid).length === 1, 30_000);
      await sleep(1000);
      expect(messenger.sentTo(psid)).toHaveLength(1);
      expect(messenger.attempts.slice(before).map((a) => a.status)).toEqual([500, 500, 500, 200]);
      await until(async () => (await messagesOf('messenger', psid)).find((r) => r.direction === 'out' && r.delivery_status === 'sent'));
    });

    it('fails a send Meta refuses for good without retrying, with its error recorded', async () => {
      const psid = '7000000000000009';
      messenger.failNext(1, 400, { message: '(#551) This person isn\u2019t available right now.', type: 'OAuthException', code: 551, error_subcode: 1545041 });
      const before = messenger.attempts.length;
      await post('messenger', fromPsid(psid, P.text('m_BLOCK9', 'halo')));
      const out = await until(async () => (await messagesOf('messenger', psid)).find((r) => r.direction === 'out' && r.delivery_status === 'failed'));
      expect(out.delivery_error).toMatch(/code 551\/1545041/);
      await sleep(800);
      expect(messenger.attempts.length - before).toBe(1);
    });

    it('keeps the window: RESPONSE within 24 h, HUMAN_AGENT for officers up to 7 days, refused otherwise with no call', async () => {
      const psid = '7000000000000002';
      const [inbound] = await messagesOf('messenger', psid);
      const age = (sqlAge: string) =>
        sqliteWrite(env, `UPDATE messages SET created_at = strftime('%Y-%m-%d %H:%M:%f', 'now', ?) WHERE conversation_id = ? AND direction = 'in'`, [
          sqlAge,
          inbound.conversation_id,
        ]);
      const sentBefore = () => messenger.sentTo(psid).length;

      let n = sentBefore();
      await queueReply('messenger', inbound, '00000000-0000-4000-8000-00000000a001', 'Izin Anda sedang diverifikasi.');
      await eventually(() => messenger.sentTo(psid).length === n + 1);
      expect(messenger.sentTo(psid)[n].body).toEqual({
        recipient: { id: psid },
        messaging_type: 'RESPONSE',
        message: { text: 'Izin Anda sedang diverifikasi.' },
      });

      age('-25 hours');
      n = sentBefore();
      await queueReply('messenger', inbound, '00000000-0000-4000-8000-00000000a002', 'Izin Anda sudah terbit.');
      await eventually(() => messenger.sentTo(psid).length === n + 1);
      expect(messenger.sentTo(psid)[n].body).toEqual({
        recipient: { id: psid },
        messaging_type: 'MESSAGE_TAG',
        tag: 'HUMAN_AGENT',
        message: { text: 'Izin Anda sudah terbit.' },
      });

      // The bot may not use the human agent tag.
      n = sentBefore();
      await queueReply('messenger', inbound, '00000000-0000-4000-8000-00000000a003', 'Pengingat otomatis.', 'bot');
      const bot = await until(async () =>
        (await rowById('00000000-0000-4000-8000-00000000a003'))?.delivery_status === 'failed' ? rowById('00000000-0000-4000-8000-00000000a003') : null,
      );
      expect(bot.delivery_error).toMatch(/Di luar jendela 24 jam Messenger/);

      age('-8 days');
      await queueReply('messenger', inbound, '00000000-0000-4000-8000-00000000a004', 'Apakah masih perlu bantuan?');
      const late = await until(async () =>
        (await rowById('00000000-0000-4000-8000-00000000a004'))?.delivery_status === 'failed' ? rowById('00000000-0000-4000-8000-00000000a004') : null,
      );
      expect(late.delivery_error).toMatch(/Lebih dari 7 hari/);
      await sleep(500);
      expect(messenger.sentTo(psid)).toHaveLength(n);
    });
    it("shows the citizen an officer's typing (sender_action typing_on, then typing_off)", async () => {
      const psid = '7000000000000003';
      const [inbound] = await messagesOf('messenger', psid);
      const supervisor = await ConsoleApi.login(hub.url, DEMO.supervisor);
      const socket = supervisor.socket(hub.url);
      try {
        await socket.connected;
        expect(await socket.emit('watch', { conversationId: inbound.conversation_id })).toEqual({ ok: true });
        expect(await socket.emit('typing', { conversationId: inbound.conversation_id, typing: true })).toEqual({ ok: true });
        // Typing again at once is not another call: one typing_on lasts about 20 s.
        expect(await socket.emit('typing', { conversationId: inbound.conversation_id, typing: true })).toEqual({ ok: true });
        await eventually(() => messenger.actions.some((a) => a.recipient === psid));
        expect(await socket.emit('typing', { conversationId: inbound.conversation_id, typing: false })).toEqual({ ok: true });
        await eventually(() => messenger.actions.filter((a) => a.recipient === psid).length === 2);
        await sleep(300);
        expect(messenger.actions.filter((a) => a.recipient === psid).map((a) => a.action)).toEqual(['typing_on', 'typing_off']);
      } finally {
        socket.close();
      }
    });
  });

  describe('Instagram', () => {
    const fromIgsid = (igsid: string, ...events: Record<string, unknown>[]) =>
      P.envelope(
        'instagram',
        IG_ACCOUNT,
        events.map((e) => P.event(igsid, IG_ACCOUNT, e)),
      );

    it('answers its own handshake and refuses calls signed with another secret', async () => {
      const ok = await fetch(`${hub.url}/channels/instagram/webhook?hub.mode=subscribe&hub.verify_token=${instagram.verifyToken}&hub.challenge=42`);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('42');
      expect((await fetch(`${hub.url}/channels/instagram/webhook?hub.mode=subscribe&hub.verify_token=${messenger.verifyToken}&hub.challenge=42`)).status).toBe(
        403,
      );
      const body = fromIgsid('9100000000000001', P.text('aWdfZAG06MTpJR01lc3NhZA0dlIDEx', 'halo'));
      const raw = JSON.stringify(body);
      expect((await post('instagram', body, { signature: messenger.sign(raw) })).status).toBe(403);
      expect((await post('instagram', body, { signature: null })).status).toBe(401);
      // A Page webhook posted to the Instagram endpoint.
      expect((await post('instagram', fromPsid('9100000000000001', P.text('m_WRONG', 'halo')))).status).toBe(400);
      await sleep(300);
      expect(await messagesOf('instagram', '9100000000000001')).toHaveLength(0);
    });

    it('takes a message once by its mid, knows the citizen by their IGSID and answers through {root}/me/messages', async () => {
      const igsid = '9100000000000002';
      const body = fromIgsid(igsid, P.text('aWdfZAG06MTpJR01lc3NhZA0dlIDEy', 'halo, izin usaha'), P.read('aWdfZAG06MTpJR01lc3NhZA0dlIDEy'));
      expect((await post('instagram', body)).status).toBe(200);
      expect((await post('instagram', body)).status).toBe(200);
      await eventually(() => instagram.sentTo(igsid).length === 1);
      await sleep(1000);
      expect(instagram.sentTo(igsid)).toHaveLength(1);
      expect(instagram.sentTo(igsid)[0].body).toMatchObject({ recipient: { id: igsid }, messaging_type: 'RESPONSE' });
      expect(messenger.sentTo(igsid)).toHaveLength(0);
      const rows = await until(async () => {
        const r = await messagesOf('instagram', igsid);
        return r.length === 2 && r[1].delivery_status === 'sent' ? r : null;
      });
      expect(rows.map((r) => [r.direction, r.external_id])).toEqual([
        ['in', 'aWdfZAG06MTpJR01lc3NhZA0dlIDEy'],
        ['out', instagram.sentTo(igsid)[0].mid],
      ]);
      const channels = await env.query<{ channel: string }>(`SELECT DISTINCT channel FROM messages WHERE conversation_id = ?`, [rows[0].conversation_id]);
      expect(channels).toEqual([{ channel: 'instagram' }]);
    });

    it('lets an officer answer with HUMAN_AGENT after 24 hours and refuses the bot', async () => {
      const igsid = '9100000000000002';
      const [inbound] = await messagesOf('instagram', igsid);
      sqliteWrite(env, `UPDATE messages SET created_at = strftime('%Y-%m-%d %H:%M:%f', 'now', '-2 days') WHERE conversation_id = ? AND direction = 'in'`, [
        inbound.conversation_id,
      ]);
      await queueReply('instagram', inbound, '00000000-0000-4000-8000-00000000b001', 'Berkas Anda lengkap.');
      await eventually(() => instagram.sentTo(igsid).length === 2);
      expect(instagram.sentTo(igsid)[1].body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
      await queueReply('instagram', inbound, '00000000-0000-4000-8000-00000000b002', 'Pesan otomatis.', 'bot');
      const bot = await until(async () =>
        (await rowById('00000000-0000-4000-8000-00000000b002'))?.delivery_status === 'failed' ? rowById('00000000-0000-4000-8000-00000000b002') : null,
      );
      expect(bot.delivery_error).toMatch(/Di luar jendela 24 jam Instagram/);
      expect(instagram.sentTo(igsid)).toHaveLength(2);
    });
  });
});
