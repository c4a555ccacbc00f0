import { z } from 'zod';
import { ConfigError } from '../../src/config/config.schema';

const opt = (schema: z.ZodString) => schema.optional().or(z.literal('').transform(() => undefined));

export const messengerConfigSchema = z
  .object({
    MESSENGER_PAGE_ACCESS_TOKEN: opt(z.string().min(20, 'looks too short for a Graph API access token')),
    MESSENGER_APP_SECRET: opt(z.string().min(16, 'must be the Meta app secret')),
    MESSENGER_VERIFY_TOKEN: opt(z.string().min(8, 'must be at least 8 characters')),
    MESSENGER_API_ROOT: z
      .string()
      .regex(/^https?:\/\/[^\s]+[^/]$/, 'must be an http(s) URL without a trailing slash')
      .default('https://graph.facebook.com/v21.0'),
  })
  .superRefine((c, ctx) => {
    if (!c.MESSENGER_PAGE_ACCESS_TOKEN) return;
    for (const k of ['MESSENGER_APP_SECRET', 'MESSENGER_VERIFY_TOKEN'] as const) {
      if (!c[k]) ctx.addIssue({ code: 'custom', path: [k], message: 'required when MESSENGER_PAGE_ACCESS_TOKEN is set' });
    }
  });

export type MessengerConfig = z.infer<typeof messengerConfigSchema>;

export const messengerConfigDocs: Record<keyof MessengerConfig, string> = {
  MESSENGER_PAGE_ACCESS_TOKEN: "Page access token of the office's Facebook Page (pages_messaging); unset = Messenger disabled",
  MESSENGER_APP_SECRET: 'Meta app secret; verifies X-Hub-Signature-256 of every webhook call to /channels/messenger/webhook',
  MESSENGER_VERIFY_TOKEN: 'token Meta echoes during webhook verification (GET /channels/messenger/webhook)',
  MESSENGER_API_ROOT: 'Graph API root with version; replies are POSTed to {root}/me/messages; default https://graph.facebook.com/v21.0',
};

export function loadMessengerConfig(env: NodeJS.ProcessEnv = process.env): MessengerConfig {
  const known = Object.fromEntries(Object.keys(messengerConfigDocs).map((k) => [k, env[k]]));
  const r = messengerConfigSchema.safeParse(known);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid Facebook Messenger configuration:\n${lines.join('\n')}`);
  }
  return r.data;
}
