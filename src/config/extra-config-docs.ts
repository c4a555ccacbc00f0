import { telegramConfigDocs } from '../../channels/telegram/telegram.config';
import { whatsappCloudConfigDocs } from '../../channels/whatsapp-cloud/whatsapp-cloud.config';
import { whatsappWebConfigDocs } from '../../channels/whatsapp-web/whatsapp-web.config';
import { botConfigDocs } from '../bot/bot.config';
import { consoleConfigDocs } from '../console/console.config';

/**
 * Settings read by modules with their own schema (bot, channels, console).
 * Each module exports its docs; they are listed here for .env.example and the README.
 */
export const EXTRA_CONFIG_DOCS: [string, Record<string, string>][] = [
  ['Bot and permits', botConfigDocs],
  ['Telegram', telegramConfigDocs],
  ['WhatsApp Business Cloud API', whatsappCloudConfigDocs],
  ['WhatsApp Web (whatsapp-web.js)', whatsappWebConfigDocs],
  ['Console: access, routing, SLA, integrity', consoleConfigDocs],
];
