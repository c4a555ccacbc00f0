import { mkdirSync } from 'node:fs';
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

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await graph.start();
    env = new HubEnv('sqlite', {
      ...graph.hubEnv(),
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
});
