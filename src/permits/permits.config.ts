import { z } from 'zod';
import { ConfigError } from '../config/config.schema';

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
const optionalString = () =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** Where permit status comes from: the local registry or the SIPINTER HTTP API. */
export const permitsConfigSchema = z.object({
  PERMITS_PROVIDER: z.enum(['local', 'sipinter']).default('local'),
  SIPINTER_API_URL: optionalString().pipe(z.url({ message: 'must be an http(s) URL' }).optional()),
  SIPINTER_API_TOKEN: optionalString(),
  SIPINTER_API_TIMEOUT_MS: int(5000, 100, 120_000),
  SIPINTER_API_BREAKER_RESET_MS: int(30_000, 100, 3_600_000),
});

export type PermitsConfig = z.infer<typeof permitsConfigSchema>;

export const PERMITS_CONFIG = Symbol('PERMITS_CONFIG');

/** One line per variable, for the README configuration table. */
export const permitsConfigDocs: Record<keyof PermitsConfig, string> = {
  PERMITS_PROVIDER: 'where permit status comes from: local (table permit_applications, npm run permits:import) or sipinter (HTTP API)',
  SIPINTER_API_URL: 'base URL of the SIPINTER status API (PERMITS_PROVIDER=sipinter); GET {url}/applications/{number}',
  SIPINTER_API_TOKEN: 'bearer token for the SIPINTER status API',
  SIPINTER_API_TIMEOUT_MS: 'timeout of one SIPINTER API call in ms (default 5000)',
  SIPINTER_API_BREAKER_RESET_MS: 'after the circuit breaker opens, wait this long before trying the SIPINTER API again (default 30000)',
};

export function parsePermitsConfig(env: NodeJS.ProcessEnv = process.env): PermitsConfig {
  const known = Object.fromEntries(Object.keys(permitsConfigSchema.shape).map((k) => [k, env[k]]));
  const result = permitsConfigSchema.safeParse(known);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`);
    throw new ConfigError(`Invalid permits configuration:\n${lines.join('\n')}`);
  }
  const cfg = result.data;
  if (cfg.PERMITS_PROVIDER === 'sipinter' && !cfg.SIPINTER_API_URL)
    throw new ConfigError('Invalid permits configuration:\n  SIPINTER_API_URL: required when PERMITS_PROVIDER=sipinter');
  return cfg;
}
