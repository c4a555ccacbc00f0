import { AUDIO_TYPES } from '../media-download';
import { z } from 'zod';
import { ConfigError } from '../../src/config/config.schema';

export const telegramConfigSchema = z
  .object({
    TELEGRAM_BOT_TOKEN: z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{10,}$/, 'must look like 123456:ABC-DEF… (from @BotFather)')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    TELEGRAM_MODE: z.enum(['webhook', 'polling']).default('polling'),
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16-256 characters of A-Z a-z 0-9 _ -')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    TELEGRAM_WEBHOOK_URL: z
      .string()
      .regex(/^https?:\/\//, 'must be an http(s) URL')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    TELEGRAM_API_ROOT: z
      .string()
      .regex(/^https?:\/\//, 'must be an http(s) URL')
      .default('https://api.telegram.org'),
    TELEGRAM_POLL_TIMEOUT_S: z.coerce.number().int().min(0).max(50).default(25),
    TELEGRAM_SEND_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(15_000),
    TELEGRAM_MEDIA_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(20 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    TELEGRAM_MEDIA_TYPES: z.string().default(`image/jpeg,image/png,image/webp,application/pdf,${AUDIO_TYPES}`),
    TELEGRAM_RATE_GLOBAL_PER_S: z.coerce.number().int().min(1).max(1000).default(30),
    TELEGRAM_RATE_CHAT_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  })
  .superRefine((c, ctx) => {
    if (c.TELEGRAM_BOT_TOKEN && c.TELEGRAM_MODE === 'webhook') {
      if (!c.TELEGRAM_WEBHOOK_SECRET) ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'required when TELEGRAM_MODE=webhook' });
      if (!c.TELEGRAM_WEBHOOK_URL) ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_URL'], message: 'required when TELEGRAM_MODE=webhook' });
    }
  });

export type TelegramConfig = z.infer<typeof telegramConfigSchema>;

export const telegramConfigDocs: Record<keyof TelegramConfig, string> = {
  TELEGRAM_BOT_TOKEN: 'bot token from @BotFather; unset = Telegram channel disabled',
  TELEGRAM_MODE: 'webhook (Telegram calls POST /channels/telegram/webhook) | polling (one process long-polls getUpdates); default polling',
  TELEGRAM_WEBHOOK_SECRET: 'secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (16-256 chars A-Za-z0-9_-); required in webhook mode',
  TELEGRAM_WEBHOOK_URL: 'public https URL of /channels/telegram/webhook, given to setWebhook at start; required in webhook mode',
  TELEGRAM_API_ROOT: 'Bot API root; default https://api.telegram.org (a local Bot API server or a test fake otherwise)',
  TELEGRAM_POLL_TIMEOUT_S: 'long-polling timeout of getUpdates in seconds; default 25',
  TELEGRAM_SEND_TIMEOUT_MS: 'timeout of one Bot API call before it is retried; default 15000',
  TELEGRAM_MEDIA_MAX_BYTES: 'largest photo/document/voice note downloaded into DATA_DIR/media (bigger ones keep only metadata); default 10485760',
  TELEGRAM_MEDIA_TYPES: `comma-separated MIME types downloaded; default image/jpeg,image/png,image/webp,application/pdf,${AUDIO_TYPES}`,
  TELEGRAM_RATE_GLOBAL_PER_S: 'outbound messages per second for the whole bot (Telegram allows about 30); default 30',
  TELEGRAM_RATE_CHAT_INTERVAL_MS: 'minimum gap between two messages to one chat (Telegram allows about 1/s); default 1000',
};

export function loadTelegramConfig(env: NodeJS.ProcessEnv = process.env): TelegramConfig {
  const known = Object.fromEntries(Object.keys(telegramConfigDocs).map((k) => [k, env[k]]));
  const r = telegramConfigSchema.safeParse(known);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid Telegram configuration:\n${lines.join('\n')}`);
  }
  return r.data;
}
