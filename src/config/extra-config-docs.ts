import { botConfigDocs } from '../bot/bot.config';

/**
 * Settings read by modules with their own schema (bot, channels, console).
 * Each module exports its docs; they are listed here for .env.example and the README.
 */
export const EXTRA_CONFIG_DOCS: [string, Record<string, string>][] = [['Bot and permits', botConfigDocs]];
