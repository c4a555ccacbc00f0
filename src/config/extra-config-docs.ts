import { loadTelegramConfig, telegramConfigDocs } from '../../channels/telegram/telegram.config';
import { loadWhatsappCloudConfig, whatsappCloudConfigDocs } from '../../channels/whatsapp-cloud/whatsapp-cloud.config';
import { loadWhatsappWebConfig, whatsappWebConfigDocs } from '../../channels/whatsapp-web/whatsapp-web.config';
import { botConfigDocs, parseBotConfig } from '../bot/bot.config';
import { calendarConfigDocs, parseCalendarConfig } from '../common/calendar/calendar.config';
import { consoleConfigDocs, parseConsoleConfig } from '../console/console.config';
import { parsePermitsConfig, permitsConfigDocs } from '../permits/permits.config';

/**
 * Settings read by modules with their own schema (calendar, bot, permits, channels, console).
 * Each module exports its docs; they are listed here for .env.example and the README.
 */
export const EXTRA_CONFIG_DOCS: [string, Record<string, string>][] = [
  ['Office hours and calendar', calendarConfigDocs],
  ['Bot', botConfigDocs],
  ['Permit status (local registry or SIPINTER API)', permitsConfigDocs],
  ['Telegram', telegramConfigDocs],
  ['WhatsApp Business Cloud API', whatsappCloudConfigDocs],
  ['WhatsApp Web (whatsapp-web.js)', whatsappWebConfigDocs],
  ['Console: access, routing, SLA, integrity', consoleConfigDocs],
];

/**
 * Validates every module's settings before Nest starts, so a bad channel or
 * bot value stops the process with the same message and exit code (78) as a
 * bad core value, instead of an exception deep in module initialisation.
 */
export function checkExtraConfig(env: NodeJS.ProcessEnv = process.env): void {
  parseCalendarConfig(env);
  parseBotConfig(env);
  parsePermitsConfig(env);
  loadTelegramConfig(env);
  loadWhatsappCloudConfig(env);
  loadWhatsappWebConfig(env);
  parseConsoleConfig(env);
}
