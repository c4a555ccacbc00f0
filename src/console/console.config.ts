import { z } from 'zod';
import { ConfigError } from '../config/config.schema';

const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? def : ['true', '1', 'yes'].includes(v)));
const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
/** Minutes may be fractional so tests can use targets of a few seconds. */
const minutes = (def: number) => z.coerce.number().positive().max(525_600).default(def);
const optional = () =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** Settings of people & access, the console, routing, SLA and the integrity guard. */
export const consoleConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    JWT_SECRET: optional().pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    ACCESS_TOKEN_TTL: int(900, 10, 24 * 3600),
    REFRESH_TOKEN_TTL: int(14 * 24 * 3600, 60, 365 * 24 * 3600),
    SEED_ADMIN_EMAIL: optional().pipe(z.email('must be an e-mail address').optional()),
    SEED_ADMIN_PASSWORD: optional().pipe(z.string().min(10, 'must be at least 10 characters').optional()),
    LOGIN_MAX_ATTEMPTS: int(5, 1, 1000),
    LOGIN_WINDOW_SECONDS: int(900, 1, 86_400),
    LOGIN_ACCOUNT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100_000).optional(),
    LOGIN_IP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100_000).optional(),
    INTEGRITY_BLOCK: bool(false),
    INTEGRITY_ALLOWED_NUMBERS: z.string().default(''),
    AGENCIES: z
      .string()
      .default('PUPR,DLH,Dishub,Dinkes')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[A-Za-z0-9_-]{2,32}$/, 'agency codes are 2-32 letters/digits')).min(1)),
    SLA_FIRST_RESPONSE_MINUTES: minutes(60),
    SLA_RESOLUTION_MINUTES: minutes(3 * 8 * 60),
    SLA_WORKING_HOURS: bool(true),
    REFERRAL_DEFAULT_DAYS: int(3, 1, 60),
    REFERRAL_DUE_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
    PRESENCE_TTL_SECONDS: int(45, 5, 3600),
    ROUTING_SWEEP_SECONDS: int(20, 1, 3600),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && !c.JWT_SECRET) ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'required in production' });
    if (!!c.SEED_ADMIN_EMAIL !== !!c.SEED_ADMIN_PASSWORD)
      ctx.addIssue({ code: 'custom', path: ['SEED_ADMIN_PASSWORD'], message: 'SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD go together' });
  });

export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;

export const CONSOLE_CONFIG = Symbol('CONSOLE_CONFIG');

export const consoleConfigDocs: Record<Exclude<keyof ConsoleConfig, 'NODE_ENV'>, string> = {
  JWT_SECRET: 'secret signing console access tokens (≥ 32 chars); required in production, otherwise a random one is kept in DATA_DIR/jwt-secret',
  ACCESS_TOKEN_TTL: 'lifetime of an access token in seconds; default 900 (15 minutes)',
  REFRESH_TOKEN_TTL: 'lifetime of a refresh token in seconds (rotated at every use); default 1209600 (14 days)',
  SEED_ADMIN_EMAIL: 'e-mail of the first administrator, created at start when no administrator exists',
  SEED_ADMIN_PASSWORD: 'password of that first administrator (≥ 10 characters); change it after the first login',
  LOGIN_MAX_ATTEMPTS: 'login attempts allowed per e-mail + IP address within LOGIN_WINDOW_SECONDS (a successful login resets that pair); default 5',
  LOGIN_WINDOW_SECONDS: 'window of the login rate limits in seconds; default 900',
  LOGIN_ACCOUNT_MAX_ATTEMPTS: 'login attempts allowed per e-mail over all addresses within LOGIN_WINDOW_SECONDS; default 3 × LOGIN_MAX_ATTEMPTS',
  LOGIN_IP_MAX_ATTEMPTS: 'login attempts allowed per IP address over all e-mails within LOGIN_WINDOW_SECONDS; default 10 × LOGIN_MAX_ATTEMPTS',
  INTEGRITY_BLOCK:
    'true = officers’ messages with a personal phone number, bank account, payment request or private consultant are blocked, not only flagged; default false',
  INTEGRITY_ALLOWED_NUMBERS: 'comma-separated official phone numbers officers may give out (call center, office WhatsApp)',
  AGENCIES: 'codes of the technical agencies conversations can be referred to; default PUPR,DLH,Dishub,Dinkes',
  SLA_FIRST_RESPONSE_MINUTES: 'default first-response target in working minutes (per-team policies override); default 60',
  SLA_RESOLUTION_MINUTES: 'default resolution target in working minutes; default 1440 (3 working days of 8 hours)',
  SLA_WORKING_HOURS: 'true = SLA targets count office hours only (calendar); false = wall-clock minutes; default true',
  REFERRAL_DEFAULT_DAYS: 'working days an agency has to answer a referral when none is given; default 3',
  REFERRAL_DUE_SECONDS: 'testing only: referrals fall due this many seconds after they are made',
  PRESENCE_TTL_SECONDS: 'an officer counts as online this long after the last sign of their console; default 45',
  ROUTING_SWEEP_SECONDS: 'how often waiting conversations and SLA timers are re-checked (safety net); default 20',
};

export function parseConsoleConfig(env: NodeJS.ProcessEnv): ConsoleConfig {
  const known = Object.fromEntries(Object.keys(consoleConfigSchema.shape).map((k) => [k, env[k]]));
  const r = consoleConfigSchema.safeParse(known);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return r.data;
}
