import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConsoleApi, DEMO } from '../support/console-client';
import { HubEnv, HubProcess, ROOT, scaledDeadline } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

const run = promisify(execFile);

/**
 * npm run kb:import against a running hub's database: changed and new files
 * become drafts (citizens still get the published answer), --publish makes
 * them new versions the running hub answers with, and the history stays.
 */
describe('kb:import (sqlite)', () => {
  let env: HubEnv;
  let hub: HubProcess;
  let admin: ConsoleApi;
  const dir = mkdtempSync(join(tmpdir(), 'kb-import-'));

  beforeAll(async () => {
    env = new HubEnv('sqlite', { DEMO_MODE: 'true' });
    hub = await env.start('all');
    admin = await ConsoleApi.login(hub.url, DEMO.admin);
    cpSync(join(ROOT, 'knowledge-base'), dir, { recursive: true });
  }, scaledDeadline(120_000));
  afterAll(async () => {
    await env.stop();
  });

  const kbImport = (...args: string[]) =>
    run(process.execPath, ['-r', '@swc-node/register', 'src/cli/kb-import.ts', ...args], {
      cwd: ROOT,
      env: env.env({ KB_DIR: dir }),
      timeout: scaledDeadline(120_000),
    });

  async function citizenAsks(text: string): Promise<string> {
    const c = new WebchatClient(hub.url);
    await c.ready();
    try {
      return (await c.ask(text)).text;
    } finally {
      c.close();
    }
  }

  it(
    'imports changed and new files as drafts, publishes with --publish, keeps every version',
    async () => {
      const file = join(dir, 'jam-layanan.md');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^answer: \|\n/m, 'answer: |\n  Mulai bulan depan loket juga buka Sabtu pagi.\n'));
      writeFileSync(
        join(dir, 'parkir-mpp.md'),
        [
          '---',
          'id: parkir-mpp',
          'title: Parkir di MPP',
          'questions:',
          '  - apakah ada tempat parkir di mal pelayanan publik',
          '  - parkir motor di mpp dimana',
          '  - boleh parkir mobil di gedung mpp?',
          '  - parkiran mpp bayar atau gratis',
          '  - lahan parkir mpp tangerang ada?',
          '  - parkir mobil di mal pelayanan publik tangerang',
          'answer: |',
          '  Parkir gratis tersedia di halaman depan gedung MPP untuk motor dan mobil.',
          '---',
          '',
        ].join('\n'),
      );
      const drafted = await kbImport();
      expect(drafted.stdout).toMatch(/jam-layanan: drafted/);
      expect(drafted.stdout).toMatch(/parkir-mpp: created/);
      expect(drafted.stdout).toMatch(/0 published, \d+ unchanged/);
      const list = (await admin.get('/api/knowledge/entries')).body as Array<{ id: string; status: string; version: number | null; draft: boolean }>;
      expect(list.find((e) => e.id === 'parkir-mpp')).toMatchObject({ status: 'draft', version: null });
      expect(list.find((e) => e.id === 'jam-layanan')).toMatchObject({ status: 'published', version: 1, draft: true });
      // A draft never reaches a citizen.
      expect(await citizenAsks('parkir motor di mpp dimana')).not.toMatch(/halaman depan gedung MPP/);

      // The same files again: nothing new.
      expect((await kbImport()).stdout).toMatch(/0 new drafts, 0 drafts, 0 published/);

      const published = await kbImport('--publish', '--note', 'impor uji');
      expect(published.stdout).toMatch(/jam-layanan: published \(versi 2\)/);
      expect(published.stdout).toMatch(/parkir-mpp: published \(versi 1\)/);
      const versions = (await admin.get('/api/knowledge/entries/jam-layanan/versions')).body as Array<{
        version: number;
        note: string | null;
        current: boolean;
      }>;
      expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);
      expect(versions.find((v) => v.version === 2)).toMatchObject({ current: true, note: 'impor uji' });
      // The running hub hears the publication (Redis pub/sub) and answers with it.
      const deadline = Date.now() + scaledDeadline(5_000);
      let reply = '';
      while (Date.now() < deadline && !/halaman depan gedung MPP/.test(reply)) reply = await citizenAsks('parkir motor di mpp dimana');
      expect(reply).toMatch(/halaman depan gedung MPP/);
    },
    scaledDeadline(240_000),
  );

  it(
    'a broken file changes nothing and names the entry and the field',
    async () => {
      writeFileSync(join(dir, 'jam-layanan.md'), readFileSync(join(dir, 'jam-layanan.md'), 'utf8').replace(/^related: .*$/m, 'related: [tidak-ada-entri]'));
      const before = (await admin.get('/api/knowledge/entries')).body;
      await expect(kbImport('--publish')).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/jam-layanan.*tidak-ada-entri|related/) });
      expect((await admin.get('/api/knowledge/entries')).body).toEqual(before);
    },
    scaledDeadline(120_000),
  );
});
