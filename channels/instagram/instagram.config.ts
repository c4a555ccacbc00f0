import { z } from 'zod';
import { ConfigError } from '../../src/config/config.schema';

const opt = (schema: z.ZodString) => schema.optional().or(z.literal('').transform(() => undefined));

export const instagramConfigSchema = z
  .object({
    INSTAGRAM_ACCESS_TOKEN: opt(z.string().min(20, 'looks too short for a Graph API access token')),
    INSTAGRAM_APP_SECRET: opt(z.string().min(16, 'must be the Meta app secret')),
    INSTAGRAM_VERIFY_TOKEN: opt(z.string().min(8, 'must be at least 8 characters')),
    INSTAGRAM_API_ROOT: z
      .string()
      .regex(/^https?:\/\/[^\s]+[^/]$/, 'must be an http(s) URL without a trailing slash')
      .default('https://graph.instagram.com/v21.0'),
  })
  .superRefine((c, ctx) => {
    if (!c.INSTAGRAM_ACCESS_TOKEN) return;
    for (const k of ['INSTAGRAM_APP_SECRET', 'INSTAGRAM_VERIFY_TOKEN'] as const) {
      if (!c[k]) ctx.addIssue({ code: 'custom', path: [k], message: 'required when INSTAGRAM_ACCESS_TOKEN is set' });
    }
  });

export type InstagramConfig = z.infer<typeof instagramConfigSchema>;

export const instagramConfigDocs: Record<keyof InstagramConfig, string> = {
  INSTAGRAM_ACCESS_TOKEN:
    "access token of the office's Instagram professional account (instagram_business_manage_messages, Instagram Login; or a Page token with Facebook Login); unset = Instagram disabled",
  INSTAGRAM_APP_SECRET:
    'app secret of the Meta app (the Instagram app secret with Instagram Login); verifies X-Hub-Signature-256 of every call to /channels/instagram/webhook',
  INSTAGRAM_VERIFY_TOKEN: 'token Meta echoes during webhook verification (GET /channels/instagram/webhook)',
  INSTAGRAM_API_ROOT:
    'Graph API root with version; replies are POSTed to {root}/me/messages; default https://graph.instagram.com/v21.0 (https://graph.facebook.com/v21.0 with a Page token)',
};

export function loadInstagramConfig(env: NodeJS.ProcessEnv = process.env): InstagramConfig {
  const known = Object.fromEntries(Object.keys(instagramConfigDocs).map((k) => [k, env[k]]));
  const r = instagramConfigSchema.safeParse(known);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid Instagram configuration:\n${lines.join('\n')}`);
  }
  return r.data;
}
