import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../config/config.schema';
import { z } from 'zod';
import { projectPath } from '../common/paths';
import { DEFAULT_NLU_CACHE_DIR } from './nlu/engine-cache';

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
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

/**
 * Every environment variable the bot reads. Office hours are the calendar's
 * (src/common/calendar/calendar.config.ts), the permit provider's settings
 * are the permits module's (src/permits/permits.config.ts).
 */
export const botConfigSchema = z.object({
  KB_DIR: path(projectPath('knowledge-base')),
  OFFICE_CONFIG: path(projectPath('config', 'office.yaml')),
  APP_NUMBER_PATTERNS: patterns,
  STATUS_MAX_FAILED_VERIFICATIONS: int(5, 1, 100),
  STATUS_LOCK_MINUTES: int(15, 1, 24 * 60),
  STATUS_ALERT_WINDOW_MINUTES: int(15, 1, 24 * 60),
  STATUS_ALERT_APP_FAILURES: int(10, 1, 100_000),
  STATUS_ALERT_TOTAL_FAILURES: int(50, 1, 1_000_000),
  HANDOFF_AFTER_MISUNDERSTOOD: int(2, 1, 10),
  FAQ_PART_CHARS: int(600, 200, 4000),
  // Unset: the default directory; set but empty: no disk cache.
  NLU_CACHE_DIR: z
    .string()
    .optional()
    .transform((v) => (v === undefined ? DEFAULT_NLU_CACHE_DIR : v.trim() ? (isAbsolute(v) ? v : resolve(process.cwd(), v)) : '')),
});

export type BotConfig = z.infer<typeof botConfigSchema>;

export const BOT_CONFIG = Symbol('BOT_CONFIG');

/** One line per variable, for the README configuration table. */
export const botConfigDocs: Record<keyof BotConfig, string> = {
  KB_DIR:
    'knowledge-base directory (default knowledge-base/): imported into the database at the first start; edit in the console (Pengetahuan), write back with npm run kb:export',
  OFFICE_CONFIG:
    'office values for the {{placeholders}} in answers (default config/office.yaml): imported at the first start, then edited in the console by administrators',
  APP_NUMBER_PATTERNS: 'application-number regexes separated by ;; (case-insensitive); unset = PBG/2025/10/00456 and SIP-2025-000123 shapes',
  STATUS_MAX_FAILED_VERIFICATIONS:
    'failed identity checks by one requester (contact) before their lookups of that application are locked; other requesters are not (default 5)',
  STATUS_LOCK_MINUTES: 'how long one requester’s lookups of an application stay locked after too many failed checks (default 15)',
  STATUS_ALERT_WINDOW_MINUTES: 'window for the supervisors’ verification alerts, from the first failed check in it (default 15)',
  STATUS_ALERT_APP_FAILURES:
    'failed identity checks on one application, by all requesters together within the window, that raise verification.alert to supervisors (default 10)',
  STATUS_ALERT_TOTAL_FAILURES:
    'failed identity checks on all applications together within the window that raise verification.alert to supervisors (default 50)',
  HANDOFF_AFTER_MISUNDERSTOOD: 'turns in a row the bot did not understand before it hands the chat to an officer (default 2)',
  FAQ_PART_CHARS:
    'longest FAQ answer part in characters: a longer answer is sent as its intro and numbered steps first, the rest behind a "Selengkapnya" quick reply (default 600)',
  NLU_CACHE_DIR:
    'where trained classifier engines are kept, by a hash of the knowledge base and resources, so a start with unchanged content skips training (default node_modules/.cache/sipinter-nlu; empty = train at every start)',
};

export function parseBotConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const known = Object.fromEntries(Object.keys(botConfigSchema.shape).map((k) => [k, env[k]]));
  const result = botConfigSchema.safeParse(known);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`);
    throw new ConfigError(`Invalid bot configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
