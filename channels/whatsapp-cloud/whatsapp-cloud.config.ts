import { AUDIO_TYPES } from '../media-download';
import { whatsappTransport, WhatsappTransport } from '../whatsapp';
import { z } from 'zod';
import { ConfigError } from '../../src/config/config.schema';

const opt = (schema: z.ZodString) => schema.optional().or(z.literal('').transform(() => undefined));

export const whatsappCloudConfigSchema = z
  .object({
    WHATSAPP_TRANSPORT: z
      .enum(['cloud', 'web', 'none'])
      .optional()
      .or(z.literal('').transform(() => undefined)),
    WHATSAPP_CLOUD_TOKEN: opt(z.string().min(20, 'looks too short for a Graph API access token')),
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: opt(z.string().regex(/^\d{5,20}$/, 'must be the numeric phone number id from the WhatsApp Manager')),
    WHATSAPP_CLOUD_APP_SECRET: opt(z.string().min(16, 'must be the Meta app secret')),
    WHATSAPP_CLOUD_VERIFY_TOKEN: opt(z.string().min(8, 'must be at least 8 characters')),
    WHATSAPP_CLOUD_API_ROOT: z
      .string()
      .regex(/^https?:\/\/[^\s]+[^/]$/, 'must be an http(s) URL without a trailing slash')
      .default('https://graph.facebook.com/v21.0'),
    WHATSAPP_CLOUD_TEMPLATE: opt(z.string().regex(/^[a-z0-9_]+:[A-Za-z_]{2,6}$/, 'must be template_name:language, e.g. sipinter_pemberitahuan:id')),
    WHATSAPP_CLOUD_TEMPLATE_BODY_PARAM: z
      .enum(['true', 'false', '1', '0', ''])
      .optional()
      .transform((v) => v === undefined || v === '' || v === 'true' || v === '1'),
    WHATSAPP_CLOUD_SEND_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(15_000),
    WHATSAPP_CLOUD_MEDIA_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(100 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    WHATSAPP_CLOUD_MEDIA_TYPES: z.string().default(`image/jpeg,image/png,image/webp,application/pdf,${AUDIO_TYPES}`),
  })
  .superRefine((c, ctx) => {
    if (resolveTransport(c) !== 'cloud') return;
    for (const k of ['WHATSAPP_CLOUD_TOKEN', 'WHATSAPP_CLOUD_PHONE_NUMBER_ID', 'WHATSAPP_CLOUD_APP_SECRET', 'WHATSAPP_CLOUD_VERIFY_TOKEN'] as const) {
      if (!c[k]) ctx.addIssue({ code: 'custom', path: [k], message: 'required when the WhatsApp Cloud transport is used' });
    }
  });

export type WhatsappCloudConfig = z.infer<typeof whatsappCloudConfigSchema>;

function resolveTransport(c: Pick<WhatsappCloudConfig, 'WHATSAPP_TRANSPORT' | 'WHATSAPP_CLOUD_TOKEN'>): WhatsappTransport {
  return c.WHATSAPP_TRANSPORT ?? (c.WHATSAPP_CLOUD_TOKEN ? 'cloud' : 'none');
}

export { whatsappTransport };
export type { WhatsappTransport };

export const whatsappCloudConfigDocs: Record<keyof WhatsappCloudConfig, string> = {
  WHATSAPP_TRANSPORT: 'cloud (WhatsApp Business Cloud API) | web (whatsapp-web.js session) | none; default cloud when WHATSAPP_CLOUD_TOKEN is set, else none',
  WHATSAPP_CLOUD_TOKEN: 'Graph API access token (system user token) of the WhatsApp Business account',
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: 'phone number id the hub sends from and accepts webhooks for',
  WHATSAPP_CLOUD_APP_SECRET: 'Meta app secret; verifies X-Hub-Signature-256 of every webhook call',
  WHATSAPP_CLOUD_VERIFY_TOKEN: 'token Meta echoes during webhook verification (GET /channels/whatsapp-cloud/webhook)',
  WHATSAPP_CLOUD_API_ROOT: 'Graph API root with version; default https://graph.facebook.com/v21.0',
  WHATSAPP_CLOUD_TEMPLATE:
    'approved template sent instead of free text outside the 24-hour customer-service window, as name:language (e.g. sipinter_pemberitahuan:id); unset = such messages fail',
  WHATSAPP_CLOUD_TEMPLATE_BODY_PARAM: 'pass the message text as the template body parameter {{1}}; default true',
  WHATSAPP_CLOUD_SEND_TIMEOUT_MS: 'timeout of one Graph API call before it is retried; default 15000',
  WHATSAPP_CLOUD_MEDIA_MAX_BYTES:
    'largest image/document/voice note downloaded into DATA_DIR/media (bigger ones, or 0 = none, keep only metadata and the media id); default 10485760',
  WHATSAPP_CLOUD_MEDIA_TYPES: `comma-separated MIME types downloaded; default image/jpeg,image/png,image/webp,application/pdf,${AUDIO_TYPES}`,
};

export function loadWhatsappCloudConfig(env: NodeJS.ProcessEnv = process.env): WhatsappCloudConfig {
  const known = Object.fromEntries(Object.keys(whatsappCloudConfigDocs).map((k) => [k, env[k]]));
  const r = whatsappCloudConfigSchema.safeParse(known);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid WhatsApp Cloud configuration:\n${lines.join('\n')}`);
  }
  return r.data;
}
