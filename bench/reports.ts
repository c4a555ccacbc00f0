/**
 * Reports benchmark on PostgreSQL: seeds 100,000 conversations over 180 days
 * (channels, hand-offs with reasons and SLA clocks, topics, complaints,
 * assignees), 1,000,000 messages, referrals, knowledge gaps and 20,000
 * survey-answer-like rows, with set-based INSERT … SELECT generate_series in a
 * schema of its own, then times every report endpoint through the real API
 * of a hub process for a 90-day range. Target: p99 ≤ 300 ms.
 *
 *   npm run bench:reports -- [--conversations 100000] [--messages-per 10] [--requests 40] [--keep]
 * Uses TEST_DATABASE_URL / TEST_REDIS_URL. Prints figures; the last line is one JSON object.
 */
import { Client } from 'pg';
import { ConsoleApi, DEMO } from '../test/support/console-client';
import { HubEnv, PG_URL } from '../test/support/hub-process';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const CONVERSATIONS = arg('conversations', 100_000);
const PER = arg('messages-per', 10);
const REQUESTS = arg('requests', 40);
const SURVEY_ANSWERS = 20_000;
const BATCH = 10_000;
/** Conversations are spread evenly over this many days before now. */
const DAYS = 180;

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const round = (n: number) => Math.round(n * 10) / 10;
const log = (s: string) => process.stdout.write(`${s}\n`);
const ymd = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

async function seed(env: HubEnv): Promise<number> {
  const c = new Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`SET search_path TO "${env.id}"`);
  const teams = (await c.query<{ id: string }>('SELECT id FROM teams ORDER BY code')).rows.map((r) => r.id);
  const officers = (await c.query<{ id: string }>("SELECT id FROM users WHERE role IN ('agent', 'supervisor', 'counter') ORDER BY email")).rows.map(
    (r) => r.id,
  );
  const step = (DAYS * 86_400) / CONVERSATIONS;
  const t0 = Date.now();
  for (let from = 1; from <= CONVERSATIONS; from += BATCH) {
    const to = Math.min(CONVERSATIONS, from + BATCH - 1);
    const range = `generate_series(${from}, ${to}) g`;
    await c.query('BEGIN');
    await c.query(
      `INSERT INTO contacts (id, name, phone, email, merged_into_id, created_at, updated_at)
       SELECT md5('c' || g)::uuid::text, 'Warga ' || g, '+6281' || lpad(g::text, 9, '0'), NULL, NULL, now(), now() FROM ${range}`,
    );
    // 40 % handed off (reasons by g), 3 % complaints; channels webchat / whatsapp / telegram; everything but the newest 2 % resolved.
    await c.query(
      `INSERT INTO conversations (id, reference, contact_id, kind, status, channel, identity_id, team_id, assignee_id, subject, labels, bot_state,
                                  created_at, updated_at, last_message_at, waiting_since, first_response_at, resolved_at, handoff_reason, topic)
       SELECT md5('v' || g)::uuid::text, 'BR-' || lpad(g::text, 9, '0'), md5('c' || g)::uuid::text,
              CASE WHEN g % 33 = 0 THEN 'complaint' ELSE 'general' END,
              CASE WHEN g < ${CONVERSATIONS / 50} THEN 'open' ELSE 'resolved' END,
              (ARRAY['webchat', 'whatsapp', 'whatsapp', 'telegram'])[1 + g % 4], NULL,
              CASE WHEN ho THEN ($1::text[])[1 + g % 4] END, CASE WHEN ho THEN ($2::text[])[1 + g % ${officers.length}] END,
              NULL, CASE WHEN g % 33 = 0 THEN (ARRAY['["pengaduan","pungli"]', '["pengaduan","lambat"]', '["pengaduan"]'])[1 + g % 3] ELSE '[]' END, NULL,
              t, t, t, CASE WHEN ho THEN t + interval '1 minute' END,
              CASE WHEN ho THEN t + (g % 240) * interval '1 minute' END,
              CASE WHEN g >= ${CONVERSATIONS / 50} THEN t + (g % 3000) * interval '1 minute' END,
              CASE WHEN ho AND g % 33 <> 0 THEN (ARRAY['request', 'misunderstood', 'overdue', 'files'])[1 + g % 4] END,
              CASE WHEN g % 3 = 0 THEN (ARRAY['pbg-persyaratan', 'pbg-biaya', 'nib-oss', 'reklame', 'slf', 'sip-nakes', 'lkpm'])[1 + g % 7] END
       FROM ${range}, LATERAL (SELECT now() - g * interval '${step} seconds' AS t, (g % 5 < 2 OR g % 33 = 0) AS ho) x`,
      [teams, officers],
    );
    await c.query(
      `INSERT INTO conversation_sla (conversation_id, started_at, first_response_due_at, resolution_due_at, first_response_breached_at, resolution_breached_at)
       SELECT id, waiting_since, waiting_since + interval '60 minutes', waiting_since + interval '1440 minutes',
              CASE WHEN first_response_at > waiting_since + interval '60 minutes' THEN waiting_since + interval '60 minutes' END,
              CASE WHEN resolved_at > waiting_since + interval '1440 minutes' THEN waiting_since + interval '1440 minutes' END
       FROM conversations WHERE reference >= 'BR-' || lpad('${from}', 9, '0') AND reference <= 'BR-' || lpad('${to}', 9, '0') AND waiting_since IS NOT NULL`,
    );
    await c.query(
      `INSERT INTO agency_referrals (id, conversation_id, agency_code, status, question, answer, due_date, due_at, created_by_id, answered_by_id, created_at, answered_at, escalated_at)
       SELECT md5('r' || g)::uuid::text, md5('v' || g)::uuid::text, (ARRAY['PUPR', 'DLH', 'Dishub', 'Dinkes'])[1 + g % 4],
              CASE WHEN g % 7 = 0 THEN 'open' ELSE 'answered' END, 'Mohon rekomendasi teknis', NULL, to_char(t + interval '3 days', 'YYYY-MM-DD'),
              t + interval '3 days', $1, NULL, t, CASE WHEN g % 7 <> 0 THEN t + (g % 6) * interval '1 day' END, NULL
       FROM ${range}, LATERAL (SELECT now() - g * interval '${step} seconds' AS t) x WHERE g % 20 = 0`,
      [officers[0]],
    );
    await c.query(
      `INSERT INTO messages (id, conversation_id, direction, sender_kind, sender_user_id, channel, identity_id, external_id, idempotency_key, text,
                             attachments, quick_replies, is_private, delivery_status, delivery_error, handled_at, created_at, sent_at)
       SELECT md5('m' || g || '-' || k)::uuid::text, md5('v' || g)::uuid::text,
              CASE WHEN k % 2 = 0 THEN 'in' ELSE 'out' END, CASE WHEN k % 2 = 0 THEN 'citizen' ELSE 'bot' END, NULL, 'webchat',
              NULL, NULL, NULL, 'Pesan ke-' || k || ' tentang perizinan PBG, SLF dan jadwal layanan MPP Kabupaten Tangerang',
              '[]', NULL, false, CASE WHEN k % 2 = 0 THEN 'received' ELSE 'sent' END, NULL, NULL,
              now() - g * interval '${step} seconds' + k * interval '1 second', NULL
       FROM ${range}, generate_series(0, ${PER - 1}) k`,
    );
    // Knowledge gaps: one unanswered message in 4, in 2,000 groups.
    await c.query(
      `INSERT INTO knowledge_gap_events (id, group_id, conversation_id, channel, outcome, example, created_at)
       SELECT md5('ge' || g)::uuid::text, md5('gg' || (g % 2000))::uuid::text, md5('v' || g)::uuid::text, 'webchat', 'fallback',
              'pertanyaan warga nomor ' || (g % 2000) || ' yang belum terjawab', now() - g * interval '${step} seconds'
       FROM ${range} WHERE g % 4 = 0`,
    );
    await c.query('COMMIT');
    process.stdout.write(
      `\rseeded ${to.toLocaleString('en')} conversations, ${(to * PER).toLocaleString('en')} messages (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
    );
  }
  log('');
  await c.query(
    `INSERT INTO knowledge_gap_groups (id, signature, normalized, candidates, status, entry_id, total, channels, first_seen, last_seen, decided_by_id, decided_at)
     SELECT md5('gg' || g)::uuid::text, 'tanya ' || g, 'pertanyaan ' || g, '[]', CASE WHEN g % 10 = 0 THEN 'ignored' ELSE 'open' END, NULL, 0, '["webchat"]',
            now() - interval '${DAYS} days', now(), NULL, NULL
     FROM generate_series(0, 1999) g`,
  );
  // Survey-answer-like rows (the IKM survey's own tables come with the survey): nine answers per respondent.
  await c.query(
    `CREATE TABLE IF NOT EXISTS bench_survey_answers (id serial PRIMARY KEY, conversation_id varchar(36), unsur smallint, answer smallint, channel varchar(32), created_at timestamptz)`,
  );
  await c.query(
    `INSERT INTO bench_survey_answers (conversation_id, unsur, answer, channel, created_at)
     SELECT md5('v' || (g * 5))::uuid::text, 1 + g % 9, 1 + (g * 7) % 4, 'webchat', now() - (g % ${DAYS}) * interval '1 day' FROM generate_series(1, ${SURVEY_ANSWERS}) g`,
  );
  await c.query('ANALYZE');
  await c.end();
  return (Date.now() - t0) / 1000;
}

async function main(): Promise<void> {
  const env = new HubEnv('postgres', { DEMO_MODE: 'true', ROUTING_SWEEP_SECONDS: '3600', LOG_LEVEL: 'warn' });
  const results: Record<string, { p50: number; p99: number; max: number }> = {};
  try {
    log(`reports benchmark: ${CONVERSATIONS.toLocaleString('en')} conversations × ${PER} messages on PostgreSQL (schema ${env.id})`);
    let hub = await env.start('all');
    await hub.stop();
    log(`seeding took ${(await seed(env)).toFixed(1)} s`);
    env.procs.length = 0;
    hub = await env.start('api');
    const supervisor = await ConsoleApi.login(hub.url, DEMO.supervisor);
    const to = new Date();
    const range = `from=${ymd(new Date(to.getTime() - 89 * 86_400_000))}&to=${ymd(to)}`;
    const team = supervisor.session.user.teamIds?.[0] ?? (await supervisor.get('/api/teams')).body[0].id;
    const endpoints = [
      'overview',
      'conversations',
      'bot-share',
      'handoffs',
      'response-times',
      'sla-breaches',
      'referrals',
      'topics',
      'complaints',
      'workload',
      'knowledge-gaps',
      'ikm',
    ];
    for (const e of endpoints) {
      const paths = [
        `/api/reports/${e}?${range}`,
        `/api/reports/${e}?${range}&channel=whatsapp`,
        ...(e === 'knowledge-gaps' ? [] : [`/api/reports/${e}?${range}&teamId=${team}`]),
      ];
      const first = await supervisor.get(paths[0]);
      if (first.status === 404) {
        log(`${e.padEnd(16)} not served here (404): skipped`);
        continue;
      }
      if (first.status !== 200) throw new Error(`${e}: ${first.status} ${JSON.stringify(first.body).slice(0, 200)}`);
      for (let i = 0; i < 3; i++) await supervisor.get(paths[i % paths.length]);
      const ms: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const t = performance.now();
        const r = await supervisor.get(paths[i % paths.length]);
        ms.push(performance.now() - t);
        if (r.status !== 200) throw new Error(`${paths[i % paths.length]}: ${r.status}`);
      }
      results[e] = { p50: round(pct(ms, 50)), p99: round(pct(ms, 99)), max: round(Math.max(...ms)) };
      log(
        `${e.padEnd(16)} p50 ${results[e].p50} ms  p99 ${results[e].p99} ms  max ${results[e].max} ms${results[e].p99 > 300 ? '  (over the 300 ms target)' : ''}`,
      );
    }
    const o = (await supervisor.get(`/api/reports/overview?${range}`)).body;
    log(`90-day overview: ${o.conversations} conversations, ${o.handoffs} hand-offs, ${o.referrals.total} referrals`);
    log(JSON.stringify({ conversations: CONVERSATIONS, messages: CONVERSATIONS * PER, surveyAnswers: SURVEY_ANSWERS, results }));
  } finally {
    if (!process.argv.includes('--keep')) await env.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
