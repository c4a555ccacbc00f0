import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Locator, Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM_ARGS, CHROMIUM_PATH, runAxe } from '../support/browser';
import { eventually, HubEnv, HubProcess, ROOT } from '../support/hub-process';

/**
 * What a citizen notices first, on a 390 px phone (issue 17): the bot's greeting
 * and menu the moment the chat opens (nothing stored until they write or tap),
 * an honest header while the office is closed, a long answer read from its
 * start, tap targets of at least 44 px and a launcher that says what it is.
 */
jest.setTimeout(180_000);
const SLOW = 30_000;

const ID_DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];
/** The office works one day only, the day after tomorrow (WIB), so it is closed now whatever the clock says. */
const jakartaToday = new Date(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date()) + 'T12:00:00Z');
const openDay = new Date(jakartaToday.getTime() + 2 * 86_400_000).getUTCDay(); // 0 = Sunday
const OFFICE_DAYS = String(openDay === 0 ? 7 : openDay);

describe('web chat widget, day one on a phone', () => {
  let env: HubEnv;
  let hub: HubProcess;
  let browser: Browser;
  let page: Page;

  const dialog = () => page.getByRole('dialog', { name: 'Layanan Bantuan SIPINTER' });
  const log = () => dialog().getByRole('log');
  const quick = () => dialog().getByRole('group', { name: 'Pilihan balasan cepat' });
  const botRows = (): Locator => log().locator('.row[data-sender="bot"]:not([data-local])');
  const count = async (table: string) => Number((await env.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const axeClean = async (state: string) => {
    const v = await runAxe(page);
    if (v.length) console.log(`axe (${state}):\n${JSON.stringify(v, null, 1)}`);
    // Clean, not only of serious violations: the widget and the demo page are small enough to keep it so.
    expect(v.map((x) => `${x.id} (${x.impact})`)).toEqual([]);
  };
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, name) });
  const settled = () => dialog().evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    env = new HubEnv('sqlite', { OFFICE_HOURS: '08:00-16:00', OFFICE_DAYS, HOLIDAYS_FILE: join(ROOT, 'test/fixtures/calendar/no-holidays.json') });
    [hub, browser] = await Promise.all([env.start('all'), chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })]);
    const ctx = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'id-ID',
      timezoneId: 'Asia/Jakarta',
    });
    ctx.setDefaultTimeout(SLOW);
    page = await ctx.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await env?.stop();
  });

  it('labels the launcher "Tanya kami" (its accessible name too)', async () => {
    await page.goto(`${hub.url}/widget`);
    const launcher = page.getByRole('button', { name: 'Tanya kami', exact: true });
    await launcher.waitFor();
    expect(await launcher.innerText()).toContain('Tanya kami');
    const box = (await launcher.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await axeClean('launcher');
    await shot('widget-390-launcher.png');
  });

  it('shows the greeting and the numbered menu with buttons at once, and the office closed with its next opening; nothing is stored', async () => {
    await page.getByRole('button', { name: 'Tanya kami', exact: true }).tap();
    await dialog().waitFor();
    const greeting = log().locator('.row[data-local="greeting"]');
    await greeting.waitFor();
    expect(await greeting.locator('.text').textContent()).toMatch(
      /^Halo, selamat datang di Layanan Bantuan SIPINTER[\s\S]*1\. Cek status izin\n2\. Persyaratan & biaya/,
    );
    const buttons = quick().getByRole('button');
    expect(await buttons.allTextContents()).toEqual(['Cek status izin', 'Persyaratan & biaya', 'Pengaduan', 'Bicara dengan petugas']);
    for (const b of await buttons.all()) expect((await b.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    const header = dialog().locator('.subtitle');
    await header.filter({ hasText: `Kantor buka lagi ${ID_DAYS[openDay]} 08.00` }).waitFor();
    expect(await header.locator('.status-dot.closed').count()).toBe(1);
    expect(await dialog().getByText('Biasanya dibalas dalam beberapa menit').count()).toBe(0);
    // Connected (the visitor has a token) and still nobody in the database.
    await eventually(() => page.evaluate(() => localStorage.getItem('sipinter-webchat-token')), SLOW);
    expect([await count('contacts'), await count('conversations'), await count('messages')]).toEqual([0, 0, 0]);
    await settled();
    await axeClean('greeting, office closed');
    await shot('widget-390-greeting-closed.png');
  });

  it('a tapped menu button starts the conversation and the bot answers that choice', async () => {
    await quick().getByRole('button', { name: 'Persyaratan & biaya' }).tap();
    await log().locator('.row[data-sender="citizen"][data-state="sent"]').filter({ hasText: 'Persyaratan & biaya' }).waitFor();
    await botRows().first().waitFor();
    await quick().getByRole('button').first().waitFor();
    const titles = await quick().getByRole('button').allTextContents();
    expect(titles.length).toBeGreaterThan(2);
    expect(await count('conversations')).toBe(1);
    expect(await count('messages')).toBeGreaterThanOrEqual(2);
    await axeClean('menu choice');
    await shot('widget-390-menu-choice.png');
  });

  it('shows a long answer from its first line, not its end', async () => {
    // A phone with its keyboard up: even the answer's first part (long answers come in parts) is taller than the view.
    await page.setViewportSize({ width: 390, height: 520 });
    const before = await botRows().count();
    await quick().getByRole('button').first().tap();
    await eventually(async () => (await botRows().count()) > before, SLOW);
    const reply = botRows().last();
    const geo = await reply.evaluate((el) => {
      const logEl = el.closest('[role="log"]') as HTMLElement;
      const r = el.getBoundingClientRect();
      const l = logEl.getBoundingClientRect();
      return { top: r.top - l.top, height: r.height, view: logEl.clientHeight, atEnd: logEl.scrollHeight - logEl.scrollTop - logEl.clientHeight < 2 };
    });
    // The view starts with it (its first line a few pixels below the top), not at its end.
    expect(geo.top).toBeGreaterThanOrEqual(0);
    expect(geo.top).toBeLessThan(geo.view);
    expect(geo.height).toBeGreaterThan(geo.view);
    expect(geo.top).toBeLessThanOrEqual(12);
    expect(geo.atEnd).toBe(false);
    // The rest of it waits behind "Selengkapnya".
    await quick().getByRole('button', { name: 'Selengkapnya' }).waitFor();
    await axeClean('long answer');
    await shot('widget-390-long-answer.png');
  });
});
