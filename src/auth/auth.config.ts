import { z } from 'zod';
import { envInt, envOptional, parseEnv } from '../config/env-schema';

/** Settings of officers' accounts, sign-in and tokens, and the agencies officers belong to. */
const shape = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  JWT_SECRET: envOptional().pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  ACCESS_TOKEN_TTL: envInt(900, 10, 24 * 3600),
  REFRESH_TOKEN_TTL: envInt(14 * 24 * 3600, 60, 365 * 24 * 3600),
  SEED_ADMIN_EMAIL: envOptional().pipe(z.email('must be an e-mail address').optional()),
  SEED_ADMIN_PASSWORD: envOptional().pipe(z.string().min(10, 'must be at least 10 characters').optional()),
  LOGIN_MAX_ATTEMPTS: envInt(5, 1, 1000),
  LOGIN_WINDOW_SECONDS: envInt(900, 1, 86_400),
  LOGIN_ACCOUNT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100_000).optional(),
  LOGIN_IP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100_000).optional(),
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
};

export const authConfigSchema = z.object(shape).superRefine((c, ctx) => {
  if (c.NODE_ENV === 'production' && !c.JWT_SECRET) ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'required in production' });
  if (!!c.SEED_ADMIN_EMAIL !== !!c.SEED_ADMIN_PASSWORD)
    ctx.addIssue({ code: 'custom', path: ['SEED_ADMIN_PASSWORD'], message: 'SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD go together' });
});

export type AuthConfig = z.infer<typeof authConfigSchema>;

export const AUTH_CONFIG = Symbol('AUTH_CONFIG');

export const authConfigDocs: Record<Exclude<keyof AuthConfig, 'NODE_ENV'>, string> = {
  JWT_SECRET: 'secret signing console access tokens (≥ 32 chars); required in production, otherwise a random one is kept in DATA_DIR/jwt-secret',
  ACCESS_TOKEN_TTL: 'lifetime of an access token in seconds; default 900 (15 minutes)',
  REFRESH_TOKEN_TTL: 'lifetime of a refresh token in seconds (rotated at every use); default 1209600 (14 days)',
  SEED_ADMIN_EMAIL: 'e-mail of the first administrator, created at start when no administrator exists',
  SEED_ADMIN_PASSWORD: 'password of that first administrator (≥ 10 characters); change it after the first login',
  LOGIN_MAX_ATTEMPTS: 'login attempts allowed per e-mail + IP address within LOGIN_WINDOW_SECONDS (a successful login resets that pair); default 5',
  LOGIN_WINDOW_SECONDS: 'window of the login rate limits in seconds; default 900',
  LOGIN_ACCOUNT_MAX_ATTEMPTS: 'login attempts allowed per e-mail over all addresses within LOGIN_WINDOW_SECONDS; default 3 × LOGIN_MAX_ATTEMPTS',
  LOGIN_IP_MAX_ATTEMPTS: 'login attempts allowed per IP address over all e-mails within LOGIN_WINDOW_SECONDS; default 10 × LOGIN_MAX_ATTEMPTS',
  AGENCIES: 'codes of the technical agencies conversations can be referred to; default PUPR,DLH,Dishub,Dinkes',
};

export const parseAuthConfig = (env: NodeJS.ProcessEnv): AuthConfig => parseEnv(authConfigSchema, shape, env);
