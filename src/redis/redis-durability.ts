import { Redis } from 'ioredis';

/** How the Redis in use keeps queued jobs across its own restart. */
export type RedisPersistence = 'aof' | 'rdb' | 'none' | 'unknown';

/**
 * What the embedded default did at start (REDIS_URL unset): started its own append-only
 * redis-server, or found one already answering on the local port (whose persistence is its own).
 */
export type EmbeddedRedisOutcome = 'started' | 'found-running';

let embedded: EmbeddedRedisOutcome | null = null;

/** Set once by main.ts before the application starts. */
export function recordEmbeddedRedis(outcome: EmbeddedRedisOutcome): void {
  embedded = outcome;
}

export function embeddedRedisOutcome(): EmbeddedRedisOutcome | null {
  return embedded;
}

const field = (info: string, name: string): string | undefined => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();

/**
 * AOF when `aof_enabled:1`; RDB when snapshots are configured (CONFIG GET save). Managed Redis
 * services often refuse CONFIG: then 'unknown' (an RDB snapshot already taken still says 'rdb').
 */
export async function redisPersistence(client: Redis): Promise<RedisPersistence> {
  const info = await client.info('persistence');
  if (field(info, 'aof_enabled') === '1') return 'aof';
  try {
    const [, save] = (await client.config('GET', 'save')) as [string, string];
    return save?.trim() ? 'rdb' : 'none';
  } catch {
    return Number(field(info, 'rdb_saves') ?? 0) > 0 ? 'rdb' : 'unknown';
  }
}

/** The operator's warning, or null: in production the no-loss promise needs a Redis that persists. */
export function durabilityWarning(p: RedisPersistence, outcome: EmbeddedRedisOutcome | null, production: boolean): string | null {
  if (!production) return null;
  if (p === 'none' || p === 'unknown') {
    const why = p === 'none' ? 'does not persist (no AOF, no RDB snapshots)' : 'persistence could not be read (CONFIG refused)';
    const found =
      outcome === 'found-running'
        ? '; the embedded default found this Redis already running on the local port instead of starting its own append-only one'
        : '';
    return `Redis ${why}${found}: queued messages are lost if Redis restarts; enable appendonly yes`;
  }
  if (outcome === 'found-running' && p !== 'aof') {
    return 'the embedded default found a Redis already running on the local port (not its own append-only one) and it persists only by RDB snapshots: jobs since the last snapshot are lost if it restarts; enable appendonly yes';
  }
  return null;
}
