/**
 * Console benchmark on PostgreSQL: seeds 100,000 conversations and 1,000,000
 * messages (set-based INSERT … SELECT generate_series, in batches), then
 * measures through the real API of a hub process:
 *   - listing a team's open conversations (GET /api/conversations?teamId&status=open) — p99 target < 50 ms
 *   - opening one conversation (GET /api/conversations/:id)                              — p99 target < 50 ms
 *   - a citizen's web chat message reaching 50 connected consoles                      — p99 target < 100 ms
 *
 *   npm run bench:console -- [--conversations 100000] [--messages-per 10] [--requests 300] [--consoles 50] [--citizen-messages 200] [--gap 100] [--single] [--keep]
 * Uses TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) and
 * TEST_REDIS_URL, in a schema of its own that is dropped afterwards.
 * Prints figures as it goes; the last line is one JSON object.
 */
import { Client } from 'pg';
import { ConsoleApi, DEMO } from '../test/support/console-client';
import { HubEnv, PG_URL } from '../test/support/hub-process';
import { WebchatClient } from '../test/support/webchat-client';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const CONVERSATIONS = arg('conversations', 100_000);
const PER = arg('messages-per', 10);
const REQUESTS = arg('requests', 300);
const CONSOLES = arg('consoles', 50);
const CITIZEN_MESSAGES = arg('citizen-messages', 200);
/** Pause between two citizen messages (ms): 100 = ten messages a second from five citizens. */
const GAP = arg('gap', 100);
const BATCH = 10_000;

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const round = (n: number) => Math.round(n * 10) / 10;
const log = (s: string) => process.stdout.write(`${s}\n`);

async function seed(env: HubEnv): Promise<{ seconds: number }> {
  const c = new Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`SET search_path TO "${env.id}"`);
  const teams = (await c.query<{ id: string }>('SELECT id FROM teams ORDER BY code')).rows.map((r) => r.id);
  const agent = (await c.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [DEMO.agent])).rows[0].id;
  const t0 = Date.now();
  for (let from = 1; from <= CONVERSATIONS; from += BATCH) {
    const to = Math.min(CONVERSATIONS, from + BATCH - 1);
    const range = `generate_series(${from}, ${to}) g`;
    await c.query('BEGIN');
    await c.query(
      `INSERT INTO contacts (id, name, phone, email, merged_into_id, created_at, updated_at)
       SELECT md5('c' || g)::uuid::text, 'Warga ' || g, '+6281' || lpad(g::text, 9, '0'), NULL, NULL, now() - g * interval '30 seconds', now() - g * interval '30 seconds' FROM ${range}`,
    );
    await c.query(
      `INSERT INTO channel_identities (id, contact_id, kind, external_id, display_name, created_at, last_seen_at)
       SELECT md5('i' || g)::uuid::text, md5('c' || g)::uuid::text, 'webchat', 'bench-' || g, NULL, now(), now() FROM ${range}`,
    );
    // 4 % waiting, 12 % open (assigned), the rest resolved; spread over the four teams.
    await c.query(
      `INSERT INTO conversations (id, reference, contact_id, kind, status, channel, identity_id, team_id, assignee_id, subject, labels, bot_state,
                                  created_at, updated_at, last_message_at, waiting_since, first_response_at, resolved_at)
       SELECT md5('v' || g)::uuid::text, 'BN-' || lpad(g::text, 9, '0'), md5('c' || g)::uuid::text, 'general',
              CASE WHEN g % 25 = 0 THEN 'pending' WHEN g % 25 IN (1, 2, 3) THEN 'open' ELSE 'resolved' END,
              'webchat', md5('i' || g)::uuid::text, ($1::text[])[1 + g % 4],
              CASE WHEN g % 25 IN (1, 2, 3) THEN $2 END, 'Pertanyaan warga nomor ' || g, '[]', NULL,
              t, t, t, t, CASE WHEN g % 25 <> 0 THEN t END, CASE WHEN g % 25 > 3 THEN t END
       FROM ${range}, LATERAL (SELECT now() - g * interval '30 seconds' AS t) x`,
      [teams, agent],
    );
    await c.query(
      `INSERT INTO messages (id, conversation_id, direction, sender_kind, sender_user_id, channel, identity_id, external_id, idempotency_key, text,
                             attachments, quick_replies, is_private, delivery_status, delivery_error, handled_at, created_at, sent_at)
       SELECT md5('m' || g || '-' || k)::uuid::text, md5('v' || g)::uuid::text,
              CASE WHEN k % 2 = 0 THEN 'in' ELSE 'out' END, CASE WHEN k % 2 = 0 THEN 'citizen' ELSE 'bot' END, NULL, 'webchat',
              md5('i' || g)::uuid::text, NULL, NULL, 'Pesan ke-' || k || ' tentang perizinan PBG, SLF dan jadwal layanan MPP Kabupaten Tangerang',
              '[]', NULL, false, CASE WHEN k % 2 = 0 THEN 'received' ELSE 'sent' END, NULL, NULL,
              now() - g * interval '30 seconds' - (${PER} - k) * interval '1 second', NULL
       FROM ${range}, generate_series(0, ${PER - 1}) k`,
    );
    await c.query('COMMIT');
    process.stdout.write(
      `\rseeded ${to.toLocaleString('en')} conversations, ${(to * PER).toLocaleString('en')} messages (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
    );
  }
  log('');
  await c.query('ANALYZE');
  await c.end();
  return { seconds: (Date.now() - t0) / 1000 };
}

async function timeRequests(api: ConsoleApi, paths: string[]): Promise<number[]> {
  const out: number[] = [];
  for (const p of paths) {
    const t = performance.now();
    const r = await api.get(p);
    out.push(performance.now() - t);
    if (r.status !== 200) throw new Error(`${p}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
  }
  return out;
}

async function main(): Promise<void> {
  const env = new HubEnv('postgres', {
    DEMO_MODE: 'true',
    ROUTING_SWEEP_SECONDS: '3600',
    WEBCHAT_RATE_PER_MIN: '10000',
    WEBCHAT_MESSAGES_PER_IP_PER_MIN: '100000',
    LOG_LEVEL: 'warn',
  });
  try {
    log(`console benchmark: ${CONVERSATIONS.toLocaleString('en')} conversations × ${PER} messages on PostgreSQL (schema ${env.id})`);
    let hub = await env.start('all');
    await hub.stop();
    const seeded = await seed(env);
    log(`seeding took ${seeded.seconds.toFixed(1)} s`);
    env.procs.length = 0;
    // As deployed (docker-compose): an api process and a worker process; --single runs both in one.
    if (process.argv.includes('--single')) hub = await env.start('all');
    else [hub] = await Promise.all([env.start('api'), env.start('worker')]);

    const agent = await ConsoleApi.login(hub.url, DEMO.agent);
    const supervisor = await ConsoleApi.login(hub.url, DEMO.supervisor);
    const teams = agent.session.user.teamIds;
    const open = (await env.query<{ id: string }>("SELECT id FROM conversations WHERE status = 'open' ORDER BY random() LIMIT 500")).map((r) => r.id);

    const listPaths = Array.from({ length: REQUESTS }, (_, i) => `/api/conversations?teamId=${teams[i % teams.length]}&status=open&limit=25`);
    const openPaths = Array.from({ length: REQUESTS }, (_, i) => `/api/conversations/${open[i % open.length]}`);
    await timeRequests(agent, listPaths.slice(0, 30));
    await timeRequests(agent, openPaths.slice(0, 30));
    const list = await timeRequests(agent, listPaths);
    const one = await timeRequests(agent, openPaths);
    const firstPage = await agent.get(listPaths[0]);
    log(
      `list a team's open conversations: p50 ${round(pct(list, 50))} ms, p99 ${round(pct(list, 99))} ms (${REQUESTS} requests, ${firstPage.body.items.length} per page)`,
    );
    log(`open one conversation:            p50 ${round(pct(one, 50))} ms, p99 ${round(pct(one, 99))} ms (${REQUESTS} requests, latest 50 messages each)`);

    // Live: 50 consoles connected, citizens writing on the web chat.
    const consoles = Array.from({ length: CONSOLES }, () => supervisor.socket(hub.url));
    await Promise.all(consoles.map((s) => s.connected));
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    for (const s of consoles)
      s.socket.on('message.created', (p: { message: { text: string; sender: string } }) => {
        const t = sentAt.get(p.message.text);
        if (t !== undefined && p.message.sender === 'citizen') latencies.push(performance.now() - t);
      });
    const citizens = Array.from({ length: 5 }, () => new WebchatClient(hub.url));
    await Promise.all(citizens.map((c) => c.ready()));
    for (let i = 0; i < CITIZEN_MESSAGES; i++) {
      const text = `bench ${i} ${Math.random().toString(36).slice(2)}`;
      sentAt.set(text, performance.now());
      await citizens[i % citizens.length].send({ clientMessageId: `b-${i}`, text });
      await new Promise((r) => setTimeout(r, GAP));
    }
    const want = CITIZEN_MESSAGES * CONSOLES;
    for (let i = 0; i < 100 && latencies.length < want; i++) await new Promise((r) => setTimeout(r, 100));
    log(
      `message → ${CONSOLES} consoles:         p50 ${round(pct(latencies, 50))} ms, p99 ${round(pct(latencies, 99))} ms (${latencies.length}/${want} deliveries of ${CITIZEN_MESSAGES} messages)`,
    );
    consoles.forEach((s) => s.close());
    citizens.forEach((c) => c.close());

    const result = {
      bench: 'console',
      conversations: CONVERSATIONS,
      messages: CONVERSATIONS * PER,
      seedSeconds: round(seeded.seconds),
      listTeamOpenP50Ms: round(pct(list, 50)),
      listTeamOpenP99Ms: round(pct(list, 99)),
      openConversationP50Ms: round(pct(one, 50)),
      openConversationP99Ms: round(pct(one, 99)),
      consoles: CONSOLES,
      citizenMessageGapMs: GAP,
      processes: process.argv.includes('--single') ? 'all-in-one' : 'api + worker',
      messageToConsoleP50Ms: round(pct(latencies, 50)),
      messageToConsoleP99Ms: round(pct(latencies, 99)),
      deliveries: latencies.length,
      expectedDeliveries: want,
      targetsMet: pct(list, 99) < 50 && pct(one, 99) < 50 && pct(latencies, 99) < 100 && latencies.length === want,
    };
    log(JSON.stringify(result));
  } finally {
    if (!process.argv.includes('--keep')) await env.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  },
);
