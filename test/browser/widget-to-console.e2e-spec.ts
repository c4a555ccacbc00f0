import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/browser';
import { DEMO, DEMO_PASSWORD } from '../support/console-client';
import { HubEnv, HubProcess } from '../support/hub-process';

/**
 * Both ends in real browsers: a citizen in the embeddable widget on the demo
 * page asks for an officer; the agent's console shows it live, the agent
 * answers from the console, and the reply appears in the citizen's widget.
 */
jest.setTimeout(180_000);
const SLOW = 30_000;

describe('web chat widget ↔ officers console (two browsers)', () => {
  let env: HubEnv;
  let hub: HubProcess;
  let browser: Browser;
  let citizen: Page;
  let agent: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    env = new HubEnv('sqlite');
    [hub, browser] = await Promise.all([env.start('all'), chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })]);
    const open = async (viewport: { width: number; height: number }) => {
      const ctx = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
      ctx.setDefaultTimeout(SLOW);
      return ctx.newPage();
    };
    [citizen, agent] = await Promise.all([open({ width: 390, height: 844 }), open({ width: 1366, height: 768 })]);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('a citizen asks for an officer in the widget, the agent answers from the console, the widget shows it', async () => {
    await agent.goto(`${hub.url}/console/`);
    await agent.getByLabel('E-mail').fill(DEMO.agent);
    await agent.getByLabel('Kata sandi').fill(DEMO_PASSWORD);
    await agent.getByRole('button', { name: 'Masuk' }).click();
    await agent.getByRole('status').filter({ hasText: 'Terhubung' }).waitFor();
    await agent.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    expect(await agent.locator('.conv-item').count()).toBe(0);

    await citizen.goto(`${hub.url}/widget`);
    await citizen.getByRole('button', { name: 'Buka obrolan bantuan', exact: true }).click();
    const dialog = citizen.getByRole('dialog', { name: 'Layanan Bantuan SIPINTER' });
    await dialog.getByRole('textbox', { name: 'Tulis pesan' }).fill('Selamat siang, saya mau bicara dengan petugas soal PBG');
    await dialog.getByRole('button', { name: 'Kirim pesan' }).click();
    const rows = dialog.getByRole('log');
    await rows
      .locator('.row[data-sender="bot"]')
      .filter({ hasText: /petugas/ })
      .waitFor();

    // Live in the agent's inbox, no reload.
    const item = agent.locator('.conv-item').first();
    await item.waitFor();
    await item.click();
    const log = agent.getByRole('log', { name: 'Riwayat pesan' });
    await log.locator('[data-sender="citizen"]').filter({ hasText: 'soal PBG' }).waitFor();
    const reply = 'Selamat siang, saya Agen Demo. Untuk PBG, apakah bangunannya rumah tinggal?';
    const box = agent.getByLabel('Tulis balasan');
    await box.fill(reply);
    await box.press('Enter');
    await log.locator('[data-sender="agent"]').filter({ hasText: 'apakah bangunannya rumah tinggal' }).waitFor();
    expect(await agent.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    // And in the citizen's widget.
    await rows.locator('.row[data-sender="agent"]').filter({ hasText: 'apakah bangunannya rumah tinggal' }).waitFor();
    await citizen.screenshot({ path: join(ARTIFACTS, 'widget-agent-reply.png') });
    await agent.screenshot({ path: join(ARTIFACTS, 'console-widget-conversation.png') });
  });
});
