import { existsSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleApi, DEMO } from '../support/console-client';
import { FakeTelegram } from '../support/fake-telegram';
import { eventually, HubEnv, HubProcess } from '../support/hub-process';
import { rgbPng } from '../support/png';
import { WebchatClient } from '../support/webchat-client';

/** A real 3×1 PNG, different for each seed: what a browser and the vendors would show. */
const png = (seed: number): Buffer => rgbPng(3, 1, [0, seed, 79, 143, 255, 255, 255, 10, 79, seed]);
const PICTURE = png(10);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-contoh')]);
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
const ALT = 'Infografik: empat langkah daftar akun SIPINTER';
const SAFE = { nosniff: 'nosniff', csp: "default-src 'none'; sandbox" };

/**
 * Entries' pictures end to end: the upload endpoint (type from the bytes,
 * size, roles, nothing written when refused), the public address with the
 * attachments' safe headers, the entry rule (no external image addresses),
 * and a published entry's picture reaching Telegram as an uploaded photo and
 * the web chat as an inline image.
 */
describe('knowledge-base pictures (upload, serving, entries, channels)', () => {
  const tg = new FakeTelegram();
  let env: HubEnv;
  let hub: HubProcess;
  let admin: ConsoleApi;
  let supervisor: ConsoleApi;
  let agent: ConsoleApi;
  let counter: ConsoleApi;
  let agency: ConsoleApi;
  let uploaded = '';

  const stored = () => (existsSync(join(env.dataDir, 'media', 'kb')) ? readdirSync(join(env.dataDir, 'media', 'kb')) : []);
  async function upload(api: ConsoleApi | null, bytes: Buffer | null, name = 'infografik.png', type = 'image/png') {
    const form = new FormData();
    if (bytes) form.set('file', new Blob([new Uint8Array(bytes)], { type }), name);
    const res = await fetch(`${hub.url}/api/knowledge/media`, {
      method: 'POST',
      headers: api ? { authorization: `Bearer ${api.session.accessToken}` } : {},
      body: form,
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  beforeAll(async () => {
    await tg.start();
    env = new HubEnv('sqlite', {
      DEMO_MODE: 'true',
      KB_MEDIA_MAX_BYTES: '4096',
      KB_MEDIA_UNUSED_HOURS: '24',
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.url,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: 'tg-secret-for-kb-media-0123456789',
      TELEGRAM_WEBHOOK_URL: 'https://bantuan.example.go.id/channels/telegram/webhook',
    });
    hub = await env.start('all');
    [admin, supervisor, agent, counter, agency] = await Promise.all(
      [DEMO.admin, DEMO.supervisor, DEMO.agent, DEMO.counter, DEMO.agency].map((e) => ConsoleApi.login(hub.url, e)),
    );
  }, 120_000);
  afterAll(async () => {
    await env?.stop();
    await tg.stop();
  });

  it('the shipped infographic was copied into the store at the first start and is served', async () => {
    const entry = await agent.get('/api/knowledge/entries/pbg-waktu');
    const media = entry.body.published.media as { type: string; url: string; alt: string }[];
    expect(media).toEqual([
      { type: 'image', url: expect.stringMatching(/^\/media\/kb\/[0-9a-f]{64}\.png$/), alt: expect.stringMatching(/^Infografik tahapan PBG/) },
    ]);
    const res = await fetch(`${hub.url}${media[0].url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect((await res.arrayBuffer()).byteLength).toBeLessThan(200 * 1024);
  });

  it('tells the editor the configured upload rules (the hint states KB_MEDIA_MAX_BYTES, not the default)', async () => {
    const r = await agent.get('/api/knowledge/media');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ types: ['image/png', 'image/jpeg', 'image/webp'], maxBytes: 4096 });
    expect((await counter.get('/api/knowledge/media')).status).toBe(403);
  });

  it('takes a picture from whoever may draft (201 { url, mimeType, bytes }); the same picture twice is one file', async () => {
    const before = stored().length;
    const r = await upload(agent, PICTURE);
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ url: expect.stringMatching(/^\/media\/kb\/[0-9a-f]{64}\.png$/), mimeType: 'image/png', bytes: PICTURE.length });
    uploaded = r.body.url;
    // The declared name and type prove nothing: the bytes decide, and the same bytes are the same address.
    const again = await upload(supervisor, PICTURE, 'lain.jpg', 'image/jpeg');
    expect(again.status).toBe(201);
    expect(again.body.url).toBe(uploaded);
    const jpeg = await upload(admin, JPEG, 'foto.png', 'image/png');
    expect(jpeg.status).toBe(201);
    expect(jpeg.body).toMatchObject({ url: expect.stringMatching(/\.jpg$/), mimeType: 'image/jpeg', bytes: JPEG.length });
    expect(stored().length).toBe(before + 2);
  });

  it('refuses other types (415), empty or missing files (400), too big ones (413) and other roles (401/403), writing nothing', async () => {
    const before = stored();
    const pdf = await upload(agent, PDF, 'gambar.png', 'image/png');
    expect(pdf.status).toBe(415);
    expect(pdf.body.message).toMatch(/PNG, JPEG atau WebP/);
    const text = await upload(agent, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'gambar.svg', 'image/svg+xml');
    expect(text.status).toBe(415);
    const empty = await upload(agent, Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/kosong/);
    const none = await upload(agent, null);
    expect(none.status).toBe(400);
    expect(none.body.message).toMatch(/Pilih gambar/);
    const big = await upload(agent, Buffer.concat([PICTURE, Buffer.alloc(5000)]));
    expect(big.status).toBe(413);
    expect(big.body.message).toMatch(/terlalu besar/);
    expect((await upload(agency, png(11))).status).toBe(403);
    expect((await upload(counter, png(12))).status).toBe(403);
    expect((await upload(null, png(13))).status).toBe(401);
    expect(stored()).toEqual(before);
  });

  it('serves a picture publicly with the attachments’ safe headers and a long immutable cache; unknown names are 404', async () => {
    const res = await fetch(`${hub.url}${uploaded}`, { headers: { origin: 'https://sipinter.example.go.id' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe(SAFE.nosniff);
    expect(res.headers.get('content-security-policy')).toBe(SAFE.csp);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(Buffer.from(await res.arrayBuffer()).equals(PICTURE)).toBe(true);
    for (const path of [
      `/media/kb/${'0'.repeat(64)}.png`,
      '/media/kb/tidak-ada.png',
      '/media/kb/..%2F..%2Fhub.sqlite',
      `/media/kb/${uploaded.slice(10, 74)}.gif`,
    ]) {
      const miss = await fetch(`${hub.url}${path}`);
      expect([path, miss.status]).toEqual([path, 404]);
    }
  });

  const ENTRY = {
    id: 'daftar-akun-gambar',
    title: 'Daftar akun SIPINTER bergambar',
    questions: [
      'cara daftar akun sipinter ada gambarnya',
      'panduan bergambar daftar sipinter',
      'infografik daftar akun sipinter',
      'langkah daftar sipinter pakai gambar',
      'gambar cara registrasi sipinter',
      'picture guide to register on sipinter',
    ],
    answer: 'Lihat gambar berikut untuk langkah mendaftar akun SIPINTER.',
  };

  it('refuses an entry whose image is an external address, or a picture the hub does not have, naming the field', async () => {
    const external = await agent.post('/api/knowledge/entries', { ...ENTRY, media: [{ type: 'image', url: 'https://dpmptsp.example.go.id/a.png', alt: ALT }] });
    expect(external.status).toBe(400);
    expect(external.body.issues).toEqual([{ path: 'media[0].url', message: expect.stringMatching(/alamat luar tidak diterima/) }]);
    const ghost = await agent.post('/api/knowledge/entries', { ...ENTRY, media: [{ type: 'image', url: `/media/kb/${'a'.repeat(64)}.png`, alt: ALT }] });
    expect(ghost.status).toBe(400);
    expect(ghost.body.issues).toEqual([{ path: 'media[0].url', message: expect.stringMatching(/tidak ada di hub/) }]);
    expect((await agent.get(`/api/knowledge/entries/${ENTRY.id}`)).status).toBe(404);
  });

  it('a published entry’s picture reaches Telegram as an uploaded photo with its alt text, and the web chat inline', async () => {
    const created = await agent.post('/api/knowledge/entries', { ...ENTRY, media: [{ type: 'image', url: uploaded, alt: ALT }] });
    expect(created.status).toBe(201);
    expect((await supervisor.post(`/api/knowledge/entries/${ENTRY.id}/publish`, { note: 'dengan gambar' })).status).toBe(200);

    // Telegram: the citizen taps the entry (a related-entry button); retried until this process has reloaded.
    const chat = 730000091;
    let n = 0;
    const photo = await eventually(async () => {
      const u = {
        update_id: tg.newUpdateId(),
        callback_query: {
          id: `kbmedia-${++n}`,
          from: { id: chat, is_bot: false, first_name: 'Sari' },
          chat_instance: '-7654321',
          data: `faq:${ENTRY.id}`,
          message: {
            message_id: 90 + n,
            from: { id: 123456, is_bot: true, first_name: 'SIPINTER Bot' },
            chat: { id: chat, type: 'private' },
            date: 1700000000,
            text: 'Menu',
          },
        },
      };
      const res = await fetch(`${hub.url}/channels/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'tg-secret-for-kb-media-0123456789' },
        body: JSON.stringify(u),
      });
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 1000));
      return tg.sentFiles.find((f) => f.chat_id === String(chat));
    }, 30_000);
    expect(photo).toMatchObject({ method: 'sendPhoto', caption: ALT });
    expect(photo!.url).toBeUndefined();
    expect(photo!.bytes.equals(PICTURE)).toBe(true);

    // Web chat: the same picture as an inline image whose address serves with the safe headers.
    const visitor = new WebchatClient(hub.url);
    try {
      await visitor.ready();
      const ack = await visitor.send({ clientMessageId: 'kbmedia-web-1', text: ENTRY.title, replyPayload: `faq:${ENTRY.id}` });
      expect(ack.ok).toBe(true);
      const pic = (await visitor.waitFor((m) => JSON.stringify(m).includes(uploaded), 30_000)) as {
        attachments?: { kind: string; url: string; alt?: string }[];
      };
      expect(pic.attachments).toEqual([expect.objectContaining({ kind: 'image', url: uploaded, alt: ALT, mimeType: 'image/png' })]);
      const res = await fetch(`${hub.url}${pic.attachments![0].url}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-content-type-options')).toBe(SAFE.nosniff);
      expect(res.headers.get('content-security-policy')).toBe(SAFE.csp);
      expect(res.headers.get('content-type')).toBe('image/png');
    } finally {
      visitor.close();
    }
  });

  it('removes uploads no entry version or draft names once KB_MEDIA_UNUSED_HOURS old, keeping every picture in use', async () => {
    const draftOnly = png(77);
    const drafted = await upload(agent, draftOnly);
    const draftEntry = { ...ENTRY, id: 'gambar-draf', title: 'Entri dengan gambar di draf' };
    expect((await agent.post('/api/knowledge/entries', { ...draftEntry, media: [{ type: 'image', url: drafted.body.url, alt: ALT }] })).status).toBe(201);
    const neverUsed = (await upload(agent, png(78))).body.url as string;
    const name = (url: string) => url.split('/').pop()!;
    const dir = join(env.dataDir, 'media', 'kb');
    const shipped = name((await agent.get('/api/knowledge/entries/pbg-waktu')).body.published.media[0].url);

    // Everything two days old, then a restart (the sweep runs at start): only what nobody names goes.
    await hub.stop();
    const old = new Date(Date.now() - 48 * 3600 * 1000);
    for (const f of readdirSync(dir)) utimesSync(join(dir, f), old, old);
    hub = await env.start('all');
    await eventually(() => !stored().includes(name(neverUsed)), 20_000);
    const left = stored();
    expect(left).toEqual(expect.arrayContaining([shipped, name(uploaded), name(drafted.body.url)]));
    expect(left.some((f) => f.endsWith('.jpg'))).toBe(false); // the JPEG of the first upload test was never used
    expect((await fetch(`${hub.url}${neverUsed}`)).status).toBe(404);
    expect((await fetch(`${hub.url}${uploaded}`)).status).toBe(200);
  });

  it('names on /health the published entries whose picture answers leave out (an external address stored before hosting, a lost file)', async () => {
    const health = async () => ((await (await fetch(`${hub.url}/health`)).json()) as { info: { knowledgePictures: { leftOut: string[] } } }).info;
    expect((await health()).knowledgePictures.leftOut).toEqual([]);
    // Content from before pictures were hosted: an image address of another site, straight in the table.
    const [row] = await env.query<{ content: string }>("SELECT content FROM knowledge_versions WHERE entry_id = 'pbg-waktu' AND version = 1");
    const legacy = JSON.parse(row.content) as { media: { type: string; url: string; alt: string }[] };
    legacy.media[0].url = 'https://dpmptsp.example.go.id/infografik-pbg.png';
    await env.exec("UPDATE knowledge_versions SET content = ? WHERE entry_id = 'pbg-waktu' AND version = 1", [JSON.stringify(legacy)]);
    rmSync(join(env.dataDir, 'media', 'kb', uploaded.split('/').pop()!));
    expect((await health()).knowledgePictures.leftOut.sort()).toEqual(['pbg-waktu', ENTRY.id].sort());
  });
});
