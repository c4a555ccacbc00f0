/**
 * Web chat ingest benchmark: N concurrent web chat clients, each sending a
 * message and waiting for the hub's reply before sending the next, for a
 * fixed time, against the embedded default (SQLite + local Redis). Right
 * after the hub, the same load runs against the floor (bench/ingest-floor.ts:
 * the bare skeleton of the web chat contract), in the same run, so the
 * ratio between them holds on a busy machine where absolute figures do not.
 * The bare BullMQ add → process loop on the same Redis is measured too.
 *
 *   npm run bench:ingest -- [--clients 200] [--seconds 20] [--workers N] [--postgres] [--no-floor] [--no-baseline]
 * --workers N runs one HUB_ROLE=api process and N HUB_ROLE=worker processes
 * (on the same SQLite file, or with --postgres on PostgreSQL in a schema of
 * the run's own) instead of one HUB_ROLE=all process.
 * Prints figures as it goes (CPU per process from /proc over the client run,
 * peak RSS); the last line is one JSON object.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { HubProcess, MAIN, PG_URL } from '../test/support/hub-process';
import { runFloor } from './ingest-floor';
import { arg, drive, dropKeys, measureBaseline, run, startServer } from './webchat-load';

const CLIENTS = arg('clients', 200);
const SECONDS = arg('seconds', 20);
const WORKERS = arg('workers', 0);
const POSTGRES = process.argv.includes('--postgres');
const FLOOR = !process.argv.includes('--no-floor');
const BASELINE = !process.argv.includes('--no-baseline');
/** BENCH_HUB_MAIN: another build's dist/src/main.js (one-process runs), for before/after runs with the same load code. */
const HUB_MAIN = process.env.BENCH_HUB_MAIN ?? MAIN;

async function dropSchema(schema: string): Promise<void> {
  const c = new Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
  await c.end();
}

run(async () => {
  const prefix = `bench${randomBytes(3).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-'));
  const port = 3900 + Math.floor(Math.random() * 90);
  const env = {
    PORT: String(port),
    DATA_DIR: dataDir,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    WEBCHAT_RATE_PER_MIN: '10000',
    // Every client comes from 127.0.0.1: the per-address limits would stop the load itself.
    WEBCHAT_MESSAGES_PER_IP_PER_MIN: '1000000',
    WEBCHAT_SESSIONS_PER_IP_PER_HOUR: '1000000',
    INBOUND_CONCURRENCY: '16',
    OUTBOUND_CONCURRENCY: '16',
    ...(POSTGRES ? { DATABASE_URL: PG_URL, DATABASE_SCHEMA: prefix } : {}),
  };
  const db = POSTGRES ? 'PostgreSQL' : 'SQLite';
  let hub;
  let workers: HubProcess[] = [];
  let figures;
  try {
    // The api process migrates the database first; the workers start on the migrated one.
    hub = await startServer([HUB_MAIN], { ...env, HUB_ROLE: WORKERS ? 'api' : 'all' }, port);
    workers = Array.from({ length: WORKERS }, () => new HubProcess('worker', port, { ...(process.env as Record<string, string>), ...env, HUB_ROLE: 'worker' }));
    await Promise.all(workers.map((w) => w.ready()));
    console.log(
      `ingest: ${CLIENTS} clients for ${SECONDS} s against ${db} + Redis (${WORKERS ? `api pid ${hub.pid}, worker pids ${workers.map((w) => w.child.pid).join(' ')}` : `hub pid ${hub.pid}`})`,
    );
    figures = await drive(
      `ingest (${db}, ${WORKERS ? `api + ${WORKERS} worker${WORKERS > 1 ? 's' : ''}` : 'one process'})`,
      `http://127.0.0.1:${port}`,
      [{ role: WORKERS ? 'api' : 'hub', child: hub }, ...workers.map((w, i) => ({ role: `worker${i + 1}`, child: w.child }))],
      CLIENTS,
      SECONDS,
    );
  } finally {
    for (const p of [hub, ...workers.map((w) => w.child)]) if (p && p.exitCode === null) p.kill('SIGKILL');
    await dropKeys(prefix);
    if (POSTGRES) await dropSchema(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const out: Record<string, unknown> = { database: db.toLowerCase(), workers: WORKERS, ...figures };
  if (FLOOR) {
    const floor = await runFloor(CLIENTS, SECONDS);
    Object.assign(out, {
      floor_msgs_per_s: floor.msgs_per_s,
      floor_p99_ms: floor.p99_ms,
      floor_cpu_ms_per_msg: floor.processes[0].cpu_ms_per_msg,
      ratio_to_floor: Number((figures.msgs_per_s / floor.msgs_per_s).toFixed(3)),
    });
  }
  if (BASELINE) {
    const base = await measureBaseline(prefix, CLIENTS, SECONDS);
    Object.assign(out, { baseline_bullmq_jobs_per_s: base, ratio: Number((figures.msgs_per_s / base).toFixed(3)) });
    await dropKeys(prefix);
  }
  console.log(JSON.stringify(out));
});
