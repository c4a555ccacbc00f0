import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, HubEnv, HubProcess } from '../support/hub-process';
import { FakeTelegram, textUpdate } from '../support/fake-telegram';

/**
 * What the field sends a Telegram bot (update shapes from the Bot API
 * reference, examples written for these tests): malformed updates, deep
 * links, polls and contacts, stickers, voice notes behind a slow file server.
 */
const SECRET = 'field-secret_0123456789abcdef';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => Math.floor(Date.now() / 1000);

interface Row {
  id: string;
  conversation_id: string;
  text: string;
  attachments: string;
  status: string;
  bot_state: string | null;
}

describe('Telegram: what the field sends', () => {
  const fake = new FakeTelegram();
  let env: HubEnv;
  let hub: HubProcess;

  const post = (body: unknown) =>
    fetch(`${hub.url}/channels/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(body),
    });
  const msg = (chat: number, id: number, extra: Record<string, unknown>) => ({
    update_id: fake.newUpdateId(),
    message: { message_id: id, from: { id: chat, is_bot: false, first_name: 'Warga' }, chat: { id: chat, type: 'private' }, date: now(), ...extra },
  });
  const stored = async (chat: number, id: number) =>
    (await eventually(
      async () =>
        (
          await env.query<Row>(
            `SELECT m.*, c.status, c.bot_state FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.channel = 'telegram' AND m.external_id = ?`,
            [`${chat}:${id}`],
          )
        )[0],
      15_000,
    )) as Row;

  beforeAll(async () => {
    await fake.start();
    env = new HubEnv('sqlite', {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_WEBHOOK_URL: 'https://bantuan.example.go.id/channels/telegram/webhook',
    });
    hub = await env.start('all');
  });

  afterAll(async () => {
    await env?.stop();
    await fake.stop();
  });

  it('refuses a malformed update with 400 (not a 503 Telegram redelivers) and stores nothing', async () => {
    const bad = [
      { update_id: fake.newUpdateId(), message: { message_id: '1', date: now(), chat: { id: 8001, type: 'private' }, text: 'a' } },
      { update_id: fake.newUpdateId(), message: { message_id: 2, date: now(), chat: null, text: 'a' } },
      { update_id: fake.newUpdateId(), message: { message_id: 3, date: now(), chat: { id: 8001, type: 'private' }, from: { id: 'x' }, text: 5 } },
      { update_id: fake.newUpdateId(), callback_query: { id: 9, from: null } },
    ];
    for (const u of bad) expect((await post(u)).status).toBe(400);
    await sleep(500);
    expect(await env.query("SELECT id FROM messages WHERE channel = 'telegram'")).toHaveLength(0);
  });

  it('starts the bot from a /start deep link and keeps the payload as the source', async () => {
    expect((await post(textUpdate(fake.newUpdateId(), 8002, 1, '/start poster_mpp_2026'))).status).toBe(200);
    const sent = (await eventually(() => fake.sentTo(8002)[0], 15_000))!;
    expect(sent.text).toMatch(/selamat datang/i);
    expect(sent.reply_markup?.inline_keyboard?.length).toBeGreaterThan(0);
    const row = await stored(8002, 1);
    expect(JSON.parse(row.bot_state!)).toMatchObject({ source: 'poster_mpp_2026' });
  });

  it('keeps a poll and a contact card with their raw type and hands the conversation to a person', async () => {
    await post(msg(8003, 1, { poll: { id: '5', question: 'Kapan buka?', options: [{ text: 'Pagi', voter_count: 0 }], is_closed: false } }));
    await post(msg(8004, 1, { contact: { phone_number: '+6281200009999', first_name: 'Joko' } }));
    const poll = await stored(8003, 1);
    expect(JSON.parse(poll.attachments)).toEqual([{ kind: 'other', rawType: 'poll' }]);
    const contact = await stored(8004, 1);
    expect(JSON.parse(contact.attachments)).toEqual([{ kind: 'other', rawType: 'contact' }]);
    for (const chat of [8003, 8004]) {
      const sent = (await eventually(() => fake.sentTo(chat)[0], 15_000))!;
      expect(sent.text).toMatch(/petugas yang akan melihatnya/);
      expect((await stored(chat, 1)).status).toBe('pending');
    }
  });

  it('answers within a second while the file server is slow; the voice note arrives afterwards, with its duration', async () => {
    fake.fileDelayMs = 3000;
    const ogg = Buffer.from('OggS\0\x02 telegram voice', 'latin1');
    fake.addFile('VOICE-1', 'voice/file_7.oga', ogg);
    const t0 = Date.now();
    const res = await post(
      msg(8005, 1, { voice: { file_id: 'VOICE-1', file_unique_id: 'AgADv1', duration: 7, mime_type: 'audio/ogg', file_size: ogg.length } }),
    );
    expect(res.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(1000);
    const row = await stored(8005, 1);
    const [att] = JSON.parse(row.attachments);
    expect(att).toMatchObject({ kind: 'audio', rawType: 'voice', durationS: 7, ref: 'media/telegram/AgADv1.ogg' });
    expect(readFileSync(join(env.dataDir, att.ref))).toEqual(ogg);
    await eventually(async () => (await stored(8005, 1)).status === 'pending');
    fake.fileDelayMs = 0;
  });

  it('treats a sticker as a greeting, like on WhatsApp', async () => {
    fake.addFile('STK-1', 'stickers/file_1.webp', Buffer.from('RIFF\0\0\0\0WEBP', 'latin1'));
    await post(
      msg(8006, 1, {
        sticker: { file_id: 'STK-1', file_unique_id: 'AgADs1', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false, emoji: '👍' },
      }),
    );
    const row = await stored(8006, 1);
    expect(JSON.parse(row.attachments)[0]).toMatchObject({ kind: 'image', rawType: 'sticker', mimeType: 'image/webp' });
    expect(row.text).toBe('👍');
    const sent = (await eventually(() => fake.sentTo(8006)[0], 15_000))!;
    expect(sent.text).toMatch(/selamat datang/i);
    expect((await stored(8006, 1)).status).toBe('bot');
  });
});
