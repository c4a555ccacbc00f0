import { z } from 'zod';
import { ConfigError } from '../../src/config/config.schema';

const optional = (s: z.ZodString) => s.optional().or(z.literal('').transform(() => undefined));

export const phoneConfigSchema = z
  .object({
    PHONE_AMI_HOST: optional(z.string().regex(/^[A-Za-z0-9.:-]{1,253}$/, 'must be a host name or IP address')),
    PHONE_AMI_PORT: z.coerce.number().int().min(1).max(65535).default(5038),
    PHONE_AMI_USERNAME: optional(z.string().min(1).max(100)),
    PHONE_AMI_SECRET: optional(z.string().min(1).max(200)),
    PHONE_AMI_TRUNK_CONTEXTS: z.string().default(''),
    PHONE_EVENTS_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
  })
  .superRefine((c, ctx) => {
    if (c.PHONE_AMI_HOST && (!c.PHONE_AMI_USERNAME || !c.PHONE_AMI_SECRET))
      ctx.addIssue({ code: 'custom', path: ['PHONE_AMI_USERNAME'], message: 'PHONE_AMI_USERNAME and PHONE_AMI_SECRET are required with PHONE_AMI_HOST' });
  });

export type PhoneConfig = z.infer<typeof phoneConfigSchema>;

export const phoneConfigDocs: Record<keyof PhoneConfig, string> = {
  PHONE_AMI_HOST: 'Asterisk Manager Interface host of the office PBX; unset = no AMI connection',
  PHONE_AMI_PORT: 'AMI port; default 5038',
  PHONE_AMI_USERNAME: 'AMI user (manager.conf) with read access to call events; required with PHONE_AMI_HOST',
  PHONE_AMI_SECRET: 'that AMI user’s secret; required with PHONE_AMI_HOST',
  PHONE_AMI_TRUNK_CONTEXTS: 'comma-separated dialplan contexts of incoming trunk calls (empty = every call that dials an extension is an incoming call)',
  PHONE_EVENTS_SECRET:
    'HMAC-SHA256 key of POST /channels/phone/events (cloud PBX webhook, header X-Signature-256: sha256=<hex>); at least 16 characters; unset = webhook off (404)',
};

export function loadPhoneConfig(env: NodeJS.ProcessEnv = process.env): PhoneConfig {
  const known = Object.fromEntries(Object.keys(phoneConfigDocs).map((k) => [k, env[k]]));
  const r = phoneConfigSchema.safeParse(known);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid phone (call center) configuration:\n${lines.join('\n')}`);
  }
  return r.data;
}
