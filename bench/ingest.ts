/**
 * Web chat ingest benchmark: N concurrent web chat clients, each sending a
 * message and waiting for the hub's reply before sending the next, for a
 * fixed time, against the embedded default (SQLite + local Redis). The
 * baseline is a bare BullMQ add → process loop with the same number of
 * concurrent producers on the same Redis: the ceiling the pipeline can approach.
 *
 *   npm run bench:ingest -- [--clients 200] [--seconds 20] [--workers N]
 * --workers N runs one HUB_ROLE=api process and N HUB_ROLE=worker processes
 * on the same SQLite file instead of one HUB_ROLE=all process.
 * Prints figures as it goes; the last line is one JSON object.
 * `npm run bench:ingest-floor` runs the same load against the bare skeleton.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubProcess, MAIN } from '../test/support/hub-process';
import { arg, dropKeys, measure, run, startServer } from './webchat-load';

const CLIENTS = arg('clients', 200);
const SECONDS = arg('seconds', 20);
const WORKERS = arg('workers', 0);

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
  };
  // The api process migrates the database first; the worker starts on the migrated file.
  const hub = await startServer([MAIN], { ...env, HUB_ROLE: WORKERS ? 'api' : 'all' }, port);
  const workers = Array.from(
    { length: WORKERS },
    () => new HubProcess('worker', port, { ...(process.env as Record<string, string>), ...env, HUB_ROLE: 'worker' }),
  );
  await Promise.all(workers.map((w) => w.ready()));
  try {
    console.log(
      `ingest: ${CLIENTS} clients for ${SECONDS} s against SQLite + Redis (${WORKERS ? `api pid ${hub.pid}, worker pids ${workers.map((w) => w.child.pid).join(' ')}` : `hub pid ${hub.pid}`})`,
    );
    await measure(
      'ingest',
      `http://127.0.0.1:${port}`,
      hub,
      prefix,
      CLIENTS,
      SECONDS,
      workers.map((w) => w.child),
    );
  } finally {
    for (const p of [hub, ...workers.map((w) => w.child)]) if (p.exitCode === null) p.kill('SIGKILL');
    await dropKeys(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
