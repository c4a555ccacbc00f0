import { z } from 'zod';

/** Env flags are strings; accept the usual spellings of true/false. */
const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? def : ['true', '1', 'yes'].includes(v)));

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

/**
 * Every environment variable the hub reads. `.env.example` mirrors this list;
 * the README's configuration table is generated from the same descriptions.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000, 0, 65535),
  HOST: z.string().default('0.0.0.0'),
  HUB_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (leave unset for the embedded SQLite database)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('hub'),
  EMBEDDED_REDIS_PORT: int(6379, 1, 65535),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_MODE: bool(false),
  ADMIN_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  INBOUND_CONCURRENCY: int(8, 1, 256),
  OUTBOUND_CONCURRENCY: int(8, 1, 256),
  OUTBOUND_ATTEMPTS: int(8, 1, 100),
  OUTBOUND_BACKOFF_MS: int(1000, 10, 3_600_000),
  QUEUE_LOCK_MS: int(30_000, 1000, 600_000),
  WEBCHAT_MAX_TEXT: int(4000, 1, 100_000),
  WEBCHAT_RATE_PER_MIN: int(30, 1, 10_000),
  WEBCHAT_MESSAGES_PER_IP_PER_MIN: int(120, 1, 1_000_000),
  WEBCHAT_SESSIONS_PER_IP_PER_HOUR: int(20, 1, 1_000_000),
  WEBCHAT_EMPTY_SESSION_TTL_S: int(86_400, 1, 30 * 86_400),
  WEBCHAT_CORS_ORIGINS: z.string().default('*'),
  TZ_OFFICE: z.string().default('Asia/Jakarta'),
  PERMIT_EVENTS_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  HUB_FAULT_POINT: z.string().optional(),
});

export type HubConfig = z.infer<typeof configSchema>;

/** One line per variable for the README and .env.example. */
export const configDocs: Record<keyof HubConfig, string> = {
  NODE_ENV: 'development, production or test',
  PORT: 'HTTP port of the api (REST, socket.io, /widget, /health)',
  HOST: 'address the api listens on',
  HUB_ROLE: 'all = api + workers in one process; api = HTTP/socket.io only; worker = queue workers only',
  DATA_DIR: 'local state: the SQLite file, the embedded Redis data, WhatsApp Web session',
  DATABASE_URL: 'PostgreSQL URL; unset = embedded SQLite file DATA_DIR/hub.sqlite',
  DATABASE_SCHEMA: 'PostgreSQL schema to use (created if missing); unset = public',
  REDIS_URL: 'Redis URL; unset = 127.0.0.1:EMBEDDED_REDIS_PORT, starting redis-server from PATH if nothing answers',
  REDIS_PREFIX: 'prefix of every Redis key (queues, socket.io streams); lets several hubs share one Redis',
  EMBEDDED_REDIS_PORT: 'port of the local Redis used when REDIS_URL is unset',
  LOG_LEVEL: 'pino level; message bodies, NIK and phone numbers are redacted at info and above',
  DEMO_MODE:
    'seed demo data (demo users with a known password, permit applications) at start; unset = true only on the embedded SQLite database outside production, never in production (NODE_ENV=production needs DEMO_MODE=true explicitly)',
  ADMIN_TOKEN:
    'bearer token for /api/admin/* (scripts, monitoring; administrators use their login); unset = administrator logins only (with an explicit DEMO_MODE=true also direct requests from this machine)',
  INBOUND_CONCURRENCY: 'inbound jobs one worker process handles at once',
  OUTBOUND_CONCURRENCY: 'outbound jobs per channel one worker process sends at once',
  OUTBOUND_ATTEMPTS: 'send attempts before an outbound job is parked as failed',
  OUTBOUND_BACKOFF_MS: 'first retry delay of an outbound send (exponential)',
  QUEUE_LOCK_MS: 'how long a worker holds a job before another may take it over after a crash',
  WEBCHAT_MAX_TEXT: 'longest web chat message accepted, in characters',
  WEBCHAT_RATE_PER_MIN: 'messages one web chat visitor may send per minute',
  WEBCHAT_MESSAGES_PER_IP_PER_MIN: 'web chat messages one client address may send per minute, all its visitors together',
  WEBCHAT_SESSIONS_PER_IP_PER_HOUR:
    'new web chat sessions (no or unknown visitor token) one client address may open per hour; X-Forwarded-For counts only from a proxy on this machine',
  WEBCHAT_EMPTY_SESSION_TTL_S: 'seconds a web chat session whose visitor never wrote is kept (in Redis, nothing in the database) before it expires',
  WEBCHAT_CORS_ORIGINS: 'comma-separated origins allowed to embed the web chat widget (* = any)',
  TZ_OFFICE: 'time zone of the office, for office hours and working days',
  PERMIT_EVENTS_SECRET: 'HMAC-SHA256 key SIPINTER (or the office import) signs POST /api/permits/events with; unset = endpoint disabled',
  HUB_FAULT_POINT: 'testing only: name of a point where the process kills itself once (crash-safety tests)',
};

export class ConfigError extends Error {}

export function parseConfig(env: NodeJS.ProcessEnv): HubConfig {
  const known = Object.fromEntries(Object.keys(configSchema.shape).map((k) => [k, env[k]]));
  const result = configSchema.safeParse(known);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
