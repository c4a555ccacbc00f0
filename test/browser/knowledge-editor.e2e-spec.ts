import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM_ARGS, CHROMIUM_PATH, runAxe, seriousOnly } from '../support/browser';
import { HubEnv, HubProcess } from '../support/hub-process';

/**
 * The console's "Pengetahuan" page in Chromium: an officer drafts an entry,
 * sees the field-level error from the hub, fixes it, tries the bot, and a
 * supervisor publishes it and sees the history; axe finds nothing serious.
 */
jest.setTimeout(180_000);
const SLOW = 30_000;

describe('knowledge editor in a browser', () => {
  let env: HubEnv;
  let hub: HubProcess;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    env = new HubEnv('sqlite', { DEMO_MODE: 'true' });
    hub = await env.start('all');
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'id-ID' });
    ctx.setDefaultTimeout(SLOW);
    page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  async function signIn(email: string) {
    await page.goto(`${hub.url}/console/pengetahuan`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Kata sandi').fill('demo-sipinter-2025');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('heading', { name: 'Pengetahuan', level: 1 }).waitFor();
  }

  it('an agent drafts an entry, sees the error next to the field, and tries the bot', async () => {
    await signIn('agen@demo.sipinter.id');
    await page.getByRole('heading', { name: /Entri \(\d+\)/ }).waitFor();
    await page.getByRole('button', { name: 'Entri baru' }).click();
    await page.getByLabel('Id (nama berkas)').fill('parkir-mpp');
    await page.getByLabel('Judul', { exact: true }).fill('Parkir di MPP');
    await page.getByLabel(/Contoh pertanyaan/).fill('parkir di mpp dimana\nparkir motor mpp');
    await page.getByLabel('Jawaban (bahasa Indonesia)').fill('Parkir gratis tersedia di halaman depan gedung MPP.');
    await page.getByRole('button', { name: 'Simpan draf' }).click();
    const err = page.locator('#kb-questions-err');
    await err.waitFor();
    expect(await err.innerText()).toMatch(/minimal 6/);
    expect(await page.getByLabel(/Contoh pertanyaan/).getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: join(ARTIFACTS, 'knowledge-editor-error.png'), fullPage: true });

    await page
      .getByLabel(/Contoh pertanyaan/)
      .fill(
        [
          'apakah ada tempat parkir di mal pelayanan publik',
          'parkir motor di mpp dimana',
          'boleh parkir mobil di gedung mpp?',
          'parkiran mpp bayar atau gratis',
          'where can I park at the public service mall',
          'lahan parkir mpp tangerang ada?',
        ].join('\n'),
      );
    await page.getByRole('button', { name: 'Simpan draf' }).click();
    await page
      .getByRole('heading', { name: 'Ubah: Parkir di MPP' })
      .waitFor()
      .catch(async (e: Error) => {
        await page.screenshot({ path: join(ARTIFACTS, 'knowledge-editor-save-failed.png') });
        throw new Error(`${e.message}\n${(await page.locator('body').innerText()).slice(-600)}`);
      });
    expect(await page.locator('.kb-edit').innerText()).toMatch(/ada draf yang belum diterbitkan/);
    // An agent drafts but cannot publish.
    expect(await page.getByRole('button', { name: 'Terbitkan' }).count()).toBe(0);

    await page.getByLabel('Pertanyaan warga').fill('di mpp bisa parkir motor ga');
    await page.getByRole('button', { name: 'Coba', exact: true }).click();
    const result = page.locator('.try-result');
    await result.waitFor();
    expect(await result.innerText()).toMatch(/Dengan draf\s+Parkir di MPP/);
    await page.screenshot({ path: join(ARTIFACTS, 'knowledge-editor-draft.png'), fullPage: true });
    expect(seriousOnly(await runAxe(page))).toEqual([]);
  });

  it('a supervisor publishes it and sees the version history; the office values show samples', async () => {
    await page.getByRole('button', { name: 'Keluar' }).click();
    await signIn('supervisor@demo.sipinter.id');
    await page.getByLabel('Cari entri').fill('parkir');
    await page.getByRole('button', { name: 'Parkir di MPP' }).click();
    await page.getByRole('heading', { name: 'Ubah: Parkir di MPP' }).waitFor();
    page.once('dialog', (d) => void d.accept('entri baru'));
    await page.getByRole('button', { name: 'Terbitkan' }).click();
    await page.getByRole('heading', { name: 'Riwayat versi' }).waitFor();
    expect(await page.locator('.kb-edit table').innerText()).toMatch(/1 \(terbit\)[\s\S]*entri baru/);
    await page.screenshot({ path: join(ARTIFACTS, 'knowledge-editor-published.png'), fullPage: true });
    expect(seriousOnly(await runAxe(page))).toEqual([]);

    await page.getByRole('tab', { name: 'Data kantor' }).click();
    await page.getByRole('heading', { name: 'Data kantor' }).waitFor();
    expect(await page.locator('.knowledge-page').innerText()).toMatch(/contoh \(mode demo\)/);
    await page.screenshot({ path: join(ARTIFACTS, 'knowledge-office-values.png') });
    expect(seriousOnly(await runAxe(page))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
