import { ConsoleApi, DEMO } from '../support/console-client';
import { HubEnv, HubProcess, scaledDeadline } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

/** Waits for fn's value to satisfy ok, then returns it (the assertions after show what was there when time ran out). */
async function settle<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = scaledDeadline(15_000)): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Gap {
  id: string;
  count: number;
  examples: string[];
  status: string;
  entryId: string | null;
}

/**
 * Knowledge gaps into the knowledge base in one step: the masked examples
 * become questions of a new draft of an entry, or of a new draft entry, and
 * the gap is closed; bad input changes nothing; counter and agency officers
 * may not.
 */
describe('knowledge gaps into entries (sqlite)', () => {
  let env: HubEnv;
  let hub: HubProcess;
  let supervisor: ConsoleApi;
  let agent: ConsoleApi;
  let counter: ConsoleApi;
  let agency: ConsoleApi;
  const range = `from=${today()}&to=${today()}`;
  let train: Gap;
  let cinema: Gap;

  const citizen = async (text: string) => {
    const c = new WebchatClient(hub.url);
    await c.ready();
    await c.ask(text);
    c.close();
  };
  const openGaps = async () => (await supervisor.get<Gap[]>(`/api/reports/knowledge-gaps?${range}`)).body;

  beforeAll(async () => {
    env = new HubEnv('sqlite', { DEMO_MODE: 'true' });
    hub = await env.start('all');
    [supervisor, agent, counter, agency] = await Promise.all([DEMO.supervisor, DEMO.agent, DEMO.counter, DEMO.agency].map((e) => ConsoleApi.login(hub.url, e)));
    await citizen('kapan jadwal kereta cepat ke bandung, nama saya Budi Santoso');
    await citizen('jadwal kereta cepat ke bandung kapan ya? hp saya 081234567890');
    await citizen('harga tiket bioskop di tangerang berapa');
    await citizen('tiket bioskop tangerang harganya berapa ya');
    const gaps = await settle(openGaps, (b) => Array.isArray(b) && b.length === 2 && b[0].count === 2 && b[1].count === 2);
    train = gaps.find((g) => g.examples.some((e) => e.includes('kereta')))!;
    cinema = gaps.find((g) => g.examples.some((e) => e.includes('bioskop')))!;
    expect(train?.examples).toHaveLength(2);
    expect(cinema?.examples).toHaveLength(2);
  }, scaledDeadline(120_000));
  afterAll(async () => {
    await env.stop();
  });

  const entry = async (id: string) => (await supervisor.get(`/api/knowledge/entries/${id}`)).body;

  it('refuses bad input and other roles without changing anything', async () => {
    const before = await entry('jam-layanan');
    const post = (who: ConsoleApi, gap: string, path: string, body: unknown) => who.post(`/api/reports/knowledge-gaps/${gap}/${path}`, body);
    expect((await post(agent, train.id, 'add-to-entry', {})).body.issues[0]).toMatchObject({ path: 'entryId' });
    expect((await post(agent, train.id, 'add-to-entry', { entryId: 'Jam Layanan' })).status).toBe(400);
    expect((await post(agent, train.id, 'add-to-entry', { entryId: 'jam-layanan', questions: ['ok'] })).body.issues[0]).toMatchObject({ path: 'questions.0' });
    expect((await post(agent, train.id, 'add-to-entry', { entryId: 'tidak-ada' })).status).toBe(404);
    expect((await post(agent, '00000000-0000-4000-8000-000000000000', 'add-to-entry', { entryId: 'jam-layanan' })).status).toBe(404);
    // The editor's rules: six questions at least, an answer; the field is named.
    const few = await post(agent, cinema.id, 'new-entry', { id: 'tiket-bioskop', title: 'Tiket bioskop', answer: 'Bukan layanan kami.' });
    expect(few.status).toBe(400);
    expect(few.body.issues[0]).toMatchObject({ path: 'questions', message: expect.stringMatching(/minimal 6/) });
    const noAnswer = await post(agent, cinema.id, 'new-entry', {
      id: 'tiket-bioskop',
      title: 'Tiket bioskop',
      answer: ' ',
      questions: Array.from({ length: 6 }, (_, i) => `tiket bioskop ${i + 1}`),
    });
    expect(noAnswer.body.issues[0]).toMatchObject({ path: 'answer' });
    const taken = await post(agent, cinema.id, 'new-entry', {
      id: 'jam-layanan',
      title: 'x',
      answer: 'y',
      questions: Array.from({ length: 6 }, (_, i) => `q nomor ${i + 1}`),
    });
    expect(taken.status).toBe(409);
    for (const who of [counter, agency]) {
      expect((await post(who, train.id, 'add-to-entry', { entryId: 'jam-layanan' })).status).toBe(403);
      expect((await post(who, cinema.id, 'new-entry', { id: 'tiket-bioskop', title: 'x', answer: 'y' })).status).toBe(403);
    }
    expect(await entry('jam-layanan')).toEqual(before);
    expect((await supervisor.get('/api/knowledge/entries/tiket-bioskop')).status).toBe(404);
    expect((await openGaps()).map((g) => g.id).sort()).toEqual([train.id, cinema.id].sort());
  });

  it('"tambahkan sebagai pertanyaan": an agent adds the masked examples to a new draft of an entry; the gap is answered by it', async () => {
    const published = (await entry('jam-layanan')).published;
    const r = await agent.post(`/api/reports/knowledge-gaps/${train.id}/add-to-entry`, { entryId: 'jam-layanan' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ gap: { id: train.id, status: 'answered', entryId: 'jam-layanan' }, entry: { id: 'jam-layanan', status: 'published' } });
    expect(r.body.added.sort()).toEqual([...train.examples].sort());
    expect(r.body.added.join(' ')).not.toMatch(/Budi|Santoso|0812/);
    const after = await entry('jam-layanan');
    expect(after.draft.questions).toEqual([...published.questions, ...r.body.added]);
    // Citizens still get the published version until someone publishes the draft.
    expect(after.published).toEqual(published);
    expect((await openGaps()).map((g) => g.id)).toEqual([cinema.id]);
    const all = (await supervisor.get<Gap[]>(`/api/reports/knowledge-gaps?${range}&status=all`)).body;
    expect(all.find((g) => g.id === train.id)).toMatchObject({ status: 'answered', entryId: 'jam-layanan' });
    // Decided once: a second click is a conflict, not a second draft.
    expect((await agent.post(`/api/reports/knowledge-gaps/${train.id}/add-to-entry`, { entryId: 'jam-layanan' })).status).toBe(409);
  });

  it('"buat entri baru": a supervisor creates a draft entry prefilled with the examples as questions', async () => {
    const extra = ['jadwal film bioskop tangerang', 'bioskop terdekat dari mpp', 'nonton film di tangerang', 'promo tiket bioskop'];
    const r = await supervisor.post(`/api/reports/knowledge-gaps/${cinema.id}/new-entry`, {
      id: 'tiket-bioskop',
      title: 'Tiket bioskop',
      answer: 'Harga tiket bioskop bukan layanan DPMPTSP; silakan cek aplikasi bioskop.',
      questions: [...cinema.examples, ...extra],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ gap: { status: 'answered', entryId: 'tiket-bioskop' }, entry: { id: 'tiket-bioskop', status: 'draft', version: null } });
    const created = await entry('tiket-bioskop');
    expect(created.draft.questions).toEqual([...cinema.examples, ...extra]);
    expect(created.published).toBeNull();
    expect(await openGaps()).toEqual([]);
    const audit = await env.query<{ n: number | string }>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'knowledge_gap.decide' AND target_id = ?", [
      cinema.id,
    ]);
    expect(Number(audit[0].n)).toBe(1);
  });
});
