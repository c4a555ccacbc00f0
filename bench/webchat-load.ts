/**
 * The load both ingest benchmarks put on a server: N web chat clients, each
 * sending a message and waiting for the reply before the next, and the bare
 * BullMQ add → process loop they are compared with.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { io, Socket } from 'socket.io-client';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(what)), ms)))]).finally(() => clearTimeout(timer));
}

export async function runClients(url: string, clients: number, seconds: number): Promise<{ messages: number; latencies: number[] }> {
  const latencies: number[] = [];
  let messages = 0;
  const deadline = Date.now() + seconds * 1000;
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
  await Promise.all(Array.from({ length: clients }, (_, n) => client(n)));
  sockets.forEach((s) => s.close());
  return { messages, latencies };
}

export async function baseline(prefix: string, clients: number, seconds: number): Promise<number> {
  const conn = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('baseline', { connection: conn, prefix });
  const waiters = new Map<string, () => void>();
  const workerConn = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const worker = new Worker('baseline', async () => undefined, { connection: workerConn, prefix, concurrency: 16 });
  worker.on('completed', (job) => waiters.get(job.id!)?.());
  let done = 0;
  const deadline = Date.now() + Math.min(seconds, 10) * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, n) => {
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
  return done / Math.min(seconds, 10);
}

/** Starts a server process and waits until GET /health answers 200; `onLine` gets its stdout lines instead of the terminal. */
export async function startServer(args: string[], env: Record<string, string>, port: number, onLine?: (line: string) => void): Promise<ChildProcess> {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', onLine ? 'pipe' : 'inherit', 'inherit'] });
  if (onLine) {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      lines.forEach(onLine);
    });
  }
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill('SIGKILL');
  throw new Error(`${args.join(' ')} did not start`);
}

/**
 * Drives the clients against a started server, stops it, measures the
 * baseline on the same Redis, and prints the figures; the last line is JSON.
 */
export async function measure(
  label: string,
  url: string,
  server: ChildProcess,
  prefix: string,
  clients: number,
  seconds: number,
  workers: ChildProcess[] = [],
): Promise<void> {
  const { messages, latencies } = await runClients(url, clients, seconds);
  latencies.sort((a, b) => a - b);
  const msgsPerS = messages / seconds;
  const p50 = percentile(latencies, 50).toFixed(1);
  const p99 = percentile(latencies, 99).toFixed(1);
  console.log(`${label}: ${messages} messages, ${msgsPerS.toFixed(1)} msg/s, p50 ${p50} ms, p99 ${p99} ms`);
  // Stopped before the baseline, which needs the machine to itself.
  await Promise.all(
    [server, ...workers].map((p) => {
      if (p.exitCode !== null) return undefined;
      p.kill('SIGTERM');
      return new Promise((r) => p.once('exit', r));
    }),
  );
  const base = await baseline(`${prefix}b`, clients, seconds);
  console.log(`baseline: bare BullMQ add→process loop ${base.toFixed(1)} jobs/s`);
  console.log(
    JSON.stringify({
      clients,
      messages,
      msgs_per_s: Number(msgsPerS.toFixed(1)),
      p50_ms: Number(p50),
      p99_ms: Number(p99),
      baseline_bullmq_jobs_per_s: Number(base.toFixed(1)),
      ratio: Number((msgsPerS / base).toFixed(3)),
    }),
  );
}

/** Deletes every Redis key under the run's prefix. */
export async function dropKeys(prefix: string): Promise<void> {
  const r = new IORedis(REDIS_URL);
  const keys = await r.keys(`${prefix}*`);
  for (let i = 0; i < keys.length; i += 500) await r.del(...keys.slice(i, i + 500));
  await r.quit();
}

/** Runs a benchmark's main and exits: open handles must not keep the process alive after the figures. */
export function run(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
