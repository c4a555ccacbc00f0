import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM_ARGS, CHROMIUM_PATH, runAxe, seriousOnly } from '../support/browser';
import { ConsoleApi, DEMO, DEMO_PASSWORD } from '../support/console-client';
import { FakeGraph, waPayload } from '../support/fake-graph';
import { eventually, HubEnv, HubProcess } from '../support/hub-process';

/**
 * A photo a citizen sends on WhatsApp (Cloud API, local fake Graph) is
 * fetched by the hub and opened by an officer in the console, in Chromium.
 */
jest.setTimeout(180_000);

describe('citizen attachments in the console (browser)', () => {
  const graph = new FakeGraph();
  let env: HubEnv;
  let hub: HubProcess;
  let browser: Browser;
  let page: Page;
  // The office's website (a stand-in) embeds the widget; a knowledge-base entry carries an infographic the hub hosts.
  const kbDir = mkdtempSync(join(tmpdir(), 'kb-browser-'));
  let site: Server;
  let siteUrl = '';
  const KB_ALT = 'Infografik: tiga langkah mengambil nomor antrean MPP';

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // The office's own page embeds the widget, as a real site would (its CSP, not the hub's, applies).
    site = createServer((req, res) => {
      if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end(
          `<!doctype html><html lang="id"><head><title>DPMPTSP Kabupaten Tangerang</title></head><body><main><h1>Layanan perizinan</h1></main><script src="${hub.url}/widget.js" async></script></body></html>`,
        );
      }
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
    cpSync(join(__dirname, '..', '..', 'knowledge-base'), kbDir, { recursive: true });
    // The entry's picture is hosted by the hub: the shipped infographic (knowledge-base/media/), shown with this entry too.
    const picture = readdirSync(join(kbDir, 'media')).find((n) => n.endsWith('.png'))!;
    const file = join(kbDir, 'antrean-mpp.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^---\n/, `---\nmedia:\n  - type: image\n    url: /media/kb/${picture}\n    alt: "${KB_ALT}"\n`));
    await graph.start();
    env = new HubEnv('sqlite', {
      ...graph.hubEnv(),
      KB_DIR: kbDir,
    });
    [hub, browser] = await Promise.all([env.start('all'), chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })]);
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
    ctx.setDefaultTimeout(30_000);
    page = await ctx.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
    await graph.stop();
    await new Promise((r) => site?.close(r));
    rmSync(kbDir, { recursive: true, force: true });
  });

  it('shows the photo to an officer who opens it, and records the view', async () => {
    // A real PNG: a rendered scrap of "site plan".
    await page.setContent('<div style="width:240px;height:160px;background:#2e7d32;color:#fff;font:24px sans-serif;padding:12px">Denah lokasi</div>');
    const png = await page.locator('div').screenshot();
    graph.addMedia('2003383421387256', png, 'image/png');
    const image = {
      ...waPayload.image('wamid.PHOTO1', 'ini foto denah lokasi saya'),
      image: { caption: 'ini foto denah lokasi saya', mime_type: 'image/png', id: '2003383421387256' },
    };
    const raw = JSON.stringify(waPayload.message(graph.phoneNumberId, '6281200000077', 'Dewi', image));
    const res = await fetch(`${hub.url}/channels/whatsapp-cloud/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': graph.sign(raw) },
      body: raw,
    });
    expect(res.status).toBe(200);
    const rows = await eventually(async () => {
      const r = await env.query<{ id: string; conversation_id: string }>("SELECT id, conversation_id FROM messages WHERE external_id = 'wamid.PHOTO1'");
      return r.length ? r : null;
    });
    const { conversation_id: conversationId } = rows![0];

    await page.goto(`${hub.url}/console/c/${conversationId}`);
    await page.getByLabel('E-mail').fill(DEMO.supervisor);
    await page.getByLabel('Kata sandi').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    const log = page.getByRole('log', { name: 'Riwayat pesan' });
    const open = log.getByRole('button', { name: /^Buka Foto/ });
    await open.waitFor();
    const img = log.getByRole('img', { name: 'Foto dari warga' });
    expect(await img.count()).toBe(0);
    await open.click();
    await img.waitFor();
    expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
    expect(seriousOnly(await runAxe(page))).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'console-attachment.png') });

    const supervisor = await ConsoleApi.login(hub.url, DEMO.supervisor);
    const audit = await supervisor.get(`/api/audit?action=attachment.view&targetId=${rows![0].id}`);
    expect(audit.body.items).toHaveLength(1);
  });

  it('plays a voice note in the console, with its duration', async () => {
    // A real, playable recording: two seconds of a 440 Hz tone as 8 kHz PCM WAV (Chromium sniffs the container).
    const rate = 8000;
    const samples = Buffer.alloc(rate * 2 * 2);
    for (let i = 0; i < rate * 2; i++) samples.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 8000), i * 2);
    const header = Buffer.alloc(44);
    header.write('RIFF', 0);
    header.writeUInt32LE(36 + samples.length, 4);
    header.write('WAVEfmt ', 8);
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(1, 22);
    header.writeUInt32LE(rate, 24);
    header.writeUInt32LE(rate * 2, 28);
    header.writeUInt16LE(2, 32);
    header.writeUInt16LE(16, 34);
    header.write('data', 36);
    header.writeUInt32LE(samples.length, 40);
    graph.addMedia('2003383421387300', Buffer.concat([header, samples]), 'audio/ogg');
    const voice = { id: 'wamid.VOICE1', type: 'audio', audio: { mime_type: 'audio/ogg; codecs=opus', sha256: 'x', id: '2003383421387300', voice: true } };
    const raw = JSON.stringify(waPayload.message(graph.phoneNumberId, '6281200000078', 'Rudi', voice));
    const res = await fetch(`${hub.url}/channels/whatsapp-cloud/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': graph.sign(raw) },
      body: raw,
    });
    expect(res.status).toBe(200);
    const rows = await eventually(async () => {
      const r = await env.query<{ conversation_id: string; attachments: string }>(
        "SELECT conversation_id, attachments FROM messages WHERE external_id = 'wamid.VOICE1'",
      );
      return r.length && JSON.parse(r[0].attachments)[0].ref.startsWith('media/') ? r : null;
    });
    await page.goto(`${hub.url}/console/c/${rows![0].conversation_id}`);
    const log = page.getByRole('log', { name: 'Riwayat pesan' });
    await log.getByRole('button', { name: /^Putar Rekaman suara/ }).click();
    const audio = log.locator('audio');
    await audio.waitFor();
    // Played for real: the element loaded the file, knows its length and moves forward.
    await page.waitForFunction(() => ((document.querySelector('audio') as HTMLAudioElement | null)?.readyState ?? 0) >= 1);
    expect(await audio.evaluate((el) => Math.round((el as HTMLAudioElement).duration))).toBe(2);
    await audio.evaluate((el) => {
      const a = el as HTMLAudioElement;
      a.muted = true;
      return a.play();
    });
    await page.waitForFunction(() => (document.querySelector('audio') as HTMLAudioElement).currentTime > 0.2);
    await log.getByText('0:02').waitFor();
    expect(seriousOnly(await runAxe(page))).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'console-voice-note.png') });
  });

  it('lets an officer attach an image to a reply; the citizen gets it on WhatsApp and the pane shows it', async () => {
    await page.setContent('<div style="width:240px;height:160px;background:#0a4f8f;color:#fff;font:22px sans-serif;padding:12px">Formulir PBG</div>');
    const png = await page.locator('div').screenshot();
    const file = join(ARTIFACTS, 'formulir-pbg.png');
    writeFileSync(file, png);
    const from = '6281200000077';
    const conversationId = (await env.query<{ conversation_id: string }>("SELECT conversation_id FROM messages WHERE external_id = 'wamid.PHOTO1'"))[0]
      .conversation_id;
    await page.goto(`${hub.url}/console/c/${conversationId}`);
    const composer = page.locator('form.composer');
    await composer.getByLabel('Lampirkan berkas').setInputFiles(file);
    await composer.getByText('Akan dikirim:').waitFor();
    await composer.getByRole('textbox', { name: 'Tulis balasan' }).fill('Berikut contoh formulir yang perlu diisi.');
    expect(seriousOnly(await runAxe(page))).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'console-composer-attachment.png') });
    await composer.getByRole('button', { name: 'Kirim', exact: true }).click();
    const log = page.getByRole('log', { name: 'Riwayat pesan' });
    await log.getByRole('button', { name: /^Buka Foto formulir-pbg\.png/ }).waitFor();
    await eventually(() => graph.sentTo(from).find((s) => s.type === 'image'));
    const sent = graph.sentTo(from).find((s) => s.type === 'image')!;
    expect(graph.uploads.find((u) => u.id === (sent.body.image as { id: string }).id)!.bytes.equals(png)).toBe(true);
    expect(await composer.getByText('Akan dikirim:').count()).toBe(0);
  });

  it('shows a knowledge-base picture inline and an officer’s file as a download link in the web chat widget', async () => {
    const widget = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'id-ID' });
    try {
      await widget.goto(siteUrl);
      await widget.getByRole('button', { name: 'Tanya kami', exact: true }).click();
      const dialog = widget.getByRole('dialog', { name: 'Layanan Bantuan SIPINTER' });
      await dialog.getByRole('textbox', { name: 'Tulis pesan' }).fill('Bagaimana cara mengambil nomor antrean di MPP?');
      await dialog.getByRole('button', { name: 'Kirim pesan' }).click();
      const img = dialog.getByRole('img', { name: KB_ALT });
      await img.waitFor();
      expect(await img.getAttribute('loading')).toBe('lazy');
      // Loaded from the hub's own address, on another site's page.
      expect(await img.getAttribute('src')).toMatch(new RegExp(`^${hub.url}/media/kb/[0-9a-f]{64}\\.png$`));
      await widget.waitForFunction((alt) => {
        const host = [...document.querySelectorAll('*')].find((e) => e.shadowRoot)!;
        const el = host.shadowRoot!.querySelector(`img[alt="${alt}"]`) as HTMLImageElement | null;
        return !!el && el.complete && el.naturalWidth > 100;
      }, KB_ALT);
      const box = (await img.boundingBox())!;
      // Small, but readable: the bubble does not squash it.
      expect(box.width).toBeLessThanOrEqual(220);
      expect(box.width).toBeGreaterThan(150);
      // An officer answers with a PDF: the widget shows a download link to the hub.
      const conversationId = (await env.query<{ id: string }>("SELECT id FROM conversations WHERE channel = 'webchat' ORDER BY created_at DESC LIMIT 1"))[0].id;
      const admin = await ConsoleApi.login(hub.url, DEMO.admin);
      const form = new FormData();
      form.set('file', new Blob([new Uint8Array(Buffer.from('%PDF-1.4\n% formulir\n%%EOF\n'))], { type: 'application/pdf' }), 'Formulir PBG.pdf');
      const up = await fetch(`${hub.url}/api/conversations/${conversationId}/attachments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.session.accessToken}` },
        body: form,
      });
      expect(up.status).toBe(201);
      const link = dialog.getByRole('link', { name: /^Unduh Formulir PBG\.pdf/ });
      await link.waitFor();
      const href = (await link.getAttribute('href'))!;
      expect(href.startsWith(`${hub.url}/webchat/files/`)).toBe(true);
      const res = await fetch(href);
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
      await img.scrollIntoViewIfNeeded();
      expect(seriousOnly(await runAxe(widget))).toEqual([]);
      await widget.screenshot({ path: join(ARTIFACTS, 'widget-attachments.png') });
    } finally {
      await widget.close();
    }
  });
});
