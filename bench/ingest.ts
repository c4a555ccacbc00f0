/**
 * Web chat ingest benchmark: N concurrent web chat clients, each sending a
 * message and waiting for the hub's reply before sending the next, for a
 * fixed time, against the embedded default (SQLite + local Redis). The
 * baseline is a bare BullMQ add → process loop with the same number of
 * concurrent producers on the same Redis: the ceiling the pipeline can approach.
 *
 *   npm run bench:ingest -- [--clients 200] [--seconds 20]
 * Prints figures as it goes; the last line is one JSON object.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { io, Socket } from 'socket.io-client';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const CLIENTS = arg('clients', 200);
const SECONDS = arg('seconds', 20);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROOT = resolve(__dirname, '..');

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function startHub(prefix: string, dataDir: string, port: number): Promise<ChildProcess> {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist/src/main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      REDIS_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      WEBCHAT_RATE_PER_MIN: '10000',
      INBOUND_CONCURRENCY: '16',
      OUTBOUND_CONCURRENCY: '16',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error('hub did not start');
}

function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(what)), ms)))]).finally(() => clearTimeout(timer));
}

async function runClients(url: string): Promise<{ messages: number; latencies: number[] }> {
  const latencies: number[] = [];
  let messages = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const sockets: Socket[] = [];
  async function client(n: number): Promise<void> {
    const s = io(`${url}/webchat`, { transports: ['websocket'], forceNew: true });
    sockets.push(s);
    await within(30_000, new Promise<void>((r) => s.once('session', () => r())), `client ${n}: no session`);
    let waiting: ((v: void) => void) | null = null;
    s.on('message', () => waiting?.());
    for (let i = 0; Date.now() < deadline; i++) {
      const t0 = performance.now();
      const replied = new Promise<void>((r) => (waiting = r));
      const ack = await s.timeout(30_000).emitWithAck('message', { clientMessageId: `b${n}-${i}`, text: `halo ${i}` });
      if (!ack.ok) throw new Error(ack.error);
      // A reply that never comes is a lost message: fail loudly instead of hanging.
      await within(30_000, replied, `client ${n}: no reply to message ${i}`);
      latencies.push(performance.now() - t0);
      messages++;
    }
  }
  await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
  sockets.forEach((s) => s.close());
  return { messages, latencies };
}

async function baseline(prefix: string): Promise<number> {
  const conn = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('baseline', { connection: conn, prefix });
  const waiters = new Map<string, () => void>();
  const workerConn = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const worker = new Worker('baseline', async () => undefined, { connection: workerConn, prefix, concurrency: 16 });
  worker.on('completed', (job) => waiters.get(job.id!)?.());
  let done = 0;
  const deadline = Date.now() + Math.min(SECONDS, 10) * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, n) => {
      for (let i = 0; Date.now() < deadline; i++) {
        const id = `j${n}-${i}`;
        const finished = new Promise<void>((r) => waiters.set(id, r));
        await queue.add('x', { n, i }, { jobId: id, removeOnComplete: true });
        await finished;
        waiters.delete(id);
        done++;
      }
    }),
  );
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  // BullMQ does not close connections it was given; left open they keep the process alive.
  await Promise.all([conn.quit(), workerConn.quit()]);
  return done / Math.min(SECONDS, 10);
}

async function main(): Promise<void> {
  const prefix = `bench${randomBytes(3).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-'));
  const port = 3900 + Math.floor(Math.random() * 90);
  const hub = await startHub(prefix, dataDir, port);
  try {
    console.log(`ingest: ${CLIENTS} clients for ${SECONDS} s against SQLite + Redis (hub pid ${hub.pid})`);
    const { messages, latencies } = await runClients(`http://127.0.0.1:${port}`);
    latencies.sort((a, b) => a - b);
    const msgsPerS = messages / SECONDS;
    console.log(
      `ingest: ${messages} messages, ${msgsPerS.toFixed(1)} msg/s, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
    );
    hub.kill('SIGTERM');
    await new Promise((r) => hub.once('exit', r));
    const base = await baseline(`${prefix}b`);
    console.log(`baseline: bare BullMQ add→process loop ${base.toFixed(1)} jobs/s`);
    console.log(
      JSON.stringify({
        clients: CLIENTS,
        messages,
        msgs_per_s: Number(msgsPerS.toFixed(1)),
        p50_ms: Number(percentile(latencies, 50).toFixed(1)),
        p99_ms: Number(percentile(latencies, 99).toFixed(1)),
        baseline_bullmq_jobs_per_s: Number(base.toFixed(1)),
        ratio: Number((msgsPerS / base).toFixed(3)),
      }),
    );
  } finally {
    if (hub.exitCode === null) hub.kill('SIGKILL');
    const r = new IORedis(REDIS_URL);
    const keys = await r.keys(`${prefix}*`);
    for (let i = 0; i < keys.length; i += 500) await r.del(...keys.slice(i, i + 500));
    await r.quit();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
