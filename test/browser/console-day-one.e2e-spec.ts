import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM_ARGS, CHROMIUM_PATH, runAxe, seriousOnly } from '../support/browser';
import { eventually, HubEnv, HubProcess } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

/**
 * An agent's day at the console (issue 17, "The agent"): the bot asks a
 * citizen's name at hand-off, the list shows waiting time and SLA state
 * longest-waiting first, unread count in the tab title and a notification,
 * keyboard shortcuts with a help overlay, canned responses from "/" and their
 * management page, the editable contact panel, and handing over to a named
 * colleague of the team. Screenshots at 1366×768 in test-artifacts/, axe on each state.
 */
jest.setTimeout(300_000);

const SLOW = 30_000;
const PASSWORD = 'demo-sipinter-2025';
const LAPTOP = { width: 1366, height: 768 };

describe('console: an agent all day', () => {
  let env: HubEnv;
  let hub: HubProcess;
  let browser: Browser;
  let agent: Page;
  let supervisor: Page;
  let first: WebchatClient;
  let second: WebchatClient;
  const pageErrors: string[] = [];

  async function newPage(): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ viewport: LAPTOP, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
    ctx.setDefaultTimeout(SLOW);
    // A recording Notification (headless Chromium shows none) and a switch for the tab being in the background.
    await ctx.addInitScript(() => {
      const w = window as unknown as { __notes: { title: string; body: string }[]; __hidden: boolean };
      w.__notes = [];
      w.__hidden = false;
      // The browser's answer lasts across reloads, as a real permission does.
      class FakeNotification {
        static get permission() {
          return localStorage.getItem('__notify-permission') ?? 'default';
        }
        static requestPermission = async () => {
          localStorage.setItem('__notify-permission', 'granted');
          return 'granted';
        };
        onclick: (() => void) | null = null;
        constructor(title: string, o: { body: string }) {
          w.__notes.push({ title, body: o.body });
        }
        close() {}
      }
      Object.defineProperty(window, 'Notification', { value: FakeNotification, configurable: true });
      Object.defineProperty(document, 'visibilityState', { get: () => (w.__hidden ? 'hidden' : 'visible'), configurable: true });
    });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return { ctx, page };
  }

  async function signIn(page: Page, email: string, path = '/console/'): Promise<void> {
    await page.goto(`${hub.url}${path}`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Kata sandi').fill(PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('status').filter({ hasText: 'Terhubung' }).waitFor();
  }

  async function apiAs(email: string) {
    const r = await fetch(`${hub.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    const token = ((await r.json()) as { accessToken: string }).accessToken;
    return async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${hub.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: (res.status === 204 ? {} : await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `day-one-${name}.png`) });
  const axeClean = async (page: Page) => expect(seriousOnly(await runAxe(page))).toEqual([]);
  const row = (page: Page, id: string) => page.locator(`.conv-item[data-conversation-id="${id}"]`);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    env = new HubEnv('sqlite', { DEMO_MODE: 'true' });
    [hub, browser] = await Promise.all([env.start('all'), chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })]);
    ({ page: agent } = await newPage());
    ({ page: supervisor } = await newPage());
  });

  afterAll(async () => {
    first?.close();
    second?.close();
    await browser?.close().catch(() => undefined);
    await env?.stop();
  });

  it('asks a nameless citizen’s name at hand-off and keeps it as the contact’s name', async () => {
    first = new WebchatClient(hub.url);
    await first.ready();
    expect((await first.send({ clientMessageId: 'a-1', text: 'saya mau bicara dengan petugas' })).ok).toBe(true);
    await first.waitFor((m) => m.sender === 'bot' && /boleh kami tahu nama Anda/.test(m.text), SLOW);
    expect((await first.send({ clientMessageId: 'a-2', text: 'nama saya budi santoso' })).ok).toBe(true);
    await first.waitFor((m) => m.sender === 'bot' && m.text === 'Terima kasih, Budi Santoso. Petugas akan membalas di chat ini.', SLOW);
    const sup = await apiAs('supervisor@demo.sipinter.id');
    const d = await sup('GET', `/api/conversations/${first.session!.conversationId}`);
    expect(d.body.conversation).toMatchObject({ status: 'pending', contact: { name: 'Budi Santoso' } });
    // The name answer ends the bot's part: the next message waits for the officer, without a bot reply.
    const before = first.received.length;
    expect((await first.send({ clientMessageId: 'a-3', text: 'Saya mau tanya status PBG saya.' })).ok).toBe(true);
    await eventually(async () => (await sup('GET', `/api/conversations/${first.session!.conversationId}`)).body.messages.length === 5, SLOW);
    expect(first.received.slice(before).filter((m) => m.sender === 'bot')).toEqual([]);

    second = new WebchatClient(hub.url);
    await second.ready();
    expect((await second.send({ clientMessageId: 'b-1', text: 'tolong hubungkan dengan petugas' })).ok).toBe(true);
    await second.waitFor((m) => m.sender === 'bot' && /nama Anda/.test(m.text), SLOW);
  });

  it('lists waiting time and SLA state, longest waiting first, in text of at least 13 px', async () => {
    await signIn(agent, 'agen@demo.sipinter.id');
    const a = row(agent, first.session!.conversationId);
    const b = row(agent, second.session!.conversationId);
    await a.locator('.wait').waitFor();
    await b.locator('.wait').waitFor();
    expect(await a.locator('.wait').textContent()).toMatch(/^Menunggu (< 1 mnt|\d+ mnt)$/);
    expect(await a.locator('.chip[class*="sla-"]').textContent()).toMatch(/^SLA (aman|hampir habis|terlewat)$/);
    expect(await agent.getByLabel('Urutkan').inputValue()).toBe('waiting');
    const order = await agent.locator('.conv-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-conversation-id')));
    expect(order.indexOf(first.session!.conversationId)).toBeLessThan(order.indexOf(second.session!.conversationId));
    const sizes = await agent.locator('.chip, .tab, .conv-item .ref, .badge').evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
    expect(sizes.length).toBeGreaterThan(5);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(13);
    await shot(agent, '1-inbox-waiting-sla');
    await axeClean(agent);
  });

  it('shows the unread count in the tab title, and notifies of a new message in the officer’s own conversation', async () => {
    // Take the first conversation, then go back to the list.
    await row(agent, first.session!.conversationId).click();
    // Routing may already have given it to the agent who came online.
    await agent.getByRole('button', { name: /^(Ambil|Lepas)$/ }).waitFor();
    if (await agent.getByRole('button', { name: 'Ambil' }).count()) await agent.getByRole('button', { name: 'Ambil' }).click();
    await agent.getByRole('button', { name: 'Lepas' }).waitFor();
    await agent.getByRole('button', { name: /^Suara: mati$/ }).click();
    expect(await agent.evaluate(() => localStorage.getItem('sipinter-console-sound'))).toBe('1');
    await agent.getByRole('button', { name: /^Notifikasi: mati$/ }).click();
    await agent.getByRole('button', { name: /^Notifikasi: aktif$/ }).waitFor();
    await agent.goto(`${hub.url}/console/`);
    await agent.getByRole('status').filter({ hasText: 'Terhubung' }).waitFor();
    await agent.evaluate(() => ((window as unknown as { __hidden: boolean }).__hidden = true));
    expect((await first.send({ clientMessageId: 'a-4', text: 'Halo, apakah ada petugas?' })).ok).toBe(true);
    expect((await second.send({ clientMessageId: 'b-2', text: 'Siti' })).ok).toBe(true);
    await eventually(async () => /^\(\d+\) Kotak masuk · Konsol SIPINTER$/.test(await agent.title()), SLOW);
    await eventually(
      async () =>
        (await agent.evaluate(() => (window as unknown as { __notes: { title: string; body: string }[] }).__notes)).some(
          (n) => n.title === 'Pesan baru dari Budi Santoso' && n.body === 'Halo, apakah ada petugas?',
        ),
      SLOW,
    );
    await agent.evaluate(() => ((window as unknown as { __hidden: boolean }).__hidden = false));
    await shot(agent, '2-unread-title-alert-toggles');
    await axeClean(agent);
  });

  it('moves through the list with j / k and shows every shortcut on "?", never while typing', async () => {
    await agent.locator('body').click({ position: { x: 900, y: 400 } });
    await agent.keyboard.press('j');
    await agent.waitForURL(/\/console\/c\//);
    const firstUrl = agent.url();
    await agent.keyboard.press('j');
    await eventually(async () => agent.url() !== firstUrl, SLOW);
    await agent.keyboard.press('k');
    await eventually(async () => agent.url() === firstUrl, SLOW);
    await agent.keyboard.press('Alt+ArrowDown');
    await eventually(async () => agent.url() !== firstUrl, SLOW);
    await agent.keyboard.press('Alt+ArrowUp');
    await eventually(async () => agent.url() === firstUrl, SLOW);
    // Typed into the search field, "j" is a letter.
    await agent.getByLabel('Cari percakapan').fill('');
    await agent.getByLabel('Cari percakapan').press('j');
    expect(agent.url()).toBe(firstUrl);
    await agent.getByLabel('Cari percakapan').fill('');
    await agent.locator('.conv-main').click({ position: { x: 10, y: 10 } });
    await agent.keyboard.press('?');
    const help = agent.getByRole('dialog', { name: 'Pintasan keyboard' });
    await help.waitFor();
    for (const label of ['Percakapan berikutnya', 'Balas warga', 'Tulis catatan internal', 'Jawaban siap pakai', 'Selesaikan percakapan'])
      await help.getByText(label).waitFor();
    await shot(agent, '3-shortcut-help');
    await axeClean(agent);
    await agent.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
  });

  it('r replies, n writes a note, / opens the demo canned responses filtered as typed and fills them', async () => {
    await agent.goto(`${hub.url}/console/c/${first.session!.conversationId}`);
    await agent.getByRole('status').filter({ hasText: 'Terhubung' }).waitFor();
    await agent.getByRole('log', { name: 'Riwayat pesan' }).waitFor();
    await agent.locator('.conv-main').click({ position: { x: 10, y: 10 } });
    await agent.keyboard.press('n');
    await agent.getByLabel('Tulis catatan internal').waitFor();
    await eventually(async () => agent.getByLabel('Tulis catatan internal').evaluate((el) => el === document.activeElement), SLOW);
    await agent.getByLabel('Tulis catatan internal').blur();
    await agent.keyboard.press('r');
    const box = agent.getByLabel('Tulis balasan');
    await eventually(async () => box.evaluate((el) => el === document.activeElement), SLOW);
    await box.blur();
    await agent.keyboard.press('/');
    const list = agent.getByRole('listbox', { name: 'Jawaban siap pakai' });
    await list.waitFor();
    expect(await list.getByRole('option').count()).toBeGreaterThanOrEqual(8);
    await shot(agent, '4-canned-picker');
    await axeClean(agent);
    await box.pressSequentially('sapa');
    await eventually(async () => (await list.getByRole('option').count()) === 1, SLOW);
    await box.press('Enter');
    await eventually(async () => /^Selamat datang, Budi Santoso\. Saya Agen Demo, petugas layanan perizinan\./.test(await box.inputValue()), SLOW);
    await box.fill('');
  });

  it('edits the contact’s name, phone and notes; a wrong phone is refused with a clear message', async () => {
    await agent.getByRole('button', { name: 'Info warga' }).click();
    const panel = agent.locator('#contact-panel');
    await panel.getByRole('button', { name: 'Ubah data warga' }).click();
    await panel.getByLabel('Telepon').fill('0812');
    await panel.getByRole('button', { name: 'Simpan' }).click();
    await panel.getByRole('alert').filter({ hasText: 'Nomor telepon tidak valid' }).waitFor();
    await shot(agent, '5a-contact-phone-refused');
    await panel.getByLabel('Nama').fill('Budi Santoso Wibowo');
    await panel.getByLabel('Telepon').fill('0812-3456-7001');
    await panel.getByLabel('Catatan (untuk petugas)').fill('Pemohon PBG rumah tinggal; lebih suka dihubungi sore.');
    await panel.getByRole('button', { name: 'Simpan' }).click();
    await panel.getByText('+6281234567001').waitFor();
    await panel.getByText('lebih suka dihubungi sore').waitFor();
    await shot(agent, '5b-contact-edited');
    await axeClean(agent);
    const sup = await apiAs('supervisor@demo.sipinter.id');
    const audit = await sup('GET', '/api/audit?action=contact.update');
    expect(audit.status).toBe(200);
    // The fields changed are recorded, never their values.
    expect(JSON.stringify(audit.body)).toMatch(/"fields":\["name","phone","notes"\]/);
    expect(JSON.stringify(audit.body)).not.toContain('6281234567001');
  });

  it('hands the conversation to a named colleague of the team: online state and load, no counter or admin accounts', async () => {
    await signIn(supervisor, 'supervisor@demo.sipinter.id');
    await agent.getByRole('button', { name: 'Serahkan ke rekan…' }).click();
    const dlg = agent.getByRole('dialog', { name: 'Tugaskan ke rekan tim' });
    const sup = dlg.locator('label.assignee').filter({ hasText: 'Supervisor Demo' });
    await sup.waitFor();
    await eventually(async () => /Daring/.test((await sup.textContent()) ?? ''), SLOW);
    expect(await sup.textContent()).toMatch(/\d+ dari \d+ percakapan terbuka/);
    const names = await dlg.locator('.assignee-name').allTextContents();
    expect(names.join('|')).not.toMatch(/Admin Demo|Loket|PUPR|Agen Demo/);
    await shot(agent, '6-assign-colleague');
    await axeClean(agent);
    await sup.click();
    await dlg.getByRole('button', { name: 'Tugaskan' }).click();
    await dlg.waitFor({ state: 'detached' });
    const api = await apiAs('agen@demo.sipinter.id');
    const me = await api('GET', '/api/auth/me');
    const d = await api('GET', `/api/conversations/${first.session!.conversationId}`);
    expect(d.body.conversation.assigneeId).not.toBe(me.body.id);
    expect(d.body.conversation.assigneeId).toBeTruthy();
  });

  it('lets a supervisor manage canned responses per team, with a preview from the conversation last open; agents read', async () => {
    await supervisor.goto(`${hub.url}/console/c/${second.session!.conversationId}`);
    await supervisor.getByRole('log', { name: 'Riwayat pesan' }).waitFor();
    await supervisor.getByRole('link', { name: 'Balasan cepat' }).click();
    await supervisor.getByRole('heading', { name: 'Balasan cepat', level: 1 }).waitFor();
    await supervisor.locator('.canned-row').filter({ hasText: '/sapaan' }).waitFor();
    expect(await supervisor.locator('.canned-row').count()).toBeGreaterThanOrEqual(12);
    await supervisor.getByLabel('Pintasan').fill('status-siti');
    await supervisor.getByLabel('Judul').fill('Status untuk warga');
    await supervisor.getByLabel('Untuk tim').selectOption({ label: 'Layanan Umum' });
    await supervisor.getByLabel('Teks').fill('Halo ');
    await supervisor.getByRole('button', { name: '{{nama}}', exact: true }).click();
    await supervisor.getByLabel('Teks').press('End');
    await supervisor.getByLabel('Teks').pressSequentially(', tiket Anda ');
    await supervisor.getByRole('button', { name: '{{nomor_tiket}}', exact: true }).click();
    const preview = supervisor.locator('.canned-preview');
    await eventually(async () => /^Pratinjau untuk /.test((await preview.locator('h3').textContent()) ?? ''), SLOW);
    await eventually(async () => /Halo Siti, tiket Anda [A-Z]+-/.test((await preview.locator('p').first().textContent()) ?? ''), SLOW);
    await shot(supervisor, '7-canned-management');
    await axeClean(supervisor);
    await supervisor.getByRole('button', { name: 'Simpan' }).click();
    await supervisor.locator('.canned-row').filter({ hasText: '/status-siti' }).waitFor();
    await supervisor.getByLabel('Tim', { exact: true }).selectOption({ label: 'Layanan Umum' });
    await eventually(async () => (await supervisor.locator('.canned-row').count()) === 1, SLOW);

    await agent.getByRole('link', { name: 'Balasan cepat' }).click();
    await agent.locator('.canned-row').filter({ hasText: '/status-siti' }).waitFor();
    expect(await agent.getByLabel('Pintasan').count()).toBe(0);
    await agent.getByText('Hanya supervisor yang dapat mengubahnya.').waitFor();
    await axeClean(agent);
    expect(pageErrors).toEqual([]);
  });
});
