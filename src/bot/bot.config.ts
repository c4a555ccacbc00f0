import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../config/config.schema';
import { z } from 'zod';
import { projectPath } from '../common/paths';
import { parseOfficeDays, parseOfficeHours } from '../common/calendar/working-calendar';

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
const optionalString = () =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const path = (def: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? (isAbsolute(v) ? v : resolve(process.cwd(), v)) : def));

/** Application-number patterns: regular expressions separated by `;;` (read case-insensitively). */
const patterns = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v || !v.trim()) return undefined;
    const list = v
      .split(';;')
      .map((p) => p.trim())
      .filter(Boolean);
    for (const p of list) {
      try {
        new RegExp(p, 'gi');
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `invalid regular expression /${p}/: ${(err as Error).message}` });
        return z.NEVER;
      }
    }
    return list;
  });

/** Every environment variable the bot, the permit providers and the calendar read. */
export const botConfigSchema = z.object({
  OFFICE_HOURS: z
    .string()
    .default('08:00-16:00')
    .transform((v, ctx) => {
      try {
        return { text: v, ...parseOfficeHours(v) };
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  OFFICE_DAYS: z
    .string()
    .default('1-5')
    .transform((v, ctx) => {
      try {
        return parseOfficeDays(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  HOLIDAYS_FILE: path(projectPath('resources', 'calendar', 'holidays-id.json')),
  KB_DIR: path(projectPath('knowledge-base')),
  OFFICE_CONFIG: path(projectPath('config', 'office.yaml')),
  APP_NUMBER_PATTERNS: patterns,
  PERMITS_PROVIDER: z.enum(['local', 'sipinter']).default('local'),
  SIPINTER_API_URL: optionalString().pipe(z.url({ message: 'must be an http(s) URL' }).optional()),
  SIPINTER_API_TOKEN: optionalString(),
  SIPINTER_API_TIMEOUT_MS: int(5000, 100, 120_000),
  SIPINTER_API_BREAKER_RESET_MS: int(30_000, 100, 3_600_000),
  STATUS_MAX_FAILED_VERIFICATIONS: int(5, 1, 100),
  STATUS_LOCK_MINUTES: int(15, 1, 24 * 60),
  STATUS_ALERT_WINDOW_MINUTES: int(15, 1, 24 * 60),
  STATUS_ALERT_APP_FAILURES: int(10, 1, 100_000),
  STATUS_ALERT_TOTAL_FAILURES: int(50, 1, 1_000_000),
  HANDOFF_AFTER_MISUNDERSTOOD: int(2, 1, 10),
});

export type BotConfig = z.infer<typeof botConfigSchema>;

export const BOT_CONFIG = Symbol('BOT_CONFIG');

/** One line per variable, for the README configuration table. */
export const botConfigDocs: Record<keyof BotConfig, string> = {
  OFFICE_HOURS: 'office hours when officers answer chats, HH:MM-HH:MM in TZ_OFFICE (default 08:00-16:00)',
  OFFICE_DAYS: 'ISO weekdays the office works, e.g. 1-5 (Mon–Fri, default) or 1-6; national holidays and cuti bersama are always off',
  HOLIDAYS_FILE: 'JSON list of national holidays and cuti bersama (default resources/calendar/holidays-id.json, SKB 3 Menteri 2025–2026)',
  KB_DIR: 'knowledge-base directory (default knowledge-base/); reload with POST /api/admin/knowledge/reload',
  OFFICE_CONFIG: 'office values for the {{placeholders}} in answers (default config/office.yaml)',
  APP_NUMBER_PATTERNS: 'application-number regexes separated by ;; (case-insensitive); unset = PBG/2025/10/00456 and SIP-2025-000123 shapes',
  PERMITS_PROVIDER: 'where permit status comes from: local (table permit_applications, npm run permits:import) or sipinter (HTTP API)',
  SIPINTER_API_URL: 'base URL of the SIPINTER status API (PERMITS_PROVIDER=sipinter); GET {url}/applications/{number}',
  SIPINTER_API_TOKEN: 'bearer token for the SIPINTER status API',
  SIPINTER_API_TIMEOUT_MS: 'timeout of one SIPINTER API call in ms (default 5000)',
  SIPINTER_API_BREAKER_RESET_MS: 'after the circuit breaker opens, wait this long before trying the SIPINTER API again (default 30000)',
  STATUS_MAX_FAILED_VERIFICATIONS:
    'failed identity checks by one requester (contact) before their lookups of that application are locked; other requesters are not (default 5)',
  STATUS_LOCK_MINUTES: 'how long one requester’s lookups of an application stay locked after too many failed checks (default 15)',
  STATUS_ALERT_WINDOW_MINUTES: 'window for the supervisors’ verification alerts, from the first failed check in it (default 15)',
  STATUS_ALERT_APP_FAILURES:
    'failed identity checks on one application, by all requesters together within the window, that raise verification.alert to supervisors (default 10)',
  STATUS_ALERT_TOTAL_FAILURES:
    'failed identity checks on all applications together within the window that raise verification.alert to supervisors (default 50)',
  HANDOFF_AFTER_MISUNDERSTOOD: 'turns in a row the bot did not understand before it hands the chat to an officer (default 2)',
};

export function parseBotConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const known = Object.fromEntries(Object.keys(botConfigSchema.shape).map((k) => [k, env[k]]));
  const result = botConfigSchema.safeParse(known);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`);
    throw new ConfigError(`Invalid bot configuration:\n${lines.join('\n')}`);
  }
  const cfg = result.data;
  if (cfg.PERMITS_PROVIDER === 'sipinter' && !cfg.SIPINTER_API_URL)
    throw new ConfigError('Invalid bot configuration:\n  SIPINTER_API_URL: required when PERMITS_PROVIDER=sipinter');
  return cfg;
}
