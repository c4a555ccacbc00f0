import { z } from 'zod';
import { ConfigError } from './config.schema';

/** zod building blocks shared by every module's configuration schema. */
export const envBool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? def : ['true', '1', 'yes'].includes(v)));
export const envInt = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
/** Minutes may be fractional so tests can use targets of a few seconds. */
export const envMinutes = (def: number) => z.coerce.number().positive().max(525_600).default(def);
export const envOptional = () =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** Reads the variables a schema names from the environment; a bad value is a ConfigError naming it. */
export function parseEnv<S extends z.ZodObject | z.ZodPipe>(schema: S, shape: Record<string, unknown>, env: NodeJS.ProcessEnv): z.infer<S> {
  const known = Object.fromEntries(Object.keys(shape).map((k) => [k, env[k]]));
  const r = schema.safeParse(known);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return r.data as z.infer<S>;
}
