import { z } from 'zod';
import { envBool, parseEnv } from '../config/env-schema';

/** Settings of the console itself: the integrity guard on officers' messages. */
const shape = {
  INTEGRITY_BLOCK: envBool(false),
  INTEGRITY_ALLOWED_NUMBERS: z.string().default(''),
};

export const consoleConfigSchema = z.object(shape);

export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;

export const CONSOLE_CONFIG = Symbol('CONSOLE_CONFIG');

export const consoleConfigDocs: Record<keyof ConsoleConfig, string> = {
  INTEGRITY_BLOCK:
    'true = officers’ messages with a personal phone number, bank account, payment request or private consultant are blocked, not only flagged; default false',
  INTEGRITY_ALLOWED_NUMBERS: 'comma-separated official phone numbers officers may give out (call center, office WhatsApp)',
};

export const parseConsoleConfig = (env: NodeJS.ProcessEnv): ConsoleConfig => parseEnv(consoleConfigSchema, shape, env);
