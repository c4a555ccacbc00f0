import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleApi, DEMO } from '../support/console-client';
import { FakeGraph, waPayload } from '../support/fake-graph';
import { FakeMetaSend, metaPayload as P } from '../support/fake-meta-send';
import { FakeTelegram, textUpdate } from '../support/fake-telegram';
import { eventually, HubEnv, HubProcess } from '../support/hub-process';
import { rgbPng } from '../support/png';
import { WebchatClient } from '../support/webchat-client';

async function until<T>(fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 20_000): Promise<T> {
  return (await eventually(async () => await fn(), timeoutMs)) as T;
}

/** A real 2×2 PNG, so the bytes are what a browser would show. */
const png = (): Buffer => rgbPng(2, 2, [0, 10, 79, 143, 10, 79, 143, 0, 255, 255, 255, 10, 79, 143]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = png();
// The entry's picture ships beside the Markdown, named by its content hash, and is served by the hub.
const KB_NAME = `${createHash('sha256').update(PNG).digest('hex')}.png`;
const KB_IMAGE = `/media/kb/${KB_NAME}`;
const KB_ALT = 'Infografik: langkah mengambil nomor antrean MPP secara daring';
const KB_VIDEO = 'https://video.example.go.id/tutorial-antrean';

describe('Files to citizens: officers’ attachments and knowledge-base pictures', () => {
  const graph = new FakeGraph();
  const tg = new FakeTelegram();
  const messenger = new FakeMetaSend('messenger');
  const instagram = new FakeMetaSend('instagram');
  const kbDir = mkdtempSync(join(tmpdir(), 'kb-media-'));
  let env: HubEnv;
  let hub: HubProcess;
  let admin: ConsoleApi;

  const outboundFiles = () => (existsSync(join(env.dataDir, 'media', 'outbound')) ? readdirSync(join(env.dataDir, 'media', 'outbound')) : []);
  const conversationFor = (kind: string, externalId: string) =>
    until(
      async () =>
        (
          await env.query<{ conversation_id: string }>(
            `SELECT m.conversation_id FROM messages m JOIN channel_identities i ON i.id = m.identity_id WHERE i.kind = ? AND i.external_id = ? LIMIT 1`,
            [kind, externalId],
          )
        )[0]?.conversation_id,
    );

  async function upload(api: ConsoleApi, conversationId: string, bytes: Buffer | null, name = 'surat.pdf', type = 'application/pdf') {
    const form = new FormData();
    if (bytes) form.set('file', new Blob([new Uint8Array(bytes)], { type }), name);
    const res = await fetch(`${hub.url}/api/conversations/${conversationId}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.session.accessToken}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  }
  const statusOf = async (id: string) =>
    (await env.query<{ delivery_status: string; delivery_error: string | null }>(`SELECT * FROM messages WHERE id = ?`, [id]))[0];

  beforeAll(async () => {
    await Promise.all([graph.start(), tg.start(), messenger.start(), instagram.start()]);
    // The shipped knowledge base, with a picture and a tutorial video under one entry.
    cpSync(join(__dirname, '..', '..', 'knowledge-base'), kbDir, { recursive: true });
    const file = join(kbDir, 'antrean-mpp.md');
    const entry = readFileSync(file, 'utf8').replace(
      /^---\n/,
      `---\nmedia:\n  - type: image\n    url: ${KB_IMAGE}\n    alt: "${KB_ALT}"\n  - type: video\n    url: ${KB_VIDEO}\n    title: Video cara ambil antrean\n`,
    );
    writeFileSync(file, entry);
    mkdirSync(join(kbDir, 'media'), { recursive: true });
    writeFileSync(join(kbDir, 'media', KB_NAME), PNG);
    env = new HubEnv('sqlite', {
      DEMO_MODE: 'true',
      KB_DIR: kbDir,
      ATTACHMENT_MAX_BYTES: '4096',
      ...graph.hubEnv(),
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.url,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: 'tg-secret-for-files-0123456789',
      TELEGRAM_WEBHOOK_URL: 'https://bantuan.example.go.id/channels/telegram/webhook',
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
    admin = await ConsoleApi.login(hub.url, DEMO.admin);
  });

  afterAll(async () => {
    await env?.stop();
    await Promise.all([graph.stop(), tg.stop(), messenger.stop(), instagram.stop()]);
    rmSync(kbDir, { recursive: true, force: true });
  });

  const waPost = (body: unknown) => {
    const raw = JSON.stringify(body);
    return fetch(`${hub.url}/channels/whatsapp-cloud/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': graph.sign(raw) },
      body: raw,
    });
  };
  const tgPost = (body: unknown) =>
    fetch(`${hub.url}/channels/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'tg-secret-for-files-0123456789' },
      body: JSON.stringify(body),
    });
  const metaPost = (fake: FakeMetaSend, object: 'page' | 'instagram', pageId: string, psid: string, mid: string) => {
    const raw = JSON.stringify(P.envelope(object, pageId, [P.event(psid, pageId, P.text(mid, 'halo, saya mau kirim berkas'))]));
    return fetch(`${hub.url}/channels/${object === 'page' ? 'messenger' : 'instagram'}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': fake.sign(raw) },
      body: raw,
    });
  };

  it('uploads an officer’s PDF to WhatsApp Cloud (/{phone-id}/media) and sends it as a document', async () => {
    const from = '6281255500001';
    expect((await waPost(waPayload.message(graph.phoneNumberId, from, 'Rina', waPayload.text('wamid.FILES1', 'minta formulir permohonan')))).status).toBe(200);
    const cid = await conversationFor('phone', `+${from}`);
    const r = await upload(admin, cid, PDF, 'formulir-permohonan.pdf');
    expect(r.status).toBe(201);
    expect(r.body.attachments).toEqual([
      expect.objectContaining({ kind: 'document', mimeType: 'application/pdf', fileName: 'formulir-permohonan.pdf', size: PDF.length }),
    ]);
    const sent = await until(() => graph.sentTo(from).find((s) => s.type === 'document'));
    const doc = sent.body.document as { id: string; filename: string };
    expect(doc.filename).toBe('formulir-permohonan.pdf');
    const up = graph.uploads.find((u) => u.id === doc.id)!;
    expect(up.bytes.equals(PDF)).toBe(true);
    expect(up.type).toBe('application/pdf');
    await until(async () => (await statusOf(r.body.id)).delivery_status === 'sent');
  });

  it('sends an officer’s image to Telegram with sendPhoto', async () => {
    const chat = 730000001;
    expect((await tgPost(textUpdate(tg.newUpdateId(), chat, 11, 'boleh minta denah lokasi?'))).status).toBe(200);
    const cid = await conversationFor('telegram', String(chat));
    const r = await upload(admin, cid, PNG, 'denah.png', 'image/png');
    expect(r.status).toBe(201);
    const sent = await until(() => tg.sentFiles.find((f) => f.chat_id === String(chat)));
    expect(sent.method).toBe('sendPhoto');
    expect(sent.bytes.equals(PNG)).toBe(true);
    await until(async () => (await statusOf(r.body.id)).delivery_status === 'sent');
  });

  it.each([
    ['messenger', 'page', '1234567890123456', '7100000000000001'],
    ['instagram', 'instagram', '17841400000000001', '7200000000000001'],
  ] as const)('sends an officer’s file on %s through the Send API with the file attached (filedata)', async (channel, object, pageId, psid) => {
    const fake = channel === 'messenger' ? messenger : instagram;
    expect((await metaPost(fake, object, pageId, psid, `m_FILES_${channel}`)).status).toBe(200);
    const cid = await conversationFor(channel, psid);
    const r = await upload(admin, cid, PNG, 'denah.png', 'image/png');
    expect(r.status).toBe(201);
    const sent = await until(() => fake.sentTo(psid).find((s) => fake.uploads.some((u) => u.mid === s.mid)));
    expect(sent.body.message).toEqual({ attachment: { type: 'image', payload: { is_reusable: false } } });
    expect(sent.body.messaging_type).toBe('RESPONSE');
    const up = fake.uploads.find((u) => u.mid === sent.mid)!;
    expect(up.bytes.equals(PNG)).toBe(true);
    expect(up.type).toBe('image/png');
    await until(async () => (await statusOf(r.body.id)).delivery_status === 'sent');
  });

  it('shows the web chat visitor a download link served with safe headers, only with its key', async () => {
    const visitor = new WebchatClient(hub.url);
    try {
      await visitor.ready();
      await visitor.ask('saya perlu bicara dengan petugas');
      const cid = visitor.session!.conversationId;
      const r = await upload(admin, cid, PDF, 'Surat Keterangan.pdf');
      expect(r.status).toBe(201);
      const got = (await visitor.waitFor((m) => m.id === r.body.id)) as { attachments?: { kind: string; url: string; fileName?: string }[] };
      expect(got.attachments).toEqual([expect.objectContaining({ kind: 'document', fileName: 'Surat Keterangan.pdf', mimeType: 'application/pdf' })]);
      const url = got.attachments![0].url;
      expect(url).toMatch(/^\/webchat\/files\/[0-9a-f-]{36}\/0\/[A-Za-z0-9_-]{16,}$/);
      expect(JSON.stringify(got)).not.toContain('media/outbound');
      const res = await fetch(`${hub.url}${url}`);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="Surat Keterangan.pdf"');
      // Without the file's key, or for a key of another size, nothing is served.
      expect((await fetch(`${hub.url}${url.replace(/[A-Za-z0-9_-]{4}$/, 'AAAA')}`)).status).toBe(404);
      expect((await fetch(`${hub.url}${url.replace(/\/[^/]+$/, '/x')}`)).status).toBe(404);
      // History (a reload) shows the same link.
      const h = await visitor.history();
      expect(JSON.stringify(h.messages)).toContain(url);
    } finally {
      visitor.close();
    }
  });

  it('refuses bad uploads with an Indonesian 4xx and stores nothing', async () => {
    const from = '6281255500009';
    await waPost(waPayload.message(graph.phoneNumberId, from, 'Tono', waPayload.text('wamid.FILES9', 'halo')));
    const cid = await conversationFor('phone', `+${from}`);
    const before = { files: outboundFiles().length, rows: (await env.query(`SELECT id FROM messages WHERE conversation_id = ?`, [cid])).length };
    // A script renamed .pdf and declared as a PDF: the bytes decide.
    const fake = await upload(admin, cid, Buffer.from('<script>alert(1)</script>'), 'surat.pdf', 'application/pdf');
    expect(fake.status).toBe(415);
    expect(fake.body.message).toMatch(/hanya PDF, PNG, JPEG atau WebP/);
    const empty = await upload(admin, cid, Buffer.alloc(0), 'kosong.pdf');
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/kosong/);
    const big = await upload(admin, cid, Buffer.concat([PDF, Buffer.alloc(5000, 32)]), 'besar.pdf');
    expect(big.status).toBe(413);
    expect(big.body.message).toMatch(/terlalu besar/);
    const none = await upload(admin, cid, null);
    expect(none.status).toBe(400);
    expect(none.body.message).toMatch(/Pilih berkas/);
    const unknown = await upload(admin, '00000000-0000-4000-8000-000000000000', PDF);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('Percakapan tidak ditemukan.');
    // An agency officer sees only conversations referred to them.
    const agency = await ConsoleApi.login(hub.url, DEMO.agency);
    const hidden = await upload(agency, cid, PDF);
    expect(hidden.status).toBe(404);
    expect(outboundFiles().length).toBe(before.files);
    expect((await env.query(`SELECT id FROM messages WHERE conversation_id = ?`, [cid])).length).toBe(before.rows);
  });

  it('answers with the entry’s picture (uploaded from the store, alt as caption) and video button on WhatsApp Cloud', async () => {
    const from = '6281255500003';
    await waPost(waPayload.message(graph.phoneNumberId, from, 'Dewi', waPayload.buttonReply('wamid.KBIMG1', 'faq:antrean-mpp', 'Antrean MPP')));
    const image = await until(() => graph.sentTo(from).find((s) => s.type === 'image'));
    const { id, ...rest } = image.body.image as { id: string };
    expect(rest).toEqual({ caption: KB_ALT });
    expect(graph.uploads.find((u) => u.id === id)!.bytes.equals(PNG)).toBe(true);
    const video = await until(() => graph.sentTo(from).find((s) => (s.body.interactive as { type?: string } | undefined)?.type === 'cta_url'));
    expect((video.body.interactive as { action: unknown }).action).toEqual({
      name: 'cta_url',
      parameters: { display_text: 'Video cara ambil an…', url: KB_VIDEO },
    });
    // The answer's text does not repeat the picture's address as a link line any more.
    const texts = graph.sentTo(from).filter((s) => s !== image && s !== video);
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) expect(JSON.stringify(t.body)).not.toContain(KB_NAME);
  });

  it('answers with the entry’s picture on Telegram (sendPhoto uploaded from the store, alt as caption) and the video as a URL button', async () => {
    const chat = 730000003;
    const u = {
      update_id: tg.newUpdateId(),
      callback_query: {
        id: '4382bfdwdsb3kbimg',
        from: { id: chat, is_bot: false, first_name: 'Dewi' },
        chat_instance: '-1234567',
        data: 'faq:antrean-mpp',
        message: {
          message_id: 70,
          from: { id: 123456, is_bot: true, first_name: 'SIPINTER Bot' },
          chat: { id: chat, type: 'private' },
          date: 1700000000,
          text: 'Menu',
        },
      },
    };
    expect((await tgPost(u)).status).toBe(200);
    const photo = await until(() => tg.sentFiles.find((f) => f.chat_id === String(chat)));
    expect(photo).toEqual(expect.objectContaining({ method: 'sendPhoto', caption: KB_ALT }));
    expect(photo.url).toBeUndefined();
    expect(photo.bytes.equals(PNG)).toBe(true);
    const video = await until(() => tg.sent.find((s) => s.chat_id === String(chat) && JSON.stringify(s.reply_markup ?? {}).includes(KB_VIDEO)));
    expect(video.reply_markup?.inline_keyboard?.[0]?.[0]).toEqual({ text: 'Video cara ambil antrean', url: KB_VIDEO });
  });

  it('answers with the entry’s picture on Messenger as an uploaded file (filedata), like an officer’s file', async () => {
    const psid = '7100000000000077';
    const pageId = '1234567890123456';
    const raw = JSON.stringify(P.envelope('page', pageId, [P.event(psid, pageId, P.postback('m_KBIMG_1', 'Antrean MPP', 'faq:antrean-mpp'))]));
    const res = await fetch(`${hub.url}/channels/messenger/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': messenger.sign(raw) },
      body: raw,
    });
    expect(res.status).toBe(200);
    const up = await until(() => messenger.uploads.find((u) => messenger.sentTo(psid).some((s) => s.mid === u.mid)));
    expect(up.bytes.equals(PNG)).toBe(true);
    expect(up.type).toBe('image/png');
  });

  it('shows the entry’s picture inline in the web chat with its alt text', async () => {
    const visitor = new WebchatClient(hub.url);
    try {
      await visitor.ready();
      await visitor.send({ clientMessageId: 'kb-img-1', text: 'Bagaimana cara mengambil nomor antrean di MPP?' });
      const pic = (await visitor.waitFor((m) => JSON.stringify(m).includes(KB_IMAGE), 30_000)) as { attachments?: unknown[]; text: string };
      expect(pic.attachments).toEqual([{ kind: 'image', url: KB_IMAGE, alt: KB_ALT, mimeType: 'image/png', fileName: KB_NAME }]);
      const served = await fetch(`${hub.url}${KB_IMAGE}`);
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
      const vid = (await visitor.waitFor((m) => JSON.stringify(m).includes(KB_VIDEO))) as { attachments?: unknown[] };
      expect(vid.attachments).toEqual([{ kind: 'video', url: KB_VIDEO, fileName: 'Video cara ambil antrean' }]);
    } finally {
      visitor.close();
    }
  });
});
