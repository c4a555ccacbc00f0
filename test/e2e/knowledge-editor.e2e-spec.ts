import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleApi, DEMO } from '../support/console-client';
import { HubEnv, HubProcess, ROOT } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

/**
 * The knowledge-base contract end to end on a hub of one api and two worker
 * processes (PostgreSQL): a draft never reaches a citizen, a publication does
 * within 5 s on every worker, a rollback and an unpublish take it back, a
 * missing office value never shows, and the roles hold.
 */
describe('knowledge editor (api + 2 workers, postgres)', () => {
  let env: HubEnv;
  let api: HubProcess;
  let admin: ConsoleApi;
  let supervisor: ConsoleApi;
  let agent: ConsoleApi;
  let agency: ConsoleApi;
  const clients: WebchatClient[] = [];

  const ID = 'parkir-mpp';
  const questions = [
    'apakah ada tempat parkir di mal pelayanan publik',
    'parkir motor di mpp dimana',
    'boleh parkir mobil di gedung mpp?',
    'parkiran mpp bayar atau gratis',
    'where can I park at the public service mall',
    'lahan parkir mpp tangerang ada?',
  ];
  const entry = (answer: string) => ({
    id: ID,
    title: 'Parkir di MPP',
    questions,
    answer,
    links: [{ label: 'SIMBG', url: '{{links.simbg}}' }],
  });
  // The second sentence needs a value nobody filled in (office.parking_fee stays "[ISI OLEH KANTOR …]").
  const ANSWER_A = 'Parkir gratis tersedia di halaman depan gedung MPP untuk motor dan mobil. Tarif parkir malam: {{office.parking_fee}}.';
  const ANSWER_B = 'Parkir kini dipindah ke gedung parkir baru di sisi timur MPP, masuk dari gerbang dua.';

  /** A fresh citizen (a new conversation, so misunderstood turns never hand off) asks once. */
  async function citizenAsks(text: string): Promise<string> {
    const c = new WebchatClient(api.url);
    clients.push(c);
    await c.ready();
    const r = await c.ask(text);
    c.close();
    return r.text;
  }

  async function answeredWithin(ms: number, text: string, pattern: RegExp): Promise<number> {
    const started = Date.now();
    for (;;) {
      const reply = await citizenAsks(text);
      if (pattern.test(reply)) return Date.now() - started;
      if (Date.now() - started > ms) throw new Error(`not answered within ${ms} ms; last reply: ${reply.slice(0, 120)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'office-'));
    const office = join(dir, 'office.yaml');
    writeFileSync(
      office,
      readFileSync(join(ROOT, 'config/office.yaml'), 'utf8').replace('office:\n', 'office:\n  parking_fee: "[ISI OLEH KANTOR: tarif parkir malam]"\n'),
    );
    env = new HubEnv('postgres', { DEMO_MODE: 'true', OFFICE_CONFIG: office });
    api = await env.start('api');
    await Promise.all([env.start('worker'), env.start('worker')]);
    [admin, supervisor, agent, agency] = await Promise.all([DEMO.admin, DEMO.supervisor, DEMO.agent, DEMO.agency].map((e) => ConsoleApi.login(api.url, e)));
  }, 120_000);
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await env?.stop();
  });

  it('imported knowledge-base/ at the first start and lists it', async () => {
    const r = await agent.get('/api/knowledge/entries');
    expect(r.status).toBe(200);
    expect(r.body.length).toBeGreaterThan(30);
    expect(r.body.find((e: { id: string }) => e.id === 'pbg-biaya')).toEqual({
      id: 'pbg-biaya',
      title: expect.any(String),
      status: 'published',
      version: 1,
      draft: false,
    });
  });

  it('refuses invalid entries with 400 naming the field, in Indonesian, and stores nothing', async () => {
    const few = await agent.post('/api/knowledge/entries', { ...entry(ANSWER_A), questions: questions.slice(0, 3) });
    expect(few.status).toBe(400);
    expect(few.body.issues).toEqual([{ path: 'questions', message: expect.stringMatching(/questions.*minimal 6/) }]);
    const noTitle = await agent.post('/api/knowledge/entries', { ...entry(ANSWER_A), title: ' ' });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.issues[0]).toMatchObject({ path: 'title', message: expect.stringMatching(/wajib diisi/) });
    const unknown = await agent.post('/api/knowledge/entries', entry('Lihat {{office.tidak_ada}}.'));
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues[0]).toMatchObject({ path: 'answer', message: expect.stringMatching(/tidak dikenal/) });
    const badId = await agent.post('/api/knowledge/entries', { ...entry(ANSWER_A), id: 'Parkir MPP' });
    expect(badId.status).toBe(400);
    expect(badId.body.issues[0].path).toBe('id');
    const badMedia = await agent.post('/api/knowledge/entries', { ...entry(ANSWER_A), media: [{ type: 'image', url: 'https://contoh.example.org/a.png' }] });
    expect(badMedia.status).toBe(400);
    // An image from elsewhere is refused (the hub cannot vouch for its size and type), and the missing alt text too.
    expect(badMedia.body.issues).toEqual([
      { path: 'media[0].url', message: expect.stringMatching(/alamat luar tidak diterima/) },
      { path: 'media[0].alt', message: expect.stringMatching(/teks alternatif gambar\) wajib diisi/) },
    ]);
    expect((await agent.get(`/api/knowledge/entries/${ID}`)).status).toBe(404);
  });

  it('lets an agent draft but not publish; an agency officer neither reads nor edits', async () => {
    const created = await agent.post('/api/knowledge/entries', entry(ANSWER_A));
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: ID, title: 'Parkir di MPP', status: 'draft', version: null });
    expect((await agent.post(`/api/knowledge/entries/${ID}/publish`, {})).status).toBe(403);
    expect((await agent.req('DELETE', `/api/knowledge/entries/${ID}`)).status).toBe(403);
    expect((await agency.post('/api/knowledge/entries', entry(ANSWER_A))).status).toBe(403);
    expect((await agency.req('PUT', `/api/knowledge/entries/${ID}`, entry(ANSWER_B))).status).toBe(403);
    expect((await agency.get('/api/knowledge/entries')).status).toBe(403);
    expect((await agent.req('PUT', '/api/knowledge/office-values', { values: { 'office.phone': '(021) 5990-0002' } })).status).toBe(403);
  });

  it('never answers a citizen from a draft; "coba bot" shows the draft would answer', async () => {
    const tried = await agent.post('/api/knowledge/try', { question: 'di mpp bisa parkir motor ga' });
    expect(tried.status).toBe(200);
    expect(tried.body.draft.label).toBe(ID);
    expect(tried.body.published.label).not.toBe(ID);
    const impact = await agent.get(`/api/knowledge/impact?entryId=${ID}`);
    expect(impact.status).toBe(200);
    expect(impact.body.checked).toBeGreaterThan(200);
    expect(await citizenAsks('di mpp bisa parkir motor ga')).not.toMatch(/halaman depan gedung MPP/);
  }, 60_000);

  it('answers a paraphrase within 5 s of publishing, on both workers, without any placeholder', async () => {
    const pub = await supervisor.post(`/api/knowledge/entries/${ID}/publish`, { note: 'entri baru' });
    expect(pub.status).toBe(200);
    expect(pub.body).toEqual({ version: 1 });
    const took = await answeredWithin(5000, 'di mpp bisa parkir motor ga', /halaman depan gedung MPP/);
    expect(took).toBeLessThan(5000);
    // Several fresh conversations: whichever worker takes them has the new entry.
    for (let i = 0; i < 4; i++) {
      const reply = await citizenAsks('di mpp bisa parkir motor ga');
      expect(reply).toMatch(/halaman depan gedung MPP/);
      expect(reply).toMatch(/silakan hubungi kantor/);
      expect(reply).not.toMatch(/\{\{|\}\}|ISI OLEH KANTOR|Tarif parkir malam/);
      expect(reply).toMatch(/simbg\.pu\.go\.id/);
    }
  }, 60_000);

  it('publishes a new version, rolls back to the first, and unpublishing stops it', async () => {
    expect((await agent.req('PUT', `/api/knowledge/entries/${ID}`, { ...entry(ANSWER_B), id: undefined })).status).toBe(200);
    // The draft changes nothing for citizens until it is published.
    expect(await citizenAsks('di mpp bisa parkir motor ga')).toMatch(/halaman depan gedung MPP/);
    expect((await supervisor.post(`/api/knowledge/entries/${ID}/publish`, { note: 'pindah gedung' })).body).toEqual({ version: 2 });
    await answeredWithin(5000, 'di mpp bisa parkir motor ga', /gedung parkir baru/);

    const diff = await agent.get(`/api/knowledge/entries/${ID}/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    expect(diff.body.diff).toMatch(/^-.*halaman depan/m);
    expect(diff.body.diff).toMatch(/^\+.*gedung parkir baru/m);

    const back = await admin.post(`/api/knowledge/entries/${ID}/rollback`, { version: 1 });
    expect(back.body).toEqual({ version: 3 });
    await answeredWithin(5000, 'di mpp bisa parkir motor ga', /halaman depan gedung MPP/);
    const versions = await agent.get(`/api/knowledge/entries/${ID}/versions`);
    expect(versions.body.map((v: { version: number; note: string; author: string }) => [v.version, v.note])).toEqual([
      [3, 'kembali ke versi 1'],
      [2, 'pindah gedung'],
      [1, 'entri baru'],
    ]);
    expect(versions.body[0]).toMatchObject({ current: true, author: expect.any(String), at: expect.any(String) });
    expect((await supervisor.post(`/api/knowledge/entries/${ID}/rollback`, { version: 9 })).status).toBe(404);

    expect((await supervisor.req('DELETE', `/api/knowledge/entries/${ID}`)).status).toBe(200);
    await answeredWithin(5000, 'di mpp bisa parkir motor ga', /^(?![\s\S]*halaman depan gedung MPP)/);
    const listed = (await agent.get('/api/knowledge/entries')).body.find((e: { id: string }) => e.id === ID);
    expect(listed).toMatchObject({ status: 'unpublished', version: null });
  }, 90_000);

  it('lists missing office values on /health; admins edit them (validated, versioned), supervisors cannot', async () => {
    const health = await (await fetch(`${api.url}/health`)).json();
    expect(health.info.officeValues.missing).toContain('office.parking_fee');
    const values = await supervisor.get('/api/knowledge/office-values');
    expect(values.status).toBe(200);
    expect(values.body.values.find((v: { key: string }) => v.key === 'office.phone')).toMatchObject({ sample: true, missing: false });
    expect((await supervisor.req('PUT', '/api/knowledge/office-values', { values: { 'office.phone': '(021) 5990-0002' } })).status).toBe(403);
    const bad = await admin.req('PUT', '/api/knowledge/office-values', {
      values: { 'office.phone': 'telepon kami', 'links.sipinter': 'sipinter', 'office.hours': 'pagi' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['links.sipinter', 'office.hours', 'office.phone']);
    const ok = await admin.req('PUT', '/api/knowledge/office-values', { values: { 'office.parking_fee': 'Rp2.000 per jam' }, note: 'tarif parkir' });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(2);
    const after = await (await fetch(`${api.url}/health`)).json();
    expect(after.info.officeValues.missing).not.toContain('office.parking_fee');
  });
});
