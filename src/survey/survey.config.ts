import { z } from 'zod';
import { ConfigError } from '../config/config.schema';

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

/** The IKM survey: how often a citizen is asked, how long a link stays valid, and where the walk-in page lives. */
export const surveyConfigSchema = z.object({
  SURVEY_PERIOD_DAYS: int(30, 1, 366),
  SURVEY_TOKEN_TTL_HOURS: int(72, 1, 24 * 90),
  SURVEY_PUBLIC_URL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim().replace(/\/+$/, '') : undefined))
    .pipe(z.url({ message: 'must be an http(s) URL' }).optional()),
});

export type SurveyConfig = z.infer<typeof surveyConfigSchema>;

export const SURVEY_CONFIG = Symbol('SURVEY_CONFIG');

/** One line per variable, for the README configuration table. */
export const surveyConfigDocs: Record<keyof SurveyConfig, string> = {
  SURVEY_PERIOD_DAYS: 'a citizen is asked for the IKM survey at most once in this many days (default 30)',
  SURVEY_TOKEN_TTL_HOURS: 'how long a survey link (/survei/<token>, walk-in QR or chat link) stays valid, in hours (default 72)',
  SURVEY_PUBLIC_URL:
    'public base URL of this hub (e.g. https://bantuan.dpmptsp.tangerangkab.go.id) for survey links in chat messages and the counter QR; unset = the counter QR uses the request host and chats get no link',
};

export function parseSurveyConfig(env: NodeJS.ProcessEnv = process.env): SurveyConfig {
  const known = Object.fromEntries(Object.keys(surveyConfigSchema.shape).map((k) => [k, env[k]]));
  const result = surveyConfigSchema.safeParse(known);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`);
    throw new ConfigError(`Invalid survey configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
