/**
 * Soak benchmark: N web chat clients (default 200) for a long run (default 20
 * minutes) against one HUB_ROLE=api and one HUB_ROLE=worker process on
 * PostgreSQL and Redis, loopback only. Each client sends a message and waits
 * for the reply before the next (bounded: at most N messages in flight).
 *
 *   npm run bench:soak -- [--minutes 20] [--clients 200]
 *
 * Prints, per minute: messages answered, p50/p99 send → reply, and each
 * process's RSS and event-loop delay (the hub's own "hub stats" line, printed
 * at LOG_LEVEL=debug); at the end: lost (acked, never answered), duplicated
 * (one message id received twice by a client) and stuck pending (outbound
 * rows still 'pending' after the load stops). The last line is one JSON object.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { io, Socket } from 'socket.io-client';
import { freePort, MAIN, PG_URL } from '../test/support/hub-process';
import { arg, dropKeys, percentile, REDIS_URL, run, startServer } from './webchat-load';

const MINUTES = arg('minutes', 20);
const CLIENTS = arg('clients', 200);
const REPLY_TIMEOUT_MS = 30_000;

interface Stats {
  rss: number;
  p99: number;
  max: number;
}
const latest: Record<string, Stats> = {};
const worst: Record<string, Stats> = {};

function onLine(line: string): void {
  const m = /hub stats role=(\w+) pid=\d+ rss_mb=([\d.]+) loop_p50_ms=[\d.]+ loop_p99_ms=([\d.]+) loop_max_ms=([\d.]+)/.exec(line);
  if (!m) return;
  const s = { rss: Number(m[2]), p99: Number(m[3]), max: Number(m[4]) };
  latest[m[1]] = s;
  const w = (worst[m[1]] ??= { ...s });
  w.rss = Math.max(w.rss, s.rss);
  w.p99 = Math.max(w.p99, s.p99);
  w.max = Math.max(w.max, s.max);
}

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let buf = '';
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited (${code})`)));
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) {
        if (/hub worker ready/.test(l)) resolve(child);
        onLine(l);
      }
    });
  });
}

run(async () => {
  const id = `soak${randomBytes(3).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-soak-'));
  const port = await freePort();
  const env = {
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: PG_URL,
    DATABASE_SCHEMA: id,
    REDIS_URL,
    REDIS_PREFIX: id,
    // Debug is what prints the "hub stats" lines; message bodies stay redacted from the stats.
    LOG_LEVEL: 'debug',
    WEBCHAT_RATE_PER_MIN: '10000',
    // Every client comes from 127.0.0.1: the per-address limits would stop the load itself.
    WEBCHAT_MESSAGES_PER_IP_PER_MIN: '1000000',
    WEBCHAT_SESSIONS_PER_IP_PER_HOUR: '1000000',
  };
  // The api process migrates the schema first; the worker starts on it.
  const api = await startServer([MAIN], { ...env, HUB_ROLE: 'api' }, port, onLine);
  const worker = await startWorker({ ...env, HUB_ROLE: 'worker', PORT: '0' });
  let exits = 0;
  for (const p of [api, worker]) p.once('exit', () => exits++);
  const url = `http://127.0.0.1:${port}`;
  console.log(`soak: ${CLIENTS} web chat clients for ${MINUTES} min against PostgreSQL + Redis (api pid ${api.pid}, worker pid ${worker.pid})`);

  const started = Date.now();
  const deadline = started + MINUTES * 60_000;
  const buckets: number[][] = [[]];
  const all: number[] = [];
  let lost = 0;
  let duplicated = 0;
  let refused = 0;
  const sockets: Socket[] = [];

  async function client(n: number): Promise<void> {
    const s = io(`${url}/webchat`, { transports: ['websocket'], forceNew: true });
    sockets.push(s);
    await new Promise<void>((r) => s.once('session', () => r()));
    const seen = new Set<string>();
    let waiting: (() => void) | null = null;
    s.on('message', (m: { id: string }) => {
      if (seen.has(m.id)) duplicated++;
      seen.add(m.id);
      waiting?.();
    });
    for (let i = 0; Date.now() < deadline; i++) {
      const t0 = performance.now();
      const replied = new Promise<boolean>((r) => {
        const t = setTimeout(() => r(false), REPLY_TIMEOUT_MS);
        waiting = () => (clearTimeout(t), r(true));
      });
      const ack = await s
        .timeout(REPLY_TIMEOUT_MS)
        .emitWithAck('message', { clientMessageId: `s${n}-${i}`, text: `halo ${i}` })
        .catch(() => ({ ok: false }));
      if (!ack.ok) {
        refused++;
        waiting = null;
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      if (!(await replied)) {
        lost++;
        continue;
      }
      waiting = null;
      const ms = performance.now() - t0;
      all.push(ms);
      // Replies after the last full minute count in the totals only.
      buckets[Math.floor((Date.now() - started) / 60_000)]?.push(ms);
    }
  }

  const report = setInterval(() => {
    const minute = buckets.length;
    const l = buckets[minute - 1].sort((a, b) => a - b);
    buckets.push([]);
    const proc = (r: string) => (latest[r] ? `${r} rss ${latest[r].rss} MB, loop p99 ${latest[r].p99} ms max ${latest[r].max} ms` : `${r} (no stats yet)`);
    console.log(
      `minute ${minute}: ${l.length} answered, p50 ${percentile(l, 50).toFixed(1)} ms, p99 ${percentile(l, 99).toFixed(1)} ms | ${proc('api')} | ${proc('worker')}`,
    );
  }, 60_000);

  try {
    await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
    clearInterval(report);
    sockets.forEach((s) => s.close());
    // Let the last sends settle, then count outbound rows that still look unsent.
    await new Promise((r) => setTimeout(r, 5000));
    const db = new Client({ connectionString: PG_URL });
    await db.connect();
    const stuck = Number((await db.query(`SELECT count(*)::int AS n FROM "${id}".messages WHERE direction = 'out' AND delivery_status = 'pending'`)).rows[0].n);
    const total = Number((await db.query(`SELECT count(*)::int AS n FROM "${id}".messages WHERE direction = 'in'`)).rows[0].n);
    await db.query(`DROP SCHEMA IF EXISTS "${id}" CASCADE`);
    await db.end();
    all.sort((a, b) => a - b);
    console.log(
      `total: ${all.length} answered of ${total} stored, p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms; lost ${lost}, duplicated ${duplicated}, stuck pending ${stuck}, refused ${refused}, process exits ${exits}`,
    );
    console.log(JSON.stringify({ clients: CLIENTS, minutes: MINUTES, answered: all.length, lost, duplicated, stuck_pending: stuck, refused, exits, worst }));
  } finally {
    clearInterval(report);
    for (const p of [api, worker]) if (p.exitCode === null) p.kill('SIGTERM');
    await dropKeys(id);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
