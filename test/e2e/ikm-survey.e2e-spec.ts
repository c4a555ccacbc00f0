import { call, ConsoleApi, DEMO } from '../support/console-client';
import { DbKind, eventually, HubEnv, HubProcess } from '../support/hub-process';
import { ServerMessage, WebchatClient } from '../support/webchat-client';

/**
 * The IKM survey end to end: conversations resolved by an officer through
 * the console API, the bot's survey answered through the web chat (buttons'
 * titles and digits, an out-of-range answer refused, a skipped element, in
 * Indonesian and English), a walk-in's answers through the /survei/<token>
 * page, and GET /api/reports/ikm computed by hand from the regulation's
 * formula (Permenpan RB 14/2017).
 */
describe.each<DbKind>(['sqlite', 'postgres'])('IKM survey on %s', (db) => {
  let env: HubEnv;
  let hub: HubProcess;
  let supervisor: ConsoleApi, agent: ConsoleApi, counter: ConsoleApi, admin: ConsoleApi;
  const clients: WebchatClient[] = [];
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());

  beforeAll(async () => {
    env = new HubEnv(db, { DEMO_MODE: 'true', SURVEY_PUBLIC_URL: 'https://bantuan.example.go.id' });
    hub = await env.start('all');
    [supervisor, agent, counter, admin] = await Promise.all([DEMO.supervisor, DEMO.agent, DEMO.counter, DEMO.admin].map((e) => ConsoleApi.login(hub.url, e)));
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await env.stop();
  });

  /** A web chat citizen handed off to an officer, and the officer resolving it: the survey invitation arrives. */
  async function resolvedCitizen(first: string): Promise<{ citizen: WebchatClient; conversationId: string; invite: ServerMessage }> {
    const citizen = new WebchatClient(hub.url);
    clients.push(citizen);
    await citizen.ready();
    const conversationId = citizen.session!.conversationId;
    await citizen.ask(first);
    await eventually(async () => (await supervisor.get(`/api/conversations/${conversationId}`)).body.conversation?.status === 'pending');
    expect((await supervisor.post(`/api/conversations/${conversationId}/resolve`)).status).toBe(200);
    const invite = await citizen.waitFor((m) => m.sender === 'bot' && (m.quickReplies ?? []).some((q) => q.payload === 'survey:yes'));
    return { citizen, conversationId, invite };
  }

  /** Answers the questions from number `first` on; each reply must be the next question (or, after the ninth, the suggestion prompt). */
  async function answerAll(citizen: WebchatClient, replies: string[], first = 1): Promise<ServerMessage> {
    let last!: ServerMessage;
    for (const [i, r] of replies.entries()) {
      last = await citizen.ask(r);
      if (i < replies.length - 1) expect(last.text).toMatch(new RegExp(`^(Pertanyaan|Question) ${first + i + 1} (dari|of) 9`));
    }
    return last;
  }

  const A = [4, 3, 4, 2, 3, 4, 4, 3, 4];
  const B = [3, 3, 2, null, 3, 3, 4, 2, 3];
  const C = [2, 2, 3, 3, 2, 3, 3, 2, 2];

  it('asks in Indonesian after an officer resolves, refuses an answer outside 1–4 and asks the same question again, and records the answers', async () => {
    const { citizen, invite } = await resolvedCitizen('saya mau bicara dengan petugas');
    expect(invite.text).toContain('Bersediakah Anda menilai layanan kami?');
    expect(invite.text).toMatch(/https:\/\/bantuan\.example\.go\.id\/survei\/[A-Za-z0-9_-]{20,}/);

    const q1 = await citizen.ask(invite.quickReplies!.find((q) => q.payload === 'survey:yes')!.title);
    expect(q1.text).toMatch(/^Pertanyaan 1 dari 9 \(Persyaratan\)/);
    expect(q1.text).toContain('1. Tidak sesuai');
    expect(q1.text).toContain('4. Sangat sesuai');
    expect(q1.quickReplies!.map((q) => q.title)).toEqual(['1. Tidak sesuai', '2. Kurang sesuai', '3. Sesuai', '4. Sangat sesuai', 'Lewati']);

    const refused = await citizen.ask('5');
    expect(refused.text).toContain('Maaf, jawabannya cukup angka 1, 2, 3 atau 4');
    expect(refused.text).toMatch(/Pertanyaan 1 dari 9 \(Persyaratan\)/);
    const refusedAgain = await citizen.ask('bagus sekali');
    expect(refusedAgain.text).toMatch(/Pertanyaan 1 dari 9/);

    // The first answer by tapping its button (the web chat sends the title), the rest as digits.
    const q2 = await citizen.ask(q1.quickReplies![A[0] - 1].title);
    expect(q2.text).toMatch(/^Pertanyaan 2 dari 9 \(Sistem, Mekanisme, dan Prosedur\)/);
    const suggestionPrompt = await answerAll(citizen, A.slice(1).map(String), 2);
    expect(suggestionPrompt.text).toContain('adakah saran Anda');
    const thanks = await citizen.ask('Antrean di loket mohon dipercepat');
    expect(thanks.text).toContain('Terima kasih atas penilaian Anda');

    const rows = await env.query<{ u1: number; u9: number; suggestion: string; channel: string }>('SELECT * FROM survey_responses');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual(expect.objectContaining({ u1: 4, u9: 4, suggestion: 'Antrean di loket mohon dipercepat', channel: 'webchat' }));
  });

  it('asks in English when the citizen wrote English; a skipped question stays unanswered', async () => {
    const { citizen, invite } = await resolvedCitizen('I would like to talk to an officer please');
    expect(invite.text).toContain('Would you rate our service?');
    const q1 = await citizen.ask('yes');
    expect(q1.text).toMatch(/^Question 1 of 9 \(Requirements\)/);
    expect(q1.quickReplies!.map((q) => q.title)).toEqual(['1. Not appropriate', '2. Less appropriate', '3. Appropriate', '4. Very appropriate', 'Skip']);
    const prompt = await answerAll(citizen, [String(B[0]), ...B.slice(1).map((v) => (v === null ? 'skip' : String(v)))]);
    expect(prompt.text).toContain('do you have a suggestion');
    expect((await citizen.ask('skip')).text).toContain('Thank you for your rating');
    const rows = await env.query<{ u4: number | null; suggestion: string | null; lang: string }>(
      "SELECT u4, suggestion, lang FROM survey_responses WHERE lang = 'en'",
    );
    expect(rows).toEqual([{ u4: null, suggestion: null, lang: 'en' }]);
  });

  it('a walk-in answers on the /survei/<token> page from the counter’s QR; the token works once', async () => {
    expect((await agent.post('/api/survey/walk-in', {})).status).toBe(403);
    const made = await counter.post('/api/survey/walk-in', {});
    expect(made.status).toBe(201);
    expect(made.body.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(made.body.url).toBe(`https://bantuan.example.go.id/survei/${made.body.token}`);
    const path = `/survei/${made.body.token}`;

    const page = await fetch(`${hub.url}${path}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Survei Kepuasan Masyarakat');
    expect(html).not.toMatch(/<script/i);
    expect(html.match(/type="radio"/g)).toHaveLength(36);

    const form = (answers: (number | null)[], extra: Record<string, string> = {}) =>
      new URLSearchParams({ ...Object.fromEntries(answers.flatMap((v, i) => (v === null ? [] : [[`u${i + 1}`, String(v)]]))), ...extra });
    const post = (body: URLSearchParams) =>
      fetch(`${hub.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });

    // An answer outside 1–4 is refused and records nothing; the token stays usable.
    const bad = await post(form([5, ...C.slice(1)]));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Jawaban tidak valid');
    const ok = await post(form(C, { suggestion: 'Ruang tunggu kurang kursi' }));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Terima kasih atas penilaian Anda');
    const again = await post(form(C));
    expect(again.status).toBe(410);
    expect((await fetch(`${hub.url}${path}`)).status).toBe(410);
    expect((await fetch(`${hub.url}/survei/AAAAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    const rows = await env.query<{ channel: string; source: string }>("SELECT channel, source FROM survey_responses WHERE source = 'walkin'");
    expect(rows).toEqual([{ channel: 'counter', source: 'walkin' }]);
  });

  it('computes the IKM exactly as the regulation: NRR per element, weight 1/9, × 25, mutu', async () => {
    const responses = [A, B, C];
    const expected = (rs: (number | null)[][]) => {
      const nrr = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => {
        const given = rs.map((r) => r[i]).filter((v): v is number => v !== null);
        return given.reduce((s, v) => s + v, 0) / given.length;
      });
      const ikm = nrr.reduce((s, v) => s + v * (1 / 9), 0) * 25;
      return { nrr, ikm: Math.round(ikm * 100) / 100 };
    };
    const all = expected(responses);
    // By hand: U1 (4+3+2)/3 = 3, U4 (2+3)/2 = 2.5 (B skipped it), … Σ NRR = 157/6; × 1/9 × 25 = 3925/54 = 72.685… → 72.69.
    // With the regulation's printed 0.111 instead of 1/9 it would be 72.61: the hub must not round the weight.
    expect(all.ikm).toBe(72.69);
    expect(Math.round((157 / 6) * 0.111 * 25 * 100) / 100).toBe(72.61);

    const r = await supervisor.get(`/api/reports/ikm?from=${today}&to=${today}`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['ikm', 'mutu', 'respondents', 'unsur']);
    expect(r.body.respondents).toBe(3);
    expect(r.body.ikm).toBe(all.ikm);
    expect(r.body.mutu).toBe('C');
    expect(r.body.unsur.map((u: { code: string }) => u.code)).toEqual(['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9']);
    expect(r.body.unsur[0]).toEqual({ code: 'U1', name: 'Persyaratan', nrr: 3 });
    expect(r.body.unsur[3]).toEqual({ code: 'U4', name: 'Biaya/Tarif', nrr: 2.5 });
    r.body.unsur.forEach((u: { nrr: number }, i: number) => expect(u.nrr).toBeCloseTo(all.nrr[i], 3));

    const web = await admin.get(`/api/reports/ikm?from=${today}&to=${today}&channel=webchat`);
    expect(web.body.respondents).toBe(2);
    expect(web.body.ikm).toBe(expected([A, B]).ikm);

    const empty = await supervisor.get('/api/reports/ikm?from=2020-01-01&to=2020-01-31');
    expect(empty.body).toEqual(expect.objectContaining({ respondents: 0, ikm: null, mutu: null }));

    const detail = await supervisor.get(`/api/reports/ikm/breakdown?from=${today}&to=${today}&population=1000`);
    expect(detail.body).toEqual(expect.objectContaining({ respondents: 3, population: 1000, sampleRequired: 278, sampleMet: false }));
    expect(detail.body.byChannel.map((c: { channel: string; respondents: number }) => [c.channel, c.respondents])).toEqual([
      ['counter', 1],
      ['webchat', 2],
    ]);
    const invited = await supervisor.get(`/api/reports/ikm/breakdown?from=${today}&to=${today}`);
    expect(invited.body).toEqual(expect.objectContaining({ population: 3, populationSource: 'invitations', sampleRequired: 3, sampleMet: true }));

    for (const who of [agent, counter]) expect((await who.get(`/api/reports/ikm?from=${today}&to=${today}`)).status).toBe(403);
    expect((await call(hub.url, 'GET', `/api/reports/ikm?from=${today}&to=${today}`)).status).toBe(401);
    for (const bad of ['from=2025-13-01&to=2025-12-31', `from=${today}`, 'from=2025-02-01&to=2025-01-01', `from=${today}&to=${today}&teamId=x`])
      expect((await supervisor.get(`/api/reports/ikm?${bad}`)).status).toBe(400);
  });

  it('asks a citizen at most once per period', async () => {
    const { citizen, invite } = await resolvedCitizen('saya mau bicara dengan petugas');
    await citizen.ask(invite.quickReplies!.find((q) => q.payload === 'survey:no')!.title);
    // The same citizen, handed off and resolved again: no second invitation.
    const second = await citizen.ask('saya mau bicara dengan petugas lagi');
    const conversationId = second.conversationId;
    await eventually(async () => (await supervisor.get(`/api/conversations/${conversationId}`)).body.conversation?.status === 'pending');
    const invitesBefore = citizen.received.filter((m) => m.quickReplies?.some((q) => q.payload === 'survey:yes')).length;
    expect((await supervisor.post(`/api/conversations/${conversationId}/resolve`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect(citizen.received.filter((m) => m.quickReplies?.some((q) => q.payload === 'survey:yes')).length).toBe(invitesBefore);
    const rows = await env.query<{ status: string }>(
      'SELECT status FROM survey_invitations WHERE contact_id = (SELECT contact_id FROM conversations WHERE id = ?)',
      [conversationId],
    );
    expect(rows).toEqual([{ status: 'declined' }]);
  });
});
