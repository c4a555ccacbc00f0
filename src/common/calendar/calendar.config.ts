import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../config/config.schema';
import { projectPath } from '../paths';
import { parseOfficeDays, parseOfficeHours } from './working-calendar';

const path = (def: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? (isAbsolute(v) ? v : resolve(process.cwd(), v)) : def));

/** The office's working time: read by the calendar, the bot's hand-off wording, routing and SLA timers. */
export const calendarConfigSchema = z.object({
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
});

export type CalendarConfig = z.infer<typeof calendarConfigSchema>;

export const CALENDAR_CONFIG = Symbol('CALENDAR_CONFIG');

/** One line per variable, for the README configuration table. */
export const calendarConfigDocs: Record<keyof CalendarConfig, string> = {
  OFFICE_HOURS: 'office hours when officers answer chats, HH:MM-HH:MM in TZ_OFFICE (default 08:00-16:00)',
  OFFICE_DAYS: 'ISO weekdays the office works, e.g. 1-5 (Mon–Fri, default) or 1-6; national holidays and cuti bersama are always off',
  HOLIDAYS_FILE: 'JSON list of national holidays and cuti bersama (default resources/calendar/holidays-id.json, SKB 3 Menteri 2025–2026)',
};

export function parseCalendarConfig(env: NodeJS.ProcessEnv = process.env): CalendarConfig {
  const known = Object.fromEntries(Object.keys(calendarConfigSchema.shape).map((k) => [k, env[k]]));
  const result = calendarConfigSchema.safeParse(known);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`);
    throw new ConfigError(`Invalid calendar configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
