import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

  const kbExport = (out: string) =>
    run(process.execPath, ['-r', '@swc-node/register', 'src/cli/kb-export.ts', '--out', out], {
      cwd: ROOT,
      env: env.env({}),
      timeout: scaledDeadline(120_000),
    });

  it(
    'copies pictures from DIR/media into the store, refuses a missing one, and kb:export writes them back beside the Markdown',
    async () => {
      cpSync(join(ROOT, 'knowledge-base', 'jam-layanan.md'), join(dir, 'jam-layanan.md'));
      // A real PNG of a few bytes is enough: the hub checks its signature and its hash.
      const png = readFileSync(
        join(
          ROOT,
          'knowledge-base',
          'media',
          readdirSync(join(ROOT, 'knowledge-base', 'media')).find((n) => n.endsWith('.png'))!,
        ),
      );
      const copy = Buffer.concat([png, Buffer.from('extra bytes after IEND change the hash')]);
      const name = `${createHash('sha256').update(copy).digest('hex')}.png`;
      const file = join(dir, 'parkir-mpp.md');
      const withPicture = readFileSync(file, 'utf8').replace(
        /^---\n/,
        `---\nmedia:\n  - type: image\n    url: /media/kb/${name}\n    alt: "Denah parkir MPP"\n`,
      );
      writeFileSync(file, withPicture);
      // Not in DIR/media yet: refused, naming the entry and the field, nothing imported.
      await expect(kbImport('--publish')).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/parkir-mpp\.md: media\[0\]\.url: picture .* not found/),
      });
      writeFileSync(join(dir, 'media', name), copy);
      const done = await kbImport('--publish');
      expect(done.stdout).toMatch(/parkir-mpp: published \(versi 2\)/);
      expect(readFileSync(join(env.dataDir, 'media', 'kb', name)).equals(copy)).toBe(true);
      const served = await fetch(`${hub.url}/media/kb/${name}`);
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).equals(copy)).toBe(true);

      const out = mkdtempSync(join(tmpdir(), 'kb-export-'));
      const exported = await kbExport(out);
      expect(exported.stdout).toMatch(/published entries written to .*, 2 pictures to/);
      expect(readFileSync(join(out, 'media', name)).equals(copy)).toBe(true);
      expect(readFileSync(join(out, 'parkir-mpp.md'), 'utf8')).toContain(`url: /media/kb/${name}`);
      // The export is importable as it is: the round trip for offices that keep the knowledge base in git.
      expect(readdirSync(join(out, 'media')).sort()).toEqual(
        readdirSync(join(dir, 'media'))
          .filter((n) => n.endsWith('.png'))
          .sort(),
      );
    },
    scaledDeadline(180_000),
  );
});
