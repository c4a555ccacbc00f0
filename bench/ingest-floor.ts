/**
 * The floor under bench:ingest: the same clients and baseline against a
 * skeleton that keeps only what any implementation of the web chat contract
 * must do per message (socket.io ack, one BullMQ job with a deterministic
 * id, the reply emitted through the Redis streams adapter), with no storage,
 * no bot, no validation, no rate limit and no logging. Whatever the hub
 * does on top is paid for below these figures.
 *
 *   npm run bench:ingest-floor -- [--clients 200] [--seconds 20]
 * Prints figures as it goes; the last line is one JSON object.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { Server } from 'socket.io';
import { arg, drive, dropKeys, measureBaseline, REDIS_URL, run, RunFigures, startServer } from './webchat-load';

const CLIENTS = arg('clients', 200);
const SECONDS = arg('seconds', 20);

/** The skeleton server, in a process of its own like the hub. */
function serve(port: number, prefix: string): void {
  const redis = () => new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const http = createServer((req, res) => res.writeHead(req.url === '/health' ? 200 : 404).end());
  const io = new Server(http, { adapter: createAdapter(redis(), { streamName: `${prefix}:socket.io`, maxLen: 100_000 }) });
  const queue = new Queue('inbound', { connection: redis(), prefix });
  new Worker(
    'inbound',
    async (job) => {
      io.of('/webchat').to(`visitor:${job.data.visitor}`).emit('message', {
        id: job.id,
        conversationId: job.data.visitor,
        sender: 'bot',
        text: 'Halo, ada yang bisa kami bantu?',
        createdAt: new Date().toISOString(),
      });
    },
    { connection: redis(), prefix, concurrency: 16 },
  );
  io.of('/webchat').on('connection', (socket) => {
    const visitor = randomBytes(12).toString('base64url');
    void socket.join(`visitor:${visitor}`);
    socket.emit('session', { visitorToken: visitor, conversationId: visitor });
    socket.on('message', async (body: { clientMessageId: string; text: string }, ack: (r: unknown) => void) => {
      const jobId = `webchat|${visitor}/${body.clientMessageId}`;
      await queue.add('inbound', { visitor, text: body.text }, { jobId, removeOnComplete: { age: 3600, count: 50_000 } });
      ack({ ok: true, messageId: jobId });
    });
  });
  http.listen(port);
}

/** Starts the skeleton in its own process, drives the clients against it and stops it. */
export async function runFloor(clients: number, seconds: number): Promise<RunFigures> {
  const prefix = `floor${randomBytes(3).toString('hex')}`;
  const port = 3900 + Math.floor(Math.random() * 90);
  const server = await startServer(['-r', '@swc-node/register', __filename, '--serve', String(port)], { FLOOR_PREFIX: prefix }, port);
  try {
    console.log(`ingest floor: ${clients} clients for ${seconds} s against the bare skeleton (pid ${server.pid})`);
    return await drive('ingest floor', `http://127.0.0.1:${port}`, [{ role: 'floor', child: server }], clients, seconds);
  } finally {
    if (server.exitCode === null) server.kill('SIGKILL');
    await dropKeys(prefix);
  }
}

if (process.argv.includes('--serve')) {
  serve(Number(process.argv[process.argv.indexOf('--serve') + 1]), process.env.FLOOR_PREFIX!);
} else if (require.main === module) {
  run(async () => {
    const floor = await runFloor(CLIENTS, SECONDS);
    const base = await measureBaseline(`floor${randomBytes(3).toString('hex')}`, CLIENTS, SECONDS);
    console.log(JSON.stringify({ ...floor, baseline_bullmq_jobs_per_s: base, ratio: Number((floor.msgs_per_s / base).toFixed(3)) }));
  });
}
