import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM_ARGS, CHROMIUM_PATH, runAxe, seriousOnly } from '../support/browser';
import { eventually, HubEnv, HubProcess, ROOT } from '../support/hub-process';

/**
 * The embeddable web chat widget in a real Chromium against a real hub:
 * the demo page at /widget loads /widget.js, which talks to /webchat.
 * Steps share one page and run in order.
 */
jest.setTimeout(180_000);

const TOKEN_KEY = 'sipinter-webchat-token';
const SLOW = 30_000; // the machine is shared and slow: wait generously, never sleep blindly

/** The widget's parts, found the way a user (or a screen reader) finds them. */
const widget = (page: Page) => {
  const dialog = page.getByRole('dialog', { name: 'Layanan Bantuan SIPINTER' });
  const log = dialog.getByRole('log');
  return {
    launcher: page.getByRole('button', { name: 'Tanya kami', exact: true }),
    dialog,
    log,
    input: dialog.getByRole('textbox', { name: 'Tulis pesan' }),
    send: dialog.getByRole('button', { name: 'Kirim pesan' }),
    banner: dialog.getByRole('status'),
    quickReplies: dialog.getByRole('group', { name: 'Pilihan balasan cepat' }),
    /** Messages of the conversation (not the greeting or notices the widget shows by itself). */
    rows: (sender?: string): Locator => log.locator(sender ? `.row[data-sender="${sender}"]:not([data-local])` : '.row:not([data-local])'),
  };
};

/** Every message in the widget, as "sender: text", in display order. */
const transcript = (page: Page): Promise<string[]> =>
  widget(page)
    .log.locator('.row')
    .evaluateAll((rows) => rows.map((r) => `${(r as HTMLElement).dataset.sender}: ${r.querySelector('.text')?.textContent ?? ''}`));

const count = (l: Locator) => l.count();

/** Waits for the panel's opening animation, so geometry and screenshots are final. */
const settled = (dialog: Locator): Promise<unknown> => dialog.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));

describe('web chat widget in a browser', () => {
  let env: HubEnv;
  let hub: HubProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Set to make the hub's next `message` acknowledgement look like a failure (the hub has stored the message). */
  let failNextAck = false;
  let wsUpgrades = 0;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // Officers are always at work here: the header's promise is checked in widget-day-one (closed office).
    env = new HubEnv('sqlite', { OFFICE_HOURS: '00:00-24:00', OFFICE_DAYS: '1-7', HOLIDAYS_FILE: join(ROOT, 'test/fixtures/calendar/no-holidays.json') });
    [hub, browser] = await Promise.all([env.start('all'), chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })]);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
    context.setDefaultTimeout(SLOW);
    // A transparent proxy for the widget's WebSocket, able to turn one acknowledgement into an error.
    await context.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      // The widget opens its WebSocket at once (no polling first): events travel over it from the start.
      wsUpgrades++;
      ws.onMessage((m) => server.send(m));
      server.onMessage((m) => {
        const ack = typeof m === 'string' ? /^43\/webchat,(\d+)\[\{"ok":true,"messageId":"[^"]+"\}\]$/.exec(m) : null;
        if (ack && failNextAck) {
          failNextAck = false;
          ws.send(`43/webchat,${ack[1]}[{"ok":false,"error":"Pesan belum terkirim, silakan coba lagi."}]`);
          return;
        }
        ws.send(m);
      });
    });
    page = await context.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await env?.stop();
  });

  it('shows a launcher that opens the panel, and refuses an empty message', async () => {
    await page.goto(`${hub.url}/widget`);
    const w = widget(page);
    await w.launcher.waitFor();
    const box = (await w.launcher.boundingBox())!;
    // bottom-right corner
    expect(box.x + box.width).toBeGreaterThan(1280 - 40);
    expect(box.y + box.height).toBeGreaterThan(800 - 40);
    await page.screenshot({ path: join(ARTIFACTS, 'widget-desktop-closed.png') });

    await w.launcher.click();
    await w.dialog.waitFor();
    await settled(w.dialog);
    await w.launcher.waitFor({ state: 'hidden' });
    await w.dialog.getByText('Biasanya dibalas dalam beberapa menit').waitFor();
    expect(await w.dialog.getByRole('button', { name: 'Tutup obrolan' }).isVisible()).toBe(true);
    expect(await w.log.getAttribute('aria-live')).toBe('polite');
    // the visitor gets a token once connected
    await eventually(() => page.evaluate((k) => localStorage.getItem(k), TOKEN_KEY), SLOW);

    expect(await w.send.isDisabled()).toBe(true);
    await w.input.focus();
    await page.keyboard.press('Enter');
    await w.input.fill('   \n  ');
    expect(await w.send.isDisabled()).toBe(true);
    await page.keyboard.press('Enter');
    await w.send.click({ force: true }).catch(() => undefined); // a disabled button does nothing
    await page.waitForTimeout(500);
    expect(await count(w.rows('citizen'))).toBe(0);

    // the character counter appears near the 4000 limit
    const counter = w.dialog.locator('.counter');
    await w.input.fill('x'.repeat(3700));
    expect(await counter.textContent()).toBe('3.700/4.000');
    expect(await w.send.isEnabled()).toBe(true);
    await w.input.fill('');
    expect(await counter.textContent()).toBe('');
  });

  it('sends a message (Enter) and shows the bot reply', async () => {
    const w = widget(page);
    const text = 'Halo, selamat siang';
    await w.input.fill(text);
    expect(await w.send.isEnabled()).toBe(true);
    await w.input.press('Enter');
    const mine = w.rows('citizen').filter({ hasText: text });
    await mine.waitFor();
    expect(await w.input.inputValue()).toBe('');
    await w.log.locator('.row[data-sender="citizen"][data-state="sent"]').first().waitFor();
    await w.rows('bot').first().waitFor();
    expect((await w.rows('bot').first().locator('.text').textContent())!.trim().length).toBeGreaterThan(0);
    // Shift+Enter is a new line, not a send
    await w.input.press('a');
    await w.input.press('Shift+Enter');
    await w.input.press('b');
    expect(await w.input.inputValue()).toBe('a\nb');
    expect(await count(w.rows('citizen'))).toBe(1);
    await w.input.fill('');
  });

  it('sends the title of a tapped quick reply', async () => {
    const w = widget(page);
    const first = w.quickReplies.getByRole('button').first();
    await first.waitFor();
    const title = (await first.textContent())!.trim();
    const botsBefore = await count(w.rows('bot'));
    await first.click();
    await w.rows('citizen').last().filter({ hasText: title }).waitFor();
    await eventually(async () => (await w.rows('citizen').last().getAttribute('data-state')) === 'sent', SLOW);
    await eventually(async () => (await count(w.rows('bot'))) > botsBefore, SLOW);
    expect((await w.rows('citizen').last().locator('.text').textContent())!.trim()).toBe(title);
  });

  it('marks a failed message and retries it with the same clientMessageId (stored once)', async () => {
    const w = widget(page);
    await eventually(() => wsUpgrades > 0, SLOW); // the acknowledgement must travel over the proxied WebSocket
    const text = 'Apakah saya bisa cek status permohonan?';
    const botsBefore = await count(w.rows('bot'));
    failNextAck = true;
    await w.input.fill(text);
    await w.send.click();
    const row = w.rows('citizen').filter({ hasText: text });
    await w.log.locator('.row[data-state="failed"]').waitFor();
    await row.getByRole('button', { name: 'Kirim ulang' }).waitFor();
    expect(await row.getByText('Gagal terkirim').isVisible()).toBe(true);
    expect((await row.getByRole('button', { name: 'Kirim ulang' }).boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: join(ARTIFACTS, 'widget-desktop-failed.png') });

    await row.getByRole('button', { name: 'Kirim ulang' }).click();
    await eventually(async () => (await row.getAttribute('data-state')) === 'sent', SLOW);
    expect(await count(row)).toBe(1);
    await eventually(async () => (await count(w.rows('bot'))) > botsBefore, SLOW);
    const stored = await env.query<{ n: number }>('SELECT COUNT(*) AS n FROM messages WHERE text = ?', [text]);
    expect(Number(stored[0].n)).toBe(1);
  });

  it('has no serious accessibility violations with the panel open (desktop screenshot)', async () => {
    const violations = await runAxe(page);
    if (violations.length) console.log(`axe (desktop):\n${JSON.stringify(violations, null, 1)}`);
    expect(seriousOnly(violations)).toEqual([]);
    await widget(page).log.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.screenshot({ path: join(ARTIFACTS, 'widget-desktop.png') });
  });

  it('restores the same conversation after a reload', async () => {
    const w = widget(page);
    const before = await transcript(page);
    const token = await page.evaluate((k) => localStorage.getItem(k), TOKEN_KEY);
    expect(before.length).toBeGreaterThanOrEqual(6);

    await page.reload();
    await w.dialog.waitFor(); // the panel stays open within the browser tab session
    await eventually(async () => (await transcript(page)).length >= before.length, SLOW);
    expect(await transcript(page)).toEqual(before);
    expect(await page.evaluate((k) => localStorage.getItem(k), TOKEN_KEY)).toBe(token);
    const convs = await env.query<{ n: number }>("SELECT COUNT(*) AS n FROM conversations WHERE channel = 'webchat'");
    expect(Number(convs[0].n)).toBe(1);
  });

  it('shows a reconnect banner while the hub is down, and delivers what was typed meanwhile', async () => {
    const w = widget(page);
    await w.rows().first().waitFor();
    const port = hub.port;
    await hub.stop();
    await w.banner.filter({ hasText: 'Menghubungkan kembali…' }).waitFor();

    const text = 'Pesan ini ditulis saat koneksi terputus';
    await w.input.fill(text);
    await w.input.press('Enter');
    const row = w.rows('citizen').filter({ hasText: text });
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('pending');
    const botsBefore = await count(w.rows('bot'));

    hub = new HubProcess('all', port, env.env({ HUB_ROLE: 'all', PORT: String(port) }));
    env.procs.push(hub);
    await hub.ready(60_000);
    await eventually(async () => (await row.getAttribute('data-state')) === 'sent', 60_000);
    await eventually(async () => (await w.banner.textContent()) === '', SLOW);
    await eventually(async () => (await count(w.rows('bot'))) > botsBefore, SLOW);
    expect(await count(row)).toBe(1);
  });

  it('fills a 360 px phone screen (phone screenshot)', async () => {
    // the same visitor (token in localStorage) on a phone
    const phone = await browser.newContext({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      locale: 'id-ID',
      timezoneId: 'Asia/Jakarta',
      storageState: await context.storageState(),
    });
    phone.setDefaultTimeout(SLOW);
    try {
      const p = await phone.newPage();
      await p.goto(`${hub.url}/widget`);
      const w = widget(p);
      await w.launcher.waitFor();
      await p.screenshot({ path: join(ARTIFACTS, 'widget-phone-closed.png') });
      await w.launcher.tap();
      await w.dialog.waitFor();
      await eventually(async () => (await count(w.rows('bot'))) >= 3, SLOW);
      await settled(w.dialog);
      const box = (await w.dialog.boundingBox())!;
      expect(box).toEqual({ x: 0, y: 0, width: 360, height: 740 });
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      const violations = await runAxe(p);
      if (violations.length) console.log(`axe (phone):\n${JSON.stringify(violations, null, 1)}`);
      expect(seriousOnly(violations)).toEqual([]);
      await w.log.evaluate((el) => (el.scrollTop = el.scrollHeight));
      await p.screenshot({ path: join(ARTIFACTS, 'widget-phone.png') });

      // closing hands focus back to the launcher
      await w.dialog.getByRole('button', { name: 'Tutup obrolan' }).tap();
      await w.launcher.waitFor();
      expect(await w.launcher.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    } finally {
      await phone.close();
    }
  });
});
