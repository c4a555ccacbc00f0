import { loadTelegramConfig, telegramConfigDocs } from '../../channels/telegram/telegram.config';
import { loadWhatsappCloudConfig, whatsappCloudConfigDocs } from '../../channels/whatsapp-cloud/whatsapp-cloud.config';
import { loadWhatsappWebConfig, whatsappWebConfigDocs } from '../../channels/whatsapp-web/whatsapp-web.config';
import { botConfigDocs, parseBotConfig } from '../bot/bot.config';
import { authConfigDocs, parseAuthConfig } from '../auth/auth.config';
import { consoleConfigDocs, parseConsoleConfig } from '../console/console.config';
import { parseRoutingConfig, routingConfigDocs } from '../routing/routing.config';

/**
 * Settings read by modules with their own schema (bot, channels, console).
 * Each module exports its docs; they are listed here for .env.example and the README.
 */
export const EXTRA_CONFIG_DOCS: [string, Record<string, string>][] = [
  ['Bot and permits', botConfigDocs],
  ['Telegram', telegramConfigDocs],
  ['WhatsApp Business Cloud API', whatsappCloudConfigDocs],
  ['WhatsApp Web (whatsapp-web.js)', whatsappWebConfigDocs],
  ['Officers: accounts, sign-in, agencies', authConfigDocs],
  ['Routing, SLA and referrals', routingConfigDocs],
  ['Console: integrity guard', consoleConfigDocs],
];

/**
 * Validates every module's settings before Nest starts, so a bad channel or
 * bot value stops the process with the same message and exit code (78) as a
 * bad core value, instead of an exception deep in module initialisation.
 */
export function checkExtraConfig(env: NodeJS.ProcessEnv = process.env): void {
  parseBotConfig(env);
  loadTelegramConfig(env);
  loadWhatsappCloudConfig(env);
  loadWhatsappWebConfig(env);
  parseAuthConfig(env);
  parseRoutingConfig(env);
  parseConsoleConfig(env);
}
