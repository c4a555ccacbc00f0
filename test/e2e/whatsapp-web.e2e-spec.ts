import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ARTIFACTS, CHROMIUM_ARGS, CHROMIUM_PATH, runAxe, seriousOnly } from '../support/browser';
import { DEMO, DEMO_PASSWORD } from '../support/console-client';
import { eventually, HubEnv, HubProcess } from '../support/hub-process';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`whatsapp-web e2e skipped: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);

interface Health {
  info?: { channels?: { channels?: Record<string, { state: string; detail?: string; retries?: number }> } };
}

/**
 * The real whatsapp-web.js Client with the system Chromium and no network
 * (a proxy on a closed port): the session must fail cleanly, say why, retry
 * with growing pauses, and leave the hub healthy.
 */
(haveChromium ? describe : describe.skip)('WhatsApp Web transport, real Client without network', () => {
  let env: HubEnv;
  let hub: HubProcess;

  beforeAll(async () => {
    env = new HubEnv('sqlite', {
      DEMO_MODE: 'true',
      WHATSAPP_TRANSPORT: 'web',
      CHROMIUM_PATH: CHROMIUM,
      WHATSAPP_WEB_CHROMIUM_ARGS: '--proxy-server=http://127.0.0.1:9 --proxy-bypass-list=<-loopback>',
      WHATSAPP_WEB_RECONNECT_MIN_MS: '1000',
      WHATSAPP_WEB_INIT_TIMEOUT_MS: '20000',
    });
    hub = await env.start('all');
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('reports disconnected with the reason, retries with backoff, and stays healthy', async () => {
    const channel = async () => {
      const r = await fetch(`${hub.url}/health`);
      expect(r.status).toBe(200);
      return ((await r.json()) as Health).info!.channels!.channels!.whatsapp;
    };
    const first = await eventually(async () => {
      const c = await channel();
      return c.state === 'disconnected' ? c : null;
    }, 30_000);
    expect(first!.detail).toMatch(/cannot open WhatsApp Web: net::ERR_PROXY_CONNECTION_FAILED/);
    expect(first!.detail).toMatch(/retry \d+ in \d/);
    const later = await eventually(async () => {
      const c = await channel();
      return c.state === 'disconnected' && (c.retries ?? 0) >= 3 ? c : null;
    }, 30_000);
    // 1 s, 2 s, 4 s…: the announced pause grows.
    expect(later!.detail).toMatch(/retry [3-9] in ([4-9]|\d\d)/);
    const qr = await fetch(`${hub.url}/api/admin/channels/whatsapp-web/qr`).then((r) => r.json());
    expect(qr).toMatchObject({ state: expect.stringMatching(/disconnected|starting/) });
    // The QR is the key to the office's WhatsApp: a request relayed by a local reverse proxy is not "this machine".
    const relayed = await fetch(`${hub.url}/api/admin/channels/whatsapp-web/qr`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(relayed.status).toBe(403);
    expect(hub.child.exitCode).toBeNull();
  }, 60_000);

  it("shows the session state to an administrator on the console's channel page (browser)", async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'id-ID' });
      page.setDefaultTimeout(30_000);
      await page.goto(`${hub.url}/console/kanal`);
      await page.getByLabel('E-mail').fill(DEMO.admin);
      await page.getByLabel('Kata sandi').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Masuk' }).click();
      await page.getByRole('heading', { name: 'Kanal', level: 1 }).waitFor();
      const row = page.locator('tr[data-channel="whatsapp"]');
      await row.getByText('Terputus', { exact: true }).waitFor();
      expect(await row.textContent()).toMatch(/ERR_PROXY_CONNECTION_FAILED/);
      const web = page.getByRole('region', { name: 'WhatsApp Web' });
      await web.getByText(/Kode QR muncul di sini/).waitFor();
      expect(seriousOnly(await runAxe(page))).toEqual([]);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'console-channels.png') });

      // Offline, the real session never asks for a QR: the page is shown one in the adapter's own shape.
      await page.route('**/api/admin/channels/whatsapp-web/qr', (route) =>
        route.fulfill({ json: { state: 'qr', qr: '2@abcDEF123==,xyz=,AbC=,1', retries: 0, since: new Date().toISOString() } }),
      );
      const qr = web.getByRole('img', { name: 'Kode QR untuk menautkan WhatsApp kantor' });
      await qr.waitFor();
      expect(await qr.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThanOrEqual(200);
      await web.getByText('Menunggu pindai kode QR').waitFor();
      expect(seriousOnly(await runAxe(page))).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, 'console-channels-qr.png') });
    } finally {
      await browser.close();
    }
  }, 90_000);
});
