import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import type { EmbeddedRedisOutcome } from './redis/redis-durability';

function answers(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ port, host });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => {
      s.write('PING\r\n');
    });
    s.once('data', (d) => done(d.toString().startsWith('+PONG')));
    s.once('error', () => done(false));
  });
}

export class RedisUnavailableError extends Error {}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/**
 * For the embedded default (REDIS_URL unset): use a Redis on the local port,
 * or start redis-server from PATH with its data in DATA_DIR/redis (append-only
 * file, so queued messages survive a restart). It runs daemonised and is
 * shared by every hub process on this machine.
 */
export async function ensureEmbeddedRedis(port: number, dataDir: string, log: (m: string) => void): Promise<EmbeddedRedisOutcome> {
  // Not ours: its persistence is whatever its owner configured (/health reports it).
  if (await answers(port)) return 'found-running';
  const bin = findOnPath('redis-server');
  if (!bin) {
    throw new RedisUnavailableError(
      `Nothing answers on 127.0.0.1:${port} and redis-server is not installed.\n` +
        `Install Redis 7 (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis), ` +
        `or set REDIS_URL=redis://host:6379 to use an existing server.`,
    );
  }
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  log(`starting local redis-server on 127.0.0.1:${port} (data in ${dir})`);
  const child = spawn(
    bin,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--daemonize',
      'yes',
      '--logfile',
      join(dir, 'redis.log'),
    ],
    { stdio: 'ignore' },
  );
  await new Promise((r) => child.once('exit', r));
  for (let i = 0; i < 50; i++) {
    if (await answers(port)) return 'started';
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new RedisUnavailableError(`redis-server was started but does not answer on 127.0.0.1:${port}; see ${join(dir, 'redis.log')}`);
}
