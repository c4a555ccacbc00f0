import { ConsoleApi, DEMO } from '../support/console-client';
import { DbKind, eventually, HubEnv, HubProcess } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

/** Today in the office's zone (Asia/Jakarta, UTC+7), as the reports count days. */
/** The last value fn gave, once ok(value) holds or the time is up: the assertions after it then show what was there. */
async function settle<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

/**
 * The office's view, driven through the web chat and the REST API: seven
 * conversations (two handed to a person, five the bot kept), one referral,
 * three citizens asking the same out-of-scope question with personal data in
 * it. The overview, the series, the knowledge gaps (one group, masked) and
 * /metrics must show exactly that.
 */
describe.each<DbKind>(['sqlite', 'postgres'])('reports on %s', (db) => {
  let env: HubEnv;
  let hub: HubProcess;
  let supervisor: ConsoleApi;
  let agent: ConsoleApi;
  const clients: WebchatClient[] = [];
  const range = () => `from=${today()}&to=${today()}`;

  const citizen = async (text: string) => {
    const c = new WebchatClient(hub.url);
    clients.push(c);
    await c.ready();
    await c.ask(text);
    return c.session!.conversationId;
  };

  beforeAll(async () => {
    env = new HubEnv(db, { DEMO_MODE: 'true', METRICS_TOKEN, PERMIT_EVENTS_SECRET: 'reports-permit-secret-0123456789' });
    hub = await env.start('all');
    [supervisor, agent] = await Promise.all([DEMO.supervisor, DEMO.agent].map((e) => ConsoleApi.login(hub.url, e)));

    await citizen('apa syarat PBG?');
    await citizen('halo');
    const handedOff = await citizen('saya mau bicara dengan petugas');
    await citizen('tolong sambungkan ke petugas');
    await citizen('kapan jadwal kereta cepat ke bandung, nama saya Budi Santoso nik 3603123456789012');
    await citizen('jadwal kereta cepat ke bandung kapan ya? hp saya 081234567890');
    await citizen('kapan jadwal kereta cepat ke bandung? saya bernama Siti Aminah, email siti.aminah@example.com');
    await eventually(async () => (await supervisor.get(`/api/conversations/${handedOff}`)).body.conversation?.status !== 'bot');
    const ref = await supervisor.post(`/api/conversations/${handedOff}/refer`, {
      agencyCode: 'PUPR',
      question: 'Mohon rekomendasi teknis untuk pertanyaan warga ini.',
    });
    expect(ref.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await env.stop();
  });

  it('the overview counts what was driven, in the contract’s shape', async () => {
    const r = await supervisor.get(`/api/reports/overview?${range()}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      conversations: 7,
      byChannel: { webchat: 7 },
      botResolved: 5,
      handoffs: 2,
      firstResponseMinutes: { p50: null, p90: null },
      withinFirstResponseTarget: null,
      referrals: { total: 1, onTime: 0, overdue: 0 },
      complaints: 0,
    });
    // A day before: nothing. A channel nobody used: nothing.
    const before = await supervisor.get('/api/reports/overview?from=2020-01-01&to=2020-01-31');
    expect(before.body).toEqual(expect.objectContaining({ conversations: 0, handoffs: 0, byChannel: {} }));
    const other = await supervisor.get(`/api/reports/overview?${range()}&channel=telegram`);
    expect(other.body.conversations).toBe(0);
  });

  it('the series agree, and every report downloads as CSV', async () => {
    const perDay = await supervisor.get(`/api/reports/conversations?${range()}`);
    expect(perDay.body).toEqual([{ day: today(), channel: 'webchat', conversations: 7, botOnly: 5 }]);
    const handoffs = await supervisor.get(`/api/reports/handoffs?${range()}`);
    expect(handoffs.body).toEqual([{ reason: 'request', count: 2 }]);
    const referrals = await supervisor.get(`/api/reports/referrals?${range()}`);
    expect(referrals.body).toEqual([expect.objectContaining({ agency: 'PUPR', total: 1, answered: 0, overdue: 0 })]);
    const topics = await supervisor.get(`/api/reports/topics?${range()}`);
    expect(topics.body).toEqual([{ topic: 'pbg-persyaratan', count: 1 }]);
    for (const path of ['bot-share', 'response-times', 'sla-breaches', 'complaints', 'workload']) {
      const res = await supervisor.get(`/api/reports/${path}?${range()}`);
      expect([path, res.status]).toEqual([path, 200]);
      expect(Array.isArray(res.body)).toBe(true);
    }
    const csv = await fetch(`${hub.url}/api/reports/overview?${range()}&format=csv`, {
      headers: { authorization: `Bearer ${supervisor.session.accessToken}` },
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    const text = await csv.text();
    expect(text).toContain('metric,value\r\n');
    expect(text).toContain('conversations,7\r\n');
    expect(text).toContain('byChannel.webchat,7\r\n');
  });

  it('is for supervisors and admins, and refuses a bad period without changing anything', async () => {
    expect((await agent.get(`/api/reports/overview?${range()}`)).status).toBe(403);
    const bad = await supervisor.get('/api/reports/overview?from=2025-02-10&to=2025-02-01');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('from');
    expect((await supervisor.get('/api/reports/overview?from=kemarin')).status).toBe(400);
    expect((await supervisor.get('/api/reports/overview?from=2020-01-01&to=2025-01-01')).status).toBe(400);
  });

  it('three citizens asking the same unanswered question are one knowledge-gap group, masked', async () => {
    const groups = await settle(
      async () => (await supervisor.get(`/api/reports/knowledge-gaps?${range()}`)).body,
      (b) => Array.isArray(b) && b[0]?.count === 3,
    );
    expect(groups).toHaveLength(1);
    const [g] = groups;
    expect(g).toEqual(
      expect.objectContaining({ id: expect.any(String), count: 3, lastSeen: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), channels: ['webchat'] }),
    );
    expect(g.examples).toHaveLength(3);
    const all = g.examples.join(' | ');
    expect(all).toContain('kereta cepat');
    for (const secret of ['Budi', 'Santoso', 'Siti', 'Aminah', '3603', '0812', '7890', 'example.com']) expect(all).not.toContain(secret);

    // Marked out of scope: gone from the open list, there with status=all, and audited.
    const bad = await supervisor.req('PATCH', `/api/reports/knowledge-gaps/${g.id}`, { status: 'answered' });
    expect(bad.status).toBe(400);
    const ok = await supervisor.req('PATCH', `/api/reports/knowledge-gaps/${g.id}`, { status: 'out_of_scope' });
    expect(ok.status).toBe(200);
    expect((await supervisor.get(`/api/reports/knowledge-gaps?${range()}`)).body).toEqual([]);
    const closed = await supervisor.get(`/api/reports/knowledge-gaps?${range()}&status=all`);
    expect(closed.body).toEqual([expect.objectContaining({ id: g.id, status: 'out_of_scope', count: 3 })]);
    const audit = await env.query<{ n: number | string }>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'knowledge_gap.decide' AND target_id = ?", [
      g.id,
    ]);
    expect(Number(audit[0].n)).toBe(1);
    expect((await supervisor.req('PATCH', '/api/reports/knowledge-gaps/00000000-0000-4000-8000-000000000000', { status: 'ignored' })).status).toBe(404);
  });

  it('/metrics refuses without the token and shows the counters that moved', async () => {
    expect((await fetch(`${hub.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${hub.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
    // A refused webhook is counted too.
    const unsigned = await fetch(`${hub.url}/api/permits/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unsigned.status).toBe(401);
    const text = await settle(
      async () => (await fetch(`${hub.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text(),
      // Seven bot replies and the notice that an agency has the question.
      (t) => /hub_messages_total\{direction="out",channel="webchat"\} 8/.test(t),
    );
    expect(text).toMatch(/hub_messages_total\{direction="in",channel="webchat"\} 7/);
    expect(text).toMatch(/hub_bot_decisions_total\{outcome="answer"\} 2/);
    expect(text).toMatch(/hub_bot_decisions_total\{outcome="handoff"\} 2/);
    expect(text).toMatch(/hub_bot_decisions_total\{outcome="out_of_scope"\} 3/);
    expect(text).toMatch(/hub_handoffs_total\{reason="request"\} 2/);
    expect(text).toMatch(/hub_webhook_rejections_total\{path="\/api\/permits\/events",status="401"\} 1/);
    expect(text).toMatch(/hub_queue_depth\{queue="inbound",state="waiting"\} \d+/);
    expect(text).toMatch(/hub_job_duration_seconds_count\{queue="inbound",outcome="ok"\} 7/);
    expect(text).toMatch(/hub_process_resident_memory_bytes \d+/);
  });
});

describe('metrics without a token', () => {
  let env: HubEnv;
  let hub: HubProcess;
  beforeAll(async () => {
    env = new HubEnv('sqlite');
    hub = await env.start('all');
  });
  afterAll(() => env.stop());

  it('are off: 404 whatever is sent', async () => {
    expect((await fetch(`${hub.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${hub.url}/metrics`, { headers: { authorization: 'Bearer anything-at-all-here' } })).status).toBe(404);
  });
});
