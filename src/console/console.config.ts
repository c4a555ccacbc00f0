import { z } from 'zod';
import { envBool, parseEnv } from '../config/env-schema';

/** Settings of the console itself: the integrity guard on officers' messages, the size of files they send. */
const shape = {
  INTEGRITY_BLOCK: envBool(false),
  INTEGRITY_ALLOWED_NUMBERS: z.string().default(''),
  // The same default as the channels' inbound media limit (WHATSAPP_CLOUD_MEDIA_MAX_BYTES, TELEGRAM_MEDIA_MAX_BYTES).
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(10 * 1024 * 1024),
};

export const consoleConfigSchema = z.object(shape);

export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;

export const CONSOLE_CONFIG = Symbol('CONSOLE_CONFIG');

export const consoleConfigDocs: Record<keyof ConsoleConfig, string> = {
  INTEGRITY_BLOCK:
    'true = officers’ messages with a personal phone number, bank account, payment request or private consultant are blocked, not only flagged; default false',
  INTEGRITY_ALLOWED_NUMBERS: 'comma-separated official phone numbers officers may give out (call center, office WhatsApp)',
  ATTACHMENT_MAX_BYTES: 'largest file (PDF, PNG, JPEG, WebP) an officer may send to a citizen; default 10485760, as for files citizens send',
};

export const parseConsoleConfig = (env: NodeJS.ProcessEnv): ConsoleConfig => parseEnv(consoleConfigSchema, shape, env);
