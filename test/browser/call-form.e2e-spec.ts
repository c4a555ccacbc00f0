import { mkdirSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM_ARGS, CHROMIUM_PATH, runAxe, seriousOnly } from '../support/browser';
import { ConsoleApi, DEMO, DEMO_PASSWORD } from '../support/console-client';
import { HubEnv, HubProcess } from '../support/hub-process';

/**
 * The call center in a real Chromium: a cloud PBX rings the agent's extension
 * (signed webhook), the console pops the caller up, the agent opens the call
 * form from it, notes the call and lands in the conversation with the chat tools.
 */
jest.setTimeout(180_000);

const SECRET = 'phone-events-secret-browser-01';
const SLOW = 30_000;

describe('call form in a browser', () => {
  let env: HubEnv;
  let hub: HubProcess;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    env = new HubEnv('sqlite', { DEMO_MODE: 'true', PHONE_EVENTS_SECRET: SECRET });
    [hub, browser] = await Promise.all([env.start('all'), chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })]);
    const [admin, agent, counter] = await Promise.all([DEMO.admin, DEMO.agent, DEMO.counter].map((e) => ConsoleApi.login(hub.url, e)));
    expect((await admin.req('PATCH', `/api/users/${agent.userId}`, { extension: '201' })).status).toBe(200);
    // Known from the counter: the pop shows her name.
    await counter.post('/api/counter/visitors', { name: 'Siti Aminah', phone: '081234567890' });
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
    ctx.setDefaultTimeout(SLOW);
    page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await env?.stop();
  });

  it('pops the caller up, opens the call form and notes the call', async () => {
    await page.goto(`${hub.url}/console/telepon`);
    await page.getByLabel('E-mail').fill(DEMO.agent);
    await page.getByLabel('Kata sandi').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('status').filter({ hasText: 'Terhubung' }).waitFor();
    await page.getByRole('heading', { name: 'Catat telepon' }).waitFor();

    const body = JSON.stringify({ callId: 'pbx-1', event: 'ringing', from: '+6281234567890', extension: '201', at: new Date().toISOString() });
    const sig = createHmac('sha256', SECRET).update(body).digest('hex');
    const r = await fetch(`${hub.url}/channels/phone/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature-256': `sha256=${sig}` },
      body,
    });
    expect(r.status).toBe(200);

    const pop = page.locator('.call-pop');
    await pop.waitFor();
    expect(await pop.innerText()).toContain('Siti Aminah');
    await page.screenshot({ path: join(ARTIFACTS, 'call-screen-pop.png') });
    await pop.getByRole('button', { name: 'Buka formulir telepon' }).click();
    await expect(page.getByLabel('Nomor penelepon').inputValue()).resolves.toBe('+6281234567890');

    await page.getByLabel('Yang ditanyakan').fill('Syarat perpanjangan PBG');
    await page.getByLabel('Yang dilakukan').fill('Dijelaskan syaratnya; daftar dikirim lewat WhatsApp');
    await page.getByLabel('Tindak lanjut').fill('Cek berkas minggu depan');
    expect(seriousOnly(await runAxe(page))).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'call-form-filled.png') });
    await page.getByRole('button', { name: 'Simpan catatan telepon' }).click();

    await page.waitForURL(/\/console\/telepon\/[0-9a-f-]{36}$/);
    await page.getByText('Ditanyakan: Syarat perpanjangan PBG').waitFor();
    // The chat tools are on the call's conversation.
    await page
      .getByRole('button', { name: /Alihkan/ })
      .first()
      .waitFor();
    await page.locator('.call-log, section[aria-labelledby="call-log-title"]').getByText('+6281234567890').first().waitFor();
    expect(seriousOnly(await runAxe(page))).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'call-form-conversation.png') });
    const [{ conversation_id }] = await env.query<{ conversation_id: string }>("SELECT conversation_id FROM phone_calls WHERE call_id = 'pbx-1'");
    expect(page.url()).toContain(conversation_id);
    expect(pageErrors).toEqual([]);
  });
});
