import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { ARTIFACTS, AxeViolation, CHROMIUM_ARGS, CHROMIUM_PATH, runAxe, seriousOnly } from '../support/browser';
import { ConsoleApi, DEMO } from '../support/console-client';
import { eventually, HubEnv, HubProcess } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

/**
 * Issue 17, "Counter, supervisor, agency officer", in a real Chromium against
 * a demo hub: the counter officer on a 1366×768 laptop (a mistyped application
 * number, its close matches, the result attached to the visit's note, no
 * "Balas", the last visits in view), the supervisor's Kanal page in Indonesian,
 * and the agency officer's referral list and what notes they see.
 * Screenshots in test-artifacts/roles-*.png; axe on every page and state.
 */
jest.setTimeout(240_000);

const SLOW = 30_000;
const PASSWORD = 'demo-sipinter-2025';
const LAPTOP = { width: 1366, height: 768 };

describe('counter, supervisor and agency officer in a browser', () => {
  let env: HubEnv;
  let hub: HubProcess;
  let browser: Browser;
  const pageErrors: string[] = [];
  const citizens: WebchatClient[] = [];

  async function signIn(email: string, path = '/console/'): Promise<Page> {
    const ctx = await browser.newContext({ viewport: LAPTOP, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
    ctx.setDefaultTimeout(SLOW);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${hub.url}${path}`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Kata sandi').fill(PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('status').filter({ hasText: 'Terhubung' }).waitFor();
    return page;
  }

  /** No serious or critical axe violation; the rest printed, so they are seen. */
  async function axeClean(page: Page, state: string): Promise<void> {
    const all: AxeViolation[] = await runAxe(page);
    if (all.length) console.log(`axe (${state}): ${all.map((v) => `${v.impact} ${v.id}`).join(', ')}`);
    expect(seriousOnly(all)).toEqual([]);
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `roles-${name}.png`) });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    env = new HubEnv('sqlite', { DEMO_MODE: 'true' });
    [hub, browser] = await Promise.all([env.start('all'), chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })]);
  });

  afterAll(async () => {
    citizens.forEach((c) => c.close());
    await browser?.close().catch(() => undefined);
    await env?.stop();
  });

  afterEach(() => expect(pageErrors).toEqual([]));

  it('counter at 1366×768: close matches for a mistyped number, the result attached to the visit, no "Balas", last visits in view', async () => {
    const page = await signIn(DEMO.counter);
    await page.waitForURL(/\/loket$/);
    // A few earlier visits, so the list has something to keep in view.
    const api = await ConsoleApi.login(hub.url, DEMO.counter);
    for (const name of ['Ahmad Fauzi', 'Rina Marlina', 'Joko Susilo']) {
      const v = await api.post('/api/counter/visitors', { name });
      expect((await api.post('/api/counter/conversations', { contactId: v.body.contact.id, subject: 'Tanya syarat' })).status).toBe(201);
    }
    await page.getByLabel('Nama').fill('Dewi Lestari');
    await page.getByLabel('Nomor HP').fill('081398760001');
    await page.getByLabel('Keperluan').fill('Cek status SIP dokter');
    await page.getByRole('button', { name: 'Daftarkan dan layani' }).click();
    await page.waitForURL(/\/loket\/[0-9a-f-]{36}$/);
    const visitId = /\/loket\/([0-9a-f-]{36})$/.exec(page.url())![1];
    await page.locator('.thread [data-private="true"]').first().waitFor();

    // No chat at the desk: the composer offers the note only.
    await expect(page.getByRole('radio', { name: 'Balas' }).count()).resolves.toBe(0);
    await expect(page.getByRole('radio', { name: 'Catatan internal' }).isChecked()).resolves.toBe(true);

    // Two digits swapped.
    await page.getByLabel('Nomor permohonan').fill('SIP-2025-000132');
    await page.getByRole('button', { name: 'Cek', exact: true }).click();
    await page.getByText('Nomor permohonan tidak ditemukan.').waitFor();
    const suggestion = page.locator('button.suggestion', { hasText: 'SIP-2025-000123' });
    await suggestion.waitFor();
    await expect(suggestion.innerText()).resolves.toMatch(/Surat Izin Praktik \(SIP\) Dokter · Pemeriksaan \(verifikasi\) berkas/);
    // Number, type and stage only: no applicant's name before the officer picks one.
    await expect(page.locator('.suggestions').innerText()).resolves.not.toMatch(/Siti Rahmawati/);
    await shot(page, 'counter-suggestions');
    await axeClean(page, 'counter suggestions');

    await suggestion.click();
    await page.locator('#permit-result').getByText('dr. Siti Rahmawati').waitFor();
    await expect(page.getByLabel('Nomor permohonan').inputValue()).resolves.toBe('SIP-2025-000123');
    await page.getByRole('button', { name: 'Lampirkan ke catatan kunjungan' }).click();
    const note = page.locator('.thread [data-private="true"]', { hasText: 'Cek status izin SIP-2025-000123' });
    await note.waitFor();
    await expect(note.innerText()).resolves.toMatch(/Pemeriksaan \(verifikasi\) berkas[\s\S]*Target selesai/);
    await page.getByRole('button', { name: 'Sudah dilampirkan ke catatan' }).waitFor();
    const stored = (await api.get(`/api/conversations/${visitId}`)).body.messages as { text: string; isPrivate: boolean }[];
    expect(stored.filter((m) => m.isPrivate && m.text.startsWith('Cek status izin SIP-2025-000123'))).toHaveLength(1);

    // The last visits stay above the fold with the look-up result open.
    const list = page.locator('.counter-visits');
    const box = (await list.boundingBox())!;
    expect(box.y).toBeGreaterThan(0);
    expect(box.y + 80).toBeLessThan(LAPTOP.height);
    for (const name of ['Dewi Lestari', 'Joko Susilo']) {
      const b = (await list.getByRole('link', { name }).boundingBox())!;
      expect(b.y + b.height).toBeLessThanOrEqual(LAPTOP.height);
    }
    await shot(page, 'counter-attached');
    await axeClean(page, 'counter with result attached');
    await page.context().close();
  });

  it('supervisor: the Kanal page says in Indonesian what is not configured, the variable as a detail', async () => {
    const page = await signIn(DEMO.supervisor, '/console/kanal');
    const telegram = page.locator('tr[data-channel="telegram"]');
    await telegram.waitFor();
    await expect(telegram.innerText()).resolves.toMatch(/Tidak dipakai[\s\S]*Token bot Telegram belum diisi\./);
    await expect(telegram.locator('code').innerText()).resolves.toBe('TELEGRAM_BOT_TOKEN');
    await expect(page.locator('table').innerText()).resolves.not.toMatch(/is not set|not configured/);
    // /health keeps its English detail for monitoring; the Indonesian message is beside it.
    const health = (await (await fetch(`${hub.url}/health`)).json()) as { info: { channels: { channels: Record<string, Record<string, unknown>> } } };
    expect(health.info.channels.channels.telegram).toEqual(
      expect.objectContaining({ detail: 'TELEGRAM_BOT_TOKEN is not set', message: 'Token bot Telegram belum diisi.', variables: ['TELEGRAM_BOT_TOKEN'] }),
    );
    await shot(page, 'supervisor-kanal');
    await axeClean(page, 'Kanal page');
    await page.context().close();
  });

  it('agency officer: referrals with status and due date (overdue highlighted), tabs of the role, only notes marked for the agency', async () => {
    const supervisor = await ConsoleApi.login(hub.url, DEMO.supervisor);
    const refer = async (clientId: string, question: string) => {
      const citizen = new WebchatClient(hub.url);
      citizens.push(citizen);
      await citizen.ready();
      await citizen.send({ clientMessageId: clientId, text: 'saya mau bicara dengan petugas' });
      const id = citizen.session!.conversationId;
      await eventually(async () => (await supervisor.get(`/api/conversations/${id}`)).body?.conversation?.status === 'pending');
      const r = await supervisor.post(`/api/conversations/${id}/refer`, { agencyCode: 'PUPR', question, workingDays: 3 });
      expect(r.status).toBe(201);
      return { conversationId: id, referralId: r.body.id as string };
    };
    const late = await refer('ag-1', 'Apakah GSB 5 meter berlaku untuk jalan desa?');
    const fresh = await refer('ag-2', 'Mohon rekomendasi teknis drainase ruko.');
    // The first is past due: its due time is moved to when it was made.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await env.exec('UPDATE agency_referrals SET due_at = created_at, due_date = ? WHERE id = ?', [yesterday, late.referralId]);
    await supervisor.post(`/api/conversations/${fresh.conversationId}/notes`, { text: 'Untuk dinas: denah drainase sudah diunggah warga.', forAgency: true });
    await supervisor.post(`/api/conversations/${fresh.conversationId}/notes`, { text: 'Internal: warga pernah komplain soal petugas lapangan.' });

    const page = await signIn(DEMO.agency);
    const list = page.locator('.agency-inbox');
    await list.locator(`[data-referral-id="${fresh.referralId}"]`).waitFor();
    // Tabs of the role, not the agents' ones.
    const tabs = await list.locator('.tabs button').allInnerTexts();
    expect(tabs).toEqual(['Rujukan masuk', 'Lewat tenggat', 'Selesai']);
    const lateRow = list.locator(`[data-referral-id="${late.referralId}"]`);
    await expect(lateRow.innerText()).resolves.toMatch(/Lewat tenggat[\s\S]*Tenggat/);
    await expect(lateRow.getAttribute('class')).resolves.toMatch(/overdue/);
    await expect(list.locator(`[data-referral-id="${fresh.referralId}"]`).innerText()).resolves.toMatch(
      /Menunggu jawaban[\s\S]*Tenggat \w+, \d{1,2} \w+ \d{4}/,
    );
    await shot(page, 'agency-referrals');
    await axeClean(page, 'agency referral list');

    await page.getByRole('button', { name: 'Lewat tenggat' }).click();
    await eventually(async () => (await list.locator('[data-referral-id]').count()) === 1);
    await expect(list.locator('[data-referral-id]').getAttribute('data-referral-id')).resolves.toBe(late.referralId);
    await axeClean(page, 'agency overdue tab');

    await page.getByRole('button', { name: 'Rujukan masuk' }).click();
    await list.locator(`[data-referral-id="${fresh.referralId}"]`).click();
    const thread = page.locator('.thread');
    await thread.getByText('Untuk dinas: denah drainase sudah diunggah warga.').waitFor();
    await thread.getByText(/Dirujuk ke PUPR oleh/).waitFor();
    await expect(thread.innerText()).resolves.not.toMatch(/komplain soal petugas/);
    await shot(page, 'agency-conversation');
    await axeClean(page, 'agency conversation');
    await page.context().close();

    // The help desk sees both notes, the one for the agency marked so.
    const sup = await signIn(DEMO.supervisor, `/console/c/${fresh.conversationId}`);
    const supThread = sup.locator('.thread');
    await supThread.getByText(/komplain soal petugas/).waitFor();
    await expect(supThread.locator('[data-private="true"]', { hasText: 'denah drainase' }).innerText()).resolves.toMatch(/ditampilkan ke dinas/);
    await sup.getByRole('radio', { name: 'Catatan internal' }).check();
    await sup.getByLabel('Tampilkan ke dinas').check();
    await sup.getByText('Terlihat oleh petugas dan dinas yang dirujuk.').waitFor();
    await shot(sup, 'supervisor-note-for-agency');
    await axeClean(sup, 'supervisor note composer with the agency option');
    await sup.context().close();
  });
});
