import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM_ARGS, CHROMIUM_PATH, runAxe, seriousOnly } from '../support/browser';
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
    await citizen.getByRole('button', { name: 'Tanya kami', exact: true }).click();
    const dialog = citizen.getByRole('dialog', { name: 'Layanan Bantuan SIPINTER' });
    await dialog.getByRole('textbox', { name: 'Tulis pesan' }).fill('Selamat siang, saya mau bicara dengan petugas soal PBG');
    await dialog.getByRole('button', { name: 'Kirim pesan' }).click();
    const rows = dialog.getByRole('log');
    await rows
      .locator('.row[data-sender="bot"]:not([data-local])')
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

  const axeClean = async (page: Page, state: string) => {
    const v = await runAxe(page);
    if (v.length) console.log(`axe (${state}):\n${JSON.stringify(v, null, 1)}`);
    expect(seriousOnly(v)).toEqual([]);
  };

  it('shows each side the other typing: "Warga sedang mengetik…" in the console, "Petugas sedang mengetik…" in the widget', async () => {
    const dialog = citizen.getByRole('dialog', { name: 'Layanan Bantuan SIPINTER' });
    await dialog.getByRole('textbox', { name: 'Tulis pesan' }).pressSequentially('Rumah tinggal dua lan', { delay: 30 });
    await agent.getByText('Warga sedang mengetik…').waitFor();
    await axeClean(agent, 'console, citizen typing');
    await agent.screenshot({ path: join(ARTIFACTS, 'console-citizen-typing.png') });

    await agent.getByLabel('Tulis balasan').pressSequentially('Baik, untuk rumah tinggal', { delay: 30 });
    await dialog.getByText('Petugas sedang mengetik…').waitFor();
    await axeClean(citizen, 'widget, officer typing');
    await citizen.screenshot({ path: join(ARTIFACTS, 'widget-390-officer-typing.png') });
    // the message itself ends the indicator
    await agent.getByLabel('Tulis balasan').press('Enter');
    await dialog.getByRole('log').locator('.row[data-sender="agent"]').filter({ hasText: 'Baik, untuk rumah tinggal' }).waitFor();
    await dialog.getByText('Petugas sedang mengetik…').waitFor({ state: 'detached' });
    await dialog.getByRole('textbox', { name: 'Tulis pesan' }).fill('');
  });

  it('tells the citizen when the officer resolves the conversation, and offers the satisfaction survey with buttons', async () => {
    await agent.getByRole('toolbar', { name: 'Tindakan percakapan' }).getByRole('button', { name: 'Selesaikan' }).click();
    const dialog = citizen.getByRole('dialog', { name: 'Layanan Bantuan SIPINTER' });
    const log = dialog.getByRole('log');
    const notice = log.locator('.row[data-local="notice"]');
    await notice.filter({ hasText: 'Petugas telah menyelesaikan percakapan ini' }).waitFor();
    const invite = log.locator('.row[data-sender="bot"]:not([data-local])').filter({ hasText: 'Bersediakah Anda menilai layanan kami' });
    await invite.waitFor();
    // the notice comes before the invitation, and the invitation's buttons are under it
    const order = await log.locator('.row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.local ?? (r as HTMLElement).dataset.sender));
    expect(order.slice(-2)).toEqual(['notice', 'bot']);
    const quick = dialog.getByRole('group', { name: 'Pilihan balasan cepat' });
    expect(await quick.getByRole('button').allTextContents()).toEqual(['Ya, saya mau menilai', 'Tidak, terima kasih']);
    for (const b of await quick.getByRole('button').all()) expect((await b.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await axeClean(citizen, 'widget, resolved with survey');
    await citizen.screenshot({ path: join(ARTIFACTS, 'widget-390-resolved-survey.png') });

    // Tapping yes starts the survey: the first question, its answers as buttons.
    await quick.getByRole('button', { name: 'Ya, saya mau menilai' }).click();
    await log
      .locator('.row[data-sender="bot"]')
      .filter({ hasText: /Pertanyaan 1 dari 9/ })
      .waitFor();
    await quick.getByRole('button').first().waitFor();
    expect(await quick.getByRole('button').count()).toBeGreaterThanOrEqual(4);
    await axeClean(citizen, 'widget, survey question');
    await citizen.screenshot({ path: join(ARTIFACTS, 'widget-390-survey-question.png') });
  });
});
