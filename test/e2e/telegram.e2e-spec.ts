import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, HubEnv, HubProcess } from '../support/hub-process';
import { FakeTelegram, textUpdate } from '../support/fake-telegram';

const SECRET = 'test-secret_0123456789abcdef';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** eventually() for values that may be null until ready. */
async function until<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  return (await eventually(fn, timeoutMs)) as T;
}

interface MsgRow {
  id: string;
  direction: string;
  text: string;
  delivery_status: string;
  delivery_error: string | null;
  external_id: string | null;
  attachments: string;
}

async function messagesOf(env: HubEnv, chatId: number): Promise<MsgRow[]> {
  return env.query<MsgRow>(
    `SELECT m.id, m.direction, m.text, m.delivery_status, m.delivery_error, m.external_id, m.attachments
       FROM messages m JOIN channel_identities i ON i.id = m.identity_id
      WHERE m.channel = 'telegram' AND i.kind = 'telegram' AND i.external_id = ? ORDER BY m.created_at`,
    [String(chatId)],
  );
}

describe('Telegram channel, webhook mode', () => {
  const fake = new FakeTelegram();
  let env: HubEnv;
  let hub: HubProcess;

  const post = (body: unknown, secret: string | null = SECRET) =>
    fetch(`${hub.url}/channels/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret !== null ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    await fake.start();
    env = new HubEnv('sqlite', {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_WEBHOOK_URL: 'https://bantuan.example.go.id/channels/telegram/webhook',
      TELEGRAM_SEND_TIMEOUT_MS: '3000',
    });
    hub = await env.start('all');
  });

  afterAll(async () => {
    await env?.stop();
    await fake.stop();
  });

  it('registers its webhook with the secret at start', async () => {
    await eventually(() => fake.webhook);
    expect(fake.webhook).toEqual({ url: 'https://bantuan.example.go.id/channels/telegram/webhook', secret_token: SECRET });
  });

  it('rejects a forged or missing secret with 403 and stores nothing', async () => {
    const u = textUpdate(fake.newUpdateId(), 7001, 1, 'halo');
    expect((await post(u, 'forged-secret_0123456789abcdef')).status).toBe(403);
    expect((await post(u, SECRET.slice(0, -1))).status).toBe(403);
    expect((await post(u, null)).status).toBe(403);
    await sleep(500);
    expect(await env.query(`SELECT id FROM messages`)).toHaveLength(0);
    expect(fake.sent).toHaveLength(0);
  });

  it('stores an update delivered three times once and answers it once, with the menu as an inline keyboard', async () => {
    const chat = 7002;
    const u = textUpdate(fake.newUpdateId(), chat, 10, '/start');
    const statuses = await Promise.all([post(u), post(u)]);
    statuses.push(await post(u));
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 200]);
    await eventually(() => fake.sentTo(chat).length === 1);
    await sleep(1500);
    expect(fake.sentTo(chat)).toHaveLength(1);
    const reply = fake.sentTo(chat)[0];
    expect(reply.text).toMatch(/SIPINTER/);
    expect(reply.reply_markup?.inline_keyboard?.map((r) => r[0])).toEqual([
      { text: 'Cek status izin', callback_data: '1' },
      { text: 'Persyaratan & biaya', callback_data: '2' },
      { text: 'Pengaduan', callback_data: '3' },
      { text: 'Bicara dengan petugas', callback_data: '4' },
    ]);
    const rows = await until(async () => {
      const r = await messagesOf(env, chat);
      return r.length === 2 && r[1].delivery_status === 'sent' ? r : null;
    });
    expect(rows.map((r) => [r.direction, r.text])).toEqual([
      ['in', '/start'],
      ['out', reply.text],
    ]);
    expect(rows[0].external_id).toBe(`${chat}:10`);
    expect(rows[1].external_id).toBe(`${chat}:${reply.message_id}`);
  });

  it('turns a tapped button into an inbound message with its payload and answers the callback query', async () => {
    const chat = 7003;
    const u = {
      update_id: fake.newUpdateId(),
      callback_query: {
        id: '4382bfdwdsb323b2d9',
        from: { id: chat, is_bot: false, first_name: 'Siti' },
        chat_instance: '-1234567',
        data: '1',
        message: {
          message_id: 77,
          from: { id: 123456, is_bot: true, first_name: 'SIPINTER Bot' },
          chat: { id: chat, type: 'private', first_name: 'Siti' },
          date: Math.floor(Date.now() / 1000),
          text: 'Silakan pilih',
          reply_markup: { inline_keyboard: [[{ text: 'Cek status izin', callback_data: '1' }], [{ text: 'Pengaduan', callback_data: '3' }]] },
        },
      },
    };
    expect((await post(u)).status).toBe(200);
    expect((await post(u)).status).toBe(200);
    await eventually(() => fake.sentTo(chat).length === 1);
    const rows = await until(async () => {
      const r = await messagesOf(env, chat);
      return r.length >= 1 ? r : null;
    });
    expect(rows[0]).toMatchObject({ direction: 'in', text: 'Cek status izin', external_id: 'cb:4382bfdwdsb323b2d9' });
    expect(fake.answeredCallbacks).toEqual(['4382bfdwdsb323b2d9']);
  });

  it('downloads a photo with getFile into DATA_DIR/media and keeps a too-large document as metadata', async () => {
    const chat = 7004;
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
    fake.addFile('PHOTO-BIG', 'photos/file_1.jpg', jpeg);
    const u = {
      update_id: fake.newUpdateId(),
      message: {
        message_id: 20,
        from: { id: chat, is_bot: false, first_name: 'Agus' },
        chat: { id: chat, type: 'private', first_name: 'Agus' },
        date: Math.floor(Date.now() / 1000),
        caption: 'ini KTP saya',
        photo: [
          { file_id: 'PHOTO-SMALL', file_unique_id: 'AQADs', file_size: 300, width: 90, height: 67 },
          { file_id: 'PHOTO-BIG', file_unique_id: 'AQADb', file_size: jpeg.length, width: 800, height: 600 },
        ],
      },
    };
    expect((await post(u)).status).toBe(200);
    const doc = {
      update_id: fake.newUpdateId(),
      message: {
        message_id: 21,
        from: { id: chat, is_bot: false, first_name: 'Agus' },
        chat: { id: chat, type: 'private', first_name: 'Agus' },
        date: Math.floor(Date.now() / 1000),
        document: { file_name: 'imb.pdf', mime_type: 'application/pdf', file_id: 'DOC-HUGE', file_unique_id: 'AgADh', file_size: 50 * 1024 * 1024 },
      },
    };
    expect((await post(doc)).status).toBe(200);
    const rows = await until(async () => {
      const r = (await messagesOf(env, chat)).filter((x) => x.direction === 'in');
      return r.length === 2 ? r : null;
    });
    const photo = JSON.parse(rows[0].attachments)[0];
    expect(rows[0].text).toBe('ini KTP saya');
    expect(photo).toMatchObject({ kind: 'image', mimeType: 'image/jpeg', size: jpeg.length, ref: 'media/telegram/AQADb.jpg' });
    expect(readFileSync(join(env.dataDir, photo.ref)).equals(jpeg)).toBe(true);
    const pdf = JSON.parse(rows[1].attachments)[0];
    expect(pdf).toMatchObject({ kind: 'document', fileName: 'imb.pdf', ref: 'telegram-file:DOC-HUGE' });
    expect(fake.callsOf('getFile').map((c) => c.params.file_id)).toEqual(['PHOTO-BIG']);
    expect(existsSync(join(env.dataDir, 'media/telegram/AgADh.pdf'))).toBe(false);
  });

  it('delivers the reply exactly once after the Bot API answered 503 for a while', async () => {
    const chat = 7005;
    fake.failAll = 503;
    expect(await post(textUpdate(fake.newUpdateId(), chat, 30, 'halo')).then((r) => r.status)).toBe(200);
    await eventually(() => fake.callsOf('sendMessage').some((c) => String(c.params.chat_id) === String(chat)));
    await sleep(1500);
    fake.failAll = null;
    await eventually(() => fake.sentTo(chat).length === 1, 30_000);
    await sleep(1500);
    expect(fake.sentTo(chat)).toHaveLength(1);
    await eventually(async () => (await messagesOf(env, chat)).some((r) => r.direction === 'out' && r.delivery_status === 'sent'));
  });

  it('delivers the reply exactly once after the Bot API was unreachable (port closed)', async () => {
    const chat = 7006;
    await fake.stop();
    expect(await post(textUpdate(fake.newUpdateId(), chat, 31, 'halo')).then((r) => r.status)).toBe(200);
    await sleep(2500);
    await fake.restart();
    await eventually(() => fake.sentTo(chat).length === 1, 30_000);
    await sleep(1500);
    expect(fake.sentTo(chat)).toHaveLength(1);
  });

  it('honours retry_after of a 429 before sending again', async () => {
    const chat = 7007;
    fake.rateLimitNext(1, 2);
    await post(textUpdate(fake.newUpdateId(), chat, 40, 'halo'));
    await eventually(() => fake.sentTo(chat).length === 1, 20_000);
    const attempts = fake.callsOf('sendMessage').filter((c) => String(c.params.chat_id) === String(chat));
    expect(attempts).toHaveLength(2);
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(1900);
  });

  it('marks the message failed without retrying when the user blocked the bot', async () => {
    const chat = 7008;
    fake.blocked.add(String(chat));
    await post(textUpdate(fake.newUpdateId(), chat, 50, 'halo'));
    const out = await until(async () => (await messagesOf(env, chat)).find((r) => r.direction === 'out' && r.delivery_status === 'failed'));
    expect(out.delivery_error).toMatch(/403.*blocked/);
    expect(fake.callsOf('sendMessage').filter((c) => String(c.params.chat_id) === String(chat))).toHaveLength(1);
  });

  it('keeps the process healthy throughout', async () => {
    const h = await fetch(`${hub.url}/health`).then((r) => r.json());
    expect(h.info.channels.channels.telegram).toEqual({ state: 'up', detail: 'webhook', message: 'Pesan diterima lewat webhook.' });
    expect(hub.child.exitCode).toBeNull();
  });
});

describe('Telegram channel, polling mode with two processes', () => {
  const fake = new FakeTelegram();
  let env: HubEnv;

  beforeAll(async () => {
    await fake.start();
    fake.webhook = { url: 'https://old.example/hook' };
    env = new HubEnv('sqlite', { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, TELEGRAM_MODE: 'polling', TELEGRAM_POLL_TIMEOUT_S: '2' });
    await env.start('all');
    await env.start('worker');
  });

  afterAll(async () => {
    await env?.stop();
    await fake.stop();
  });

  it('removes the webhook, polls from one process only and confirms updates with offsets', async () => {
    await eventually(() => fake.callsOf('getUpdates').length > 0);
    expect(fake.callsOf('deleteWebhook').length).toBeGreaterThanOrEqual(1);
    const chats = [8001, 8002, 8003];
    for (const c of chats) fake.pushUpdate(textUpdate(0, c, 1, 'halo'));
    // The same message again under a new update id (a client re-send) is still one message.
    fake.pushUpdate({ message: (textUpdate(0, 8001, 1, 'halo') as { message: unknown }).message });
    for (const c of chats) await eventually(() => fake.sentTo(c).length >= 1, 20_000);
    await sleep(1500);
    for (const c of chats) expect(fake.sentTo(c)).toHaveLength(1);
    const inbound = await env.query<{ n: number }>(`SELECT count(*) AS n FROM messages WHERE channel = 'telegram' AND direction = 'in'`);
    expect(Number(inbound[0].n)).toBe(3);
    expect(fake.maxConcurrentPolls).toBe(1);
    const offsets = fake.callsOf('getUpdates').map((c) => Number(c.params.offset ?? 0));
    expect(Math.max(...offsets)).toBeGreaterThanOrEqual(1004);
  });
});
