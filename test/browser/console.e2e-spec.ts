import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM_ARGS, CHROMIUM_PATH, runAxe, seriousOnly } from '../support/browser';
import { eventually, HubEnv, HubProcess } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

/**
 * The officers' console (web/, served at /console) in a real Chromium against
 * a real hub in demo mode, with a real web chat citizen: hand-off → live in
 * the inbox → reply from the UI → delivered to the citizen; an agency officer
 * kept out of a conversation not referred to them; accessibility; screenshots.
 * Steps share the hub and pages and run in order.
 */
jest.setTimeout(240_000);

const SLOW = 30_000; // the machine is shared and slow: wait generously, never sleep blindly
const PASSWORD = 'demo-sipinter-2025';
const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

describe('officers console in a browser', () => {
  let env: HubEnv;
  let hub: HubProcess;
  let browser: Browser;
  let agent: Page;
  let citizen: WebchatClient;
  let conversationId: string;
  const pageErrors: string[] = [];
  const wsLog: string[] = [];

  async function newPage(viewport: { width: number; height: number }): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
    ctx.setDefaultTimeout(SLOW);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      wsLog.push(`console ${m.type()}: ${m.text()}`);
      // The hub's CSP must not block anything the console needs.
      if (/Content Security Policy/i.test(m.text())) pageErrors.push(m.text());
    });
    page.on('websocket', (ws) => {
      wsLog.push(`ws open ${ws.url()}`);
      ws.on('framesent', (f) => wsLog.push(`> ${String(f.payload).slice(0, 80)}`));
      ws.on('framereceived', (f) => wsLog.push(`< ${String(f.payload).slice(0, 80)}`));
      ws.on('close', () => wsLog.push('ws close'));
      ws.on('socketerror', (e) => wsLog.push(`ws error ${e}`));
    });
    return { ctx, page };
  }

  /** Signs in through the login form and waits for the live connection. */
  async function signIn(page: Page, email: string, path = '/console/'): Promise<void> {
    await page.goto(`${hub.url}${path}`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Kata sandi').fill(PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    try {
      await page.getByRole('status').filter({ hasText: 'Terhubung' }).waitFor();
    } catch (err) {
      // Say what the officer would have seen instead of a bare timeout.
      await page.screenshot({ path: join(ARTIFACTS, `console-signin-failed-${email.split('@')[0]}.png`) });
      const shown = (await page.locator('body').innerText()).replace(/\s+/g, ' ').slice(0, 400);
      throw new Error(
        `${email} signed in but the console never showed "Terhubung"; the page shows: ${shown}\nWS: ${wsLog.slice(-40).join('\n')}\nHUB: ${hub.output
          .split('\n')
          .filter((l) => /ERROR|WARN/.test(l))
          .slice(-30)
          .join('\n')}`,
        { cause: err },
      );
    }
  }

  async function apiToken(email: string): Promise<string> {
    const r = await fetch(`${hub.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(r.status).toBe(200);
    return ((await r.json()) as { accessToken: string }).accessToken;
  }

  const row = (page: Page, id: string) => page.locator(`.conv-item[data-conversation-id="${id}"]`);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    env = new HubEnv('sqlite', { DEMO_MODE: 'true' });
    [hub, browser] = await Promise.all([env.start('all'), chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })]);
    ({ page: agent } = await newPage(LAPTOP));
  });

  afterAll(async () => {
    citizen?.close();
    await browser?.close().catch(() => undefined);
    await env?.stop();
  });

  it('serves the console at /console with a deep-link fallback', async () => {
    const root = await fetch(`${hub.url}/console`, { redirect: 'manual' });
    expect(root.status).toBe(301);
    expect(root.headers.get('location')).toBe('/console/');
    const deep = await fetch(`${hub.url}/console/c/00000000-0000-0000-0000-000000000000`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="app">');
    expect((await fetch(`${hub.url}/console/assets/missing.js`)).status).toBe(404);
  });

  it('signs in with a wrong password refused, then shows the inbox', async () => {
    // A canned response for the `/` step (a supervisor maintains them).
    const created = await fetch(`${hub.url}/api/canned-responses`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await apiToken('supervisor@demo.sipinter.id')}` },
      body: JSON.stringify({
        shortcut: 'syarat-pbg',
        title: 'Syarat PBG',
        text: 'Yth. {{contact.name}}, untuk {{conversation.reference}}: syarat PBG adalah KTP dan gambar rencana.',
      }),
    });
    expect(created.status).toBe(201);
    await agent.goto(`${hub.url}/console/`);
    await agent.getByRole('heading', { name: 'Masuk ke konsol petugas' }).waitFor();
    expect(seriousOnly(await runAxe(agent))).toEqual([]);
    await agent.getByLabel('E-mail').fill('agen@demo.sipinter.id');
    await agent.getByLabel('Kata sandi').fill('salah-sekali');
    await agent.getByRole('button', { name: 'Masuk' }).click();
    await agent.getByRole('alert').waitFor();
    await signIn(agent, 'agen@demo.sipinter.id');
    await agent.getByRole('heading', { name: 'Percakapan' }).waitFor();
    expect(await agent.getByRole('button', { name: 'Semua', exact: true }).getAttribute('aria-pressed')).toBe('true');
  });

  it('keeps no token in Web Storage, the refresh token in an httpOnly cookie, and resumes the session after a reload', async () => {
    const stored = () => agent.evaluate(() => [localStorage, sessionStorage].flatMap((s) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`)));
    // A JWT, a refresh token (<uuid>.<secret>) or anything called a token.
    const tokenLike = (kvs: string[]) => kvs.filter((kv) => /token|eyJ[\w-]+\.|[0-9a-f-]{36}\.[\w-]{20,}/i.test(kv));
    expect(tokenLike(await stored())).toEqual([]);
    const cookie = (await agent.context().cookies(`${hub.url}/api/auth/refresh`)).find((c) => c.name === 'sipinter_refresh');
    expect(cookie).toEqual(expect.objectContaining({ httpOnly: true, sameSite: 'Strict', path: '/api/auth' }));
    expect(await agent.evaluate(() => document.cookie)).not.toContain('sipinter_refresh');
    await agent.reload();
    await agent.getByRole('status').filter({ hasText: 'Terhubung' }).waitFor();
    await agent.getByRole('heading', { name: 'Percakapan' }).waitFor();
    expect(tokenLike(await stored())).toEqual([]);
  });

  it('shows a citizen who asks for an officer live in the inbox, without a reload', async () => {
    await agent.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    citizen = new WebchatClient(hub.url);
    await citizen.ready();
    conversationId = citizen.session!.conversationId;
    expect((await citizen.send({ clientMessageId: 'c-1', text: 'saya mau bicara dengan petugas' })).ok).toBe(true);
    await citizen.waitFor((m) => m.sender === 'bot' && /petugas/i.test(m.text), SLOW);

    await row(agent, conversationId).waitFor({ timeout: SLOW });
    // The citizen writes again while the officer looks at the list: an unread count appears.
    expect((await citizen.send({ clientMessageId: 'c-2', text: 'Halo, saya ingin tanya syarat PBG rumah tinggal.' })).ok).toBe(true);
    await row(agent, conversationId).locator('.badge').waitFor();
    await eventually(async () => /PBG rumah tinggal/.test((await row(agent, conversationId).textContent()) ?? ''), SLOW);
    expect(await agent.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  });

  it('opens the conversation, replies from the UI, and the citizen receives the reply', async () => {
    await row(agent, conversationId).click();
    await agent.waitForURL(`**/console/c/${conversationId}`);
    const log = agent.getByRole('log', { name: 'Riwayat pesan' });
    await log.locator('[data-sender="citizen"]').filter({ hasText: 'PBG rumah tinggal' }).waitFor();
    await log.locator('[data-sender="bot"]').first().waitFor();
    await row(agent, conversationId).locator('.badge').waitFor({ state: 'detached' });

    // A private note first: it never reaches the citizen.
    await agent.getByRole('radio', { name: 'Catatan internal' }).check();
    await agent.getByLabel('Tulis catatan internal').fill('Cek dulu berkas PBG di SIPINTER.');
    await agent.getByRole('button', { name: 'Simpan catatan' }).click();
    await log.locator('[data-private="true"]').filter({ hasText: 'Cek dulu berkas' }).waitFor();

    // Then the reply, sent with Enter.
    await agent.getByRole('radio', { name: 'Balas' }).check();
    const reply = 'Selamat siang, syarat PBG rumah tinggal: KTP, bukti kepemilikan tanah, dan gambar rencana.';
    const box = agent.getByLabel('Tulis balasan');
    await box.fill(reply);
    await box.press('Enter');
    await log.locator('[data-sender="agent"]:not([data-private])').filter({ hasText: 'KTP, bukti kepemilikan' }).waitFor();
    expect(await box.inputValue()).toBe('');

    const got = await citizen.waitFor((m) => m.sender === 'agent' && m.text === reply, SLOW);
    expect(got.conversationId).toBe(conversationId);
    expect(citizen.received.some((m) => m.text.includes('Cek dulu berkas'))).toBe(false);

    // The citizen answers: it appears in the open conversation live.
    expect((await citizen.send({ clientMessageId: 'c-3', text: 'Terima kasih, Pak.' })).ok).toBe(true);
    await log.locator('[data-sender="citizen"]').filter({ hasText: 'Terima kasih, Pak.' }).waitFor();
    await agent.getByText('Milik saya', { exact: true }).first().waitFor();
  });

  it('offers canned responses when typing /, filled in for this conversation', async () => {
    const box = agent.getByLabel('Tulis balasan');
    await box.fill('');
    await box.pressSequentially('/sya');
    const list = agent.getByRole('listbox', { name: 'Jawaban siap pakai' });
    await list.getByRole('option', { name: /syarat-pbg/ }).waitFor();
    expect(await box.getAttribute('aria-activedescendant')).toBeTruthy();
    await box.press('Enter');
    await list.waitFor({ state: 'detached' });
    const reference = (await agent.locator('.conv-head .ref').textContent())!.trim();
    await eventually(async () => (await box.inputValue()) === `Yth. Bapak/Ibu, untuk ${reference}: syarat PBG adalah KTP dan gambar rencana.`, SLOW);
    // Escape closes the list and leaves the text as typed.
    await box.fill('');
    await box.pressSequentially('/');
    await list.waitFor();
    await box.press('Escape');
    await list.waitFor({ state: 'detached' });
    expect(await box.inputValue()).toBe('/');
    await box.fill('');
  });

  it('has no serious accessibility violation on the inbox; screenshots on a laptop', async () => {
    const violations = seriousOnly(await runAxe(agent));
    expect(violations).toEqual([]);
    await agent.screenshot({ path: join(ARTIFACTS, 'console-laptop-conversation.png') });
    await agent.getByRole('button', { name: 'Info warga' }).click();
    await agent.getByRole('heading', { name: 'Info warga' }).waitFor();
    await agent.getByText('Percakapan (1)').waitFor();
    await agent.screenshot({ path: join(ARTIFACTS, 'console-laptop-contact.png') });
    expect(seriousOnly(await runAxe(agent))).toEqual([]);
  });

  it('works on a phone: the list, then one conversation at a time', async () => {
    const { ctx, page } = await newPage(PHONE);
    await signIn(page, 'agen@demo.sipinter.id');
    await row(page, conversationId).waitFor();
    expect(await page.locator('.conv-main').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'console-phone-inbox.png') });
    expect(seriousOnly(await runAxe(page))).toEqual([]);
    await row(page, conversationId).click();
    await page.getByRole('log', { name: 'Riwayat pesan' }).locator('[data-sender="agent"]').first().waitFor();
    expect(await page.locator('.inbox').isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: '← Daftar' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'console-phone-conversation.png') });
    await ctx.close();
  });

  it('keeps an agency officer out of a conversation not referred to them (UI and API), until it is', async () => {
    const pupr = await apiToken('pupr@demo.sipinter.id');
    const denied = await fetch(`${hub.url}/api/conversations/${conversationId}`, { headers: { Authorization: `Bearer ${pupr}` } });
    expect([403, 404]).toContain(denied.status);
    const list = await fetch(`${hub.url}/api/conversations`, { headers: { Authorization: `Bearer ${pupr}` } });
    expect(((await list.json()) as { items: { id: string }[] }).items.map((c) => c.id)).not.toContain(conversationId);

    const { ctx, page } = await newPage(LAPTOP);
    await signIn(page, 'pupr@demo.sipinter.id', `/console/c/${conversationId}`);
    const alert = page.getByRole('alert').filter({ hasText: 'Percakapan tidak dapat dibuka' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/tidak dirujuk ke PUPR/);
    expect(await page.getByRole('log', { name: 'Riwayat pesan' }).count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'console-agency-denied.png') });

    // The agent refers it to PUPR from the UI; the officer now sees it live and can open it.
    await agent.getByRole('button', { name: 'Rujuk ke dinas…' }).click();
    const dialog = agent.getByRole('dialog', { name: 'Rujuk ke dinas teknis' });
    await dialog.getByLabel('Dinas', { exact: true }).selectOption('PUPR');
    await dialog.getByLabel('Pertanyaan untuk dinas').fill('Apakah KRK diperlukan untuk rumah tinggal 1 lantai?');
    await dialog.getByRole('button', { name: 'Rujuk' }).click();
    await dialog.waitFor({ state: 'detached' });
    await agent.locator('.referral').filter({ hasText: 'Rujukan ke PUPR' }).waitFor();

    // The open page turns into the conversation by itself, and the inbox lists it.
    await page.getByRole('log', { name: 'Riwayat pesan' }).locator('[data-sender="citizen"]').first().waitFor();
    await row(page, conversationId).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'console-agency-referred.png') });
    await page.getByLabel('Jawaban PUPR').fill('Untuk rumah tinggal 1 lantai cukup KKPR dari OSS.');
    await page.getByRole('button', { name: 'Kirim jawaban' }).click();
    await agent.locator('.referral').filter({ hasText: 'Dijawab' }).waitFor();
    await ctx.close();
  });

  it('serves a walk-in visitor at the MPP counter: register, permit status, note, hand over', async () => {
    const { ctx, page } = await newPage(LAPTOP);
    await signIn(page, 'loket@demo.sipinter.id');
    await page.waitForURL('**/console/loket');
    await page.getByLabel('Nama').fill('Siti Aminah');
    await page.getByLabel('Nomor HP (opsional)').fill('0812 3456 7890');
    await page.getByLabel('Keperluan').fill('Tanya status PBG');
    await page.getByRole('button', { name: 'Daftarkan dan layani' }).click();
    await page.waitForURL(/\/console\/loket\/[0-9a-f-]{36}$/);
    const log = page.getByRole('log', { name: 'Riwayat pesan' });
    await log.locator('[data-private="true"]').filter({ hasText: 'Tanya status PBG' }).waitFor();
    await page.getByRole('heading', { name: 'Siti Aminah' }).waitFor();

    await page.getByLabel('Nomor permohonan').fill('PBG/2025/10/00456');
    await page.getByRole('button', { name: 'Cek', exact: true }).click();
    await page.locator('.facts.permit').getByText('PBG/2025/10/00456').waitFor();

    await page.getByRole('radio', { name: 'Catatan internal' }).check();
    await page.getByLabel('Tulis catatan internal').fill('Status PBG dijelaskan; berkas gambar rencana perlu diperbaiki.');
    await page.getByRole('button', { name: 'Simpan catatan' }).click();
    await log.locator('[data-private="true"]').filter({ hasText: 'gambar rencana perlu' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'console-counter.png') });
    expect(seriousOnly(await runAxe(page))).toEqual([]);

    await page.getByRole('button', { name: 'Alihkan tim…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Alihkan ke tim lain' });
    await dialog.getByLabel('Catatan untuk tim (opsional)').fill('Mohon bantu cek gambar rencana.');
    await dialog.getByRole('button', { name: 'Alihkan' }).click();
    await log.locator('[data-private="true"]').filter({ hasText: 'Dialihkan ke tim' }).waitFor();
    await ctx.close();
  });

  it('shows the supervisor queues per team, who is online, and late work', async () => {
    const { ctx, page } = await newPage(LAPTOP);
    await signIn(page, 'supervisor@demo.sipinter.id', '/console/supervisor');
    await page.getByRole('heading', { name: 'Antrean per tim' }).waitFor();
    const online = page.locator('section', { has: page.getByRole('heading', { name: /Petugas daring/ }) });
    await online.getByText('Agen Demo').waitFor();
    expect(await page.getByRole('table').locator('tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'console-supervisor.png') });
    expect(seriousOnly(await runAxe(page))).toEqual([]);
    await ctx.close();
  });

  it('resolves and reopens from the action bar', async () => {
    await agent.getByRole('button', { name: 'Selesaikan' }).click();
    await agent.locator('.conv-head .chip.st-resolved').waitFor();
    expect(await agent.getByLabel('Tulis balasan').isDisabled()).toBe(true);
    await agent.getByRole('button', { name: 'Buka lagi' }).click();
    await agent.getByRole('button', { name: 'Selesaikan' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
