/**
 * The load both ingest benchmarks put on a server: N web chat clients, each
 * sending a message and waiting for the reply before the next, and the bare
 * BullMQ add → process loop they are compared with.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { io, Socket } from 'socket.io-client';
import { scaledDeadline } from '../test/support/hub-process';

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

/**
 * Each client first connects and has one message answered (the session, contact and conversation
 * set-up); when all have, `onMeasure` is called and the measured window of `seconds` starts, so the
 * figures are the steady state rather than 200 sessions being set up.
 */
export async function runClients(
  url: string,
  clients: number,
  seconds: number,
  onMeasure: () => void = () => undefined,
): Promise<{ messages: number; latencies: number[]; warmupMs: number }> {
  const latencies: number[] = [];
  let messages = 0;
  let deadline = Infinity;
  let warm = 0;
  let startMeasuring!: () => void;
  const measuring = new Promise<void>((r) => (startMeasuring = r));
  const t0 = performance.now();
  let warmupMs = 0;
  const sockets: Socket[] = [];
  async function client(n: number): Promise<void> {
    const s = io(`${url}/webchat`, { transports: ['websocket'], forceNew: true });
    sockets.push(s);
    await within(30_000, new Promise<void>((r) => s.once('session', () => r())), `client ${n}: no session`);
    let waiting: ((v: void) => void) | null = null;
    s.on('message', () => waiting?.());
    const exchange = async (i: number): Promise<number> => {
      const sent = performance.now();
      const replied = new Promise<void>((r) => (waiting = r));
      const ack = await s.timeout(30_000).emitWithAck('message', { clientMessageId: `b${n}-${i}`, text: `halo ${i}` });
      if (!ack.ok) throw new Error(ack.error);
      // A reply that never comes is a lost message: fail loudly instead of hanging.
      await within(30_000, replied, `client ${n}: no reply to message ${i}`);
      return performance.now() - sent;
    };
    await exchange(0);
    if (++warm === clients) {
      warmupMs = performance.now() - t0;
      deadline = Date.now() + seconds * 1000;
      onMeasure();
      startMeasuring();
    }
    await measuring;
    for (let i = 1; Date.now() < deadline; i++) {
      latencies.push(await exchange(i));
      messages++;
    }
  }
  await Promise.all(Array.from({ length: clients }, (_, n) => client(n)));
  sockets.forEach((s) => s.close());
  return { messages, latencies, warmupMs };
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
  // A busy machine starts the hub slower: the same load-scaled deadline as the tests' readiness wait.
  const deadline = Date.now() + scaledDeadline(30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
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

/** A process the figures are about, by role: its CPU over the client run and its peak memory. */
export interface ProcFigures {
  role: string;
  pid: number;
  cpu_ms: number;
  cpu_ms_per_msg: number;
  /** Of the whole core time the run lasted. */
  cpu_pct: number;
  /** VmHWM: the most resident memory the process ever had. */
  peak_rss_mb: number;
}

export interface RunFigures {
  clients: number;
  messages: number;
  msgs_per_s: number;
  p50_ms: number;
  p99_ms: number;
  processes: ProcFigures[];
  /** The most the server processes held resident at once (sampled every 200 ms), all together. */
  peak_rss_mb: number;
  /** How long connecting every client and answering its first message took (before the window). */
  warmup_ms: number;
}

let clockTicks = 0;
/** Clock ticks per second, the unit of utime/stime in /proc/<pid>/stat. */
function ticksPerSecond(): number {
  if (!clockTicks) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime + stime of a process in ms (Linux /proc); NaN where /proc is not there. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / ticksPerSecond();
  } catch {
    return NaN;
  }
}

/** A field of /proc/<pid>/status in MB (VmRSS, VmHWM); NaN where /proc is not there. */
export function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

/**
 * Drives the clients against started server processes and stops them;
 * prints the figures (CPU per process from /proc over the client run, peak
 * RSS) and returns them.
 */
export async function drive(
  label: string,
  url: string,
  servers: { role: string; child: ChildProcess }[],
  clients: number,
  seconds: number,
): Promise<RunFigures> {
  const pids = servers.map((s) => s.child.pid!);
  let peakTogether = 0;
  const sample = () =>
    (peakTogether = Math.max(
      peakTogether,
      pids.reduce((sum, pid) => sum + (statusMb(pid, 'VmRSS') || 0), 0),
    ));
  const sampler = setInterval(sample, 200);
  let cpu0 = pids.map(cpuMs);
  let own0 = process.cpuUsage();
  let t0 = performance.now();
  let result;
  try {
    result = await runClients(url, clients, seconds, () => {
      // From here on: the steady state (every client's session already set up).
      cpu0 = pids.map(cpuMs);
      own0 = process.cpuUsage();
      t0 = performance.now();
    });
  } finally {
    clearInterval(sampler);
  }
  const wall = performance.now() - t0;
  sample();
  const { messages, latencies } = result;
  const processes: ProcFigures[] = servers.map((s, i) => {
    const ms = cpuMs(pids[i]) - cpu0[i];
    return {
      role: s.role,
      pid: pids[i],
      cpu_ms: Math.round(ms),
      cpu_ms_per_msg: round(ms / Math.max(1, messages), 3),
      cpu_pct: round((100 * ms) / wall),
      peak_rss_mb: round(statusMb(pids[i], 'VmHWM')),
    };
  });
  const own = process.cpuUsage(own0);
  const clientMs = (own.user + own.system) / 1000;
  latencies.sort((a, b) => a - b);
  const msgsPerS = messages / (wall / 1000);
  const figures: RunFigures = {
    clients,
    messages,
    msgs_per_s: round(msgsPerS),
    p50_ms: round(percentile(latencies, 50)),
    p99_ms: round(percentile(latencies, 99)),
    processes,
    peak_rss_mb: round(peakTogether),
    warmup_ms: Math.round(result.warmupMs),
  };
  console.log(
    `${label}: ${messages} messages, ${figures.msgs_per_s} msg/s, p50 ${figures.p50_ms} ms, p99 ${figures.p99_ms} ms (after ${clients} sessions set up in ${Math.round(result.warmupMs)} ms)`,
  );
  for (const p of processes)
    console.log(`  ${p.role} (pid ${p.pid}): CPU ${p.cpu_ms} ms = ${p.cpu_pct} % of a core, ${p.cpu_ms_per_msg} ms per message; peak RSS ${p.peak_rss_mb} MB`);
  console.log(
    `  clients (this process): CPU ${Math.round(clientMs)} ms = ${round((100 * clientMs) / wall)} % of a core; servers' peak RSS together ${figures.peak_rss_mb} MB`,
  );
  await Promise.all(
    servers.map(({ child: p }) => {
      if (p.exitCode !== null) return undefined;
      p.kill('SIGTERM');
      return new Promise((r) => p.once('exit', r));
    }),
  );
  return figures;
}

/** The bare BullMQ loop on the run's Redis, printed; run after the servers stopped (it needs the machine to itself). */
export async function measureBaseline(prefix: string, clients: number, seconds: number): Promise<number> {
  const base = await baseline(`${prefix}b`, clients, seconds);
  console.log(`baseline: bare BullMQ add→process loop ${base.toFixed(1)} jobs/s`);
  return round(base);
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
