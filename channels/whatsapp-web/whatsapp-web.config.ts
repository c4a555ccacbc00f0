import { z } from 'zod';
import { ConfigError } from '../../src/config/config.schema';

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

export const whatsappWebConfigSchema = z.object({
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  WHATSAPP_WEB_CHROMIUM_ARGS: z.string().default(''),
  WHATSAPP_WEB_RECONNECT_MIN_MS: int(5000, 100, 3_600_000),
  WHATSAPP_WEB_RECONNECT_MAX_MS: int(300_000, 1000, 24 * 3_600_000),
  WHATSAPP_WEB_INIT_TIMEOUT_MS: int(120_000, 5000, 3_600_000),
});

export type WhatsappWebConfig = z.infer<typeof whatsappWebConfigSchema>;

export const whatsappWebConfigDocs: Record<keyof WhatsappWebConfig, string> = {
  CHROMIUM_PATH: 'Chromium used by whatsapp-web.js (puppeteer never downloads one); default /usr/bin/chromium',
  WHATSAPP_WEB_CHROMIUM_ARGS: 'extra Chromium flags, space-separated (e.g. --proxy-server=http://proxy:3128 on the office network); default none',
  WHATSAPP_WEB_RECONNECT_MIN_MS: 'first wait before restarting a failed or dropped WhatsApp Web session (doubles each time); default 5000',
  WHATSAPP_WEB_RECONNECT_MAX_MS: 'longest wait between restarts; default 300000',
  WHATSAPP_WEB_INIT_TIMEOUT_MS: 'how long loading WhatsApp Web may take before the attempt counts as failed; default 120000',
};

export function loadWhatsappWebConfig(env: NodeJS.ProcessEnv = process.env): WhatsappWebConfig {
  const known = Object.fromEntries(Object.keys(whatsappWebConfigDocs).map((k) => [k, env[k]]));
  const r = whatsappWebConfigSchema.safeParse(known);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid WhatsApp Web configuration:\n${lines.join('\n')}`);
  }
  return r.data;
}
