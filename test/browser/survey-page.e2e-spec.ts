import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { ConsoleApi, DEMO } from '../support/console-client';
import { ARTIFACTS, CHROMIUM_ARGS, CHROMIUM_PATH, runAxe, seriousOnly } from '../support/browser';
import { HubEnv, HubProcess } from '../support/hub-process';

/**
 * The walk-in survey page on a phone (390 px): the counter makes a token,
 * the visitor answers with taps and sends; no script runs, the strict CSP
 * holds, axe finds nothing serious, and the answers are what was tapped.
 */
describe('walk-in survey page (browser)', () => {
  let env: HubEnv;
  let hub: HubProcess;
  let browser: Browser;
  let counter: ConsoleApi;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    env = new HubEnv('sqlite', { DEMO_MODE: 'true' });
    [hub, browser] = await Promise.all([env.start('all'), chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })]);
    counter = await ConsoleApi.login(hub.url, DEMO.counter);
  });
  afterAll(async () => {
    await browser?.close();
    await env.stop();
  });

  it('fits a 390 px phone, passes axe, and records the tapped answers', async () => {
    const made = await counter.post('/api/survey/walk-in', {});
    expect(made.status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'id-ID' });
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => m.type() === 'error' && blocked.push(m.text()));
    const res = await page.goto(made.body.url);
    expect(res!.status()).toBe(200);
    expect(res!.headers()['content-security-policy']).toContain("script-src 'self'");

    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Tap targets big enough for a thumb.
    const option = (await page.getByLabel('4. Sangat sesuai').first().locator('xpath=..').boundingBox())!;
    expect(option.height).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: join(ARTIFACTS, 'survey-page-390.png'), fullPage: false });

    const answers = [4, 3, 3, 2, 4, 4, 3, 3, 4];
    const fieldsets = page.locator('fieldset');
    expect(await fieldsets.count()).toBe(9);
    for (const [i, v] of answers.entries()) await fieldsets.nth(i).locator(`input[value="${v}"]`).check();
    await page.getByLabel(/Saran untuk perbaikan layanan/).fill('Papan petunjuk antrean kurang jelas');
    await page.screenshot({ path: join(ARTIFACTS, 'survey-page-390-filled.png'), fullPage: true });

    // The page runs no script of its own (axe is evaluated over DevTools, not as a page script).
    expect(await page.locator('script').count()).toBe(0);
    expect(seriousOnly(await runAxe(page))).toEqual([]);

    await page.getByRole('button', { name: 'Kirim penilaian' }).click();
    await page.getByText('Terima kasih atas penilaian Anda').waitFor();
    expect(seriousOnly(await runAxe(page))).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'survey-page-390-thanks.png') });
    expect(blocked).toEqual([]);

    const rows = await env.query<Record<string, number | string>>('SELECT u1, u2, u3, u4, u5, u6, u7, u8, u9, suggestion FROM survey_responses');
    expect(rows).toEqual([{ u1: 4, u2: 3, u3: 3, u4: 2, u5: 4, u6: 4, u7: 3, u8: 3, u9: 4, suggestion: 'Papan petunjuk antrean kurang jelas' }]);
    await context.close();
  });
});
