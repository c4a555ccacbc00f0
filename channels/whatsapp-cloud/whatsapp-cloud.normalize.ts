import { z } from 'zod';
import { deterministicId } from '../../src/common/ids';
import { AttachmentMeta, InboundMessage } from '../../src/hub/ports';
import { waIdToE164 } from '../../src/common/phone';

import { WHATSAPP_CHANNEL } from '../whatsapp';

export { WHATSAPP_CHANNEL };

/**
 * Meta's webhook payload (WhatsApp Cloud API webhook reference), checked
 * with zod: the parts the hub reads must have their documented types; any
 * other field is ignored. Each message and status is checked on its own, so
 * one bad item never sinks the rest of the batch.
 */
const str = z.string();
const optStr = z.string().optional();

const envelopeSchema = z.object({
  object: optStr,
  entry: z.array(
    z.object({
      id: optStr,
      changes: z.array(z.object({ field: str, value: z.unknown() })),
    }),
  ),
});

const valueSchema = z.object({
  messaging_product: optStr,
  metadata: z.object({ display_phone_number: optStr, phone_number_id: optStr }).optional(),
  contacts: z
    .array(
      z.object({
        profile: z.object({ name: optStr }).optional(),
        wa_id: optStr,
        /** Business-scoped user id, for citizens with a WhatsApp username (2026). */
        user_id: optStr,
      }),
    )
    .optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});

const mediaSchema = z.object({
  id: str.min(1),
  mime_type: optStr,
  sha256: optStr,
  caption: optStr,
  filename: optStr,
  /** Audio: true for a voice note recorded in WhatsApp. */
  voice: z.boolean().optional(),
});

const messageSchema = z
  .object({
    id: str.min(1).max(200),
    from: optStr,
    from_user_id: optStr,
    timestamp: str.regex(/^\d{1,12}$/),
    type: str.min(1).max(40),
    text: z.object({ body: str }).optional(),
    interactive: z
      .object({
        type: str,
        button_reply: z.object({ id: str, title: str }).optional(),
        list_reply: z.object({ id: str, title: str, description: optStr }).optional(),
      })
      .optional(),
    button: z.object({ payload: optStr, text: str }).optional(),
    image: mediaSchema.optional(),
    document: mediaSchema.optional(),
    audio: mediaSchema.optional(),
    video: mediaSchema.optional(),
    sticker: mediaSchema.extend({ animated: z.boolean().optional() }).optional(),
    location: z.object({ latitude: z.number(), longitude: z.number(), name: optStr, address: optStr }).optional(),
    contacts: z.array(z.unknown()).optional(),
    reaction: z.object({ message_id: optStr, emoji: optStr }).optional(),
  })
  .refine((m) => !!m.from || !!m.from_user_id, 'neither from nor from_user_id');

const statusSchema = z.object({
  id: str.min(1),
  status: str,
  timestamp: optStr,
  recipient_id: optStr,
  recipient_user_id: optStr,
  errors: z.array(z.object({ code: z.number(), title: optStr, message: optStr, error_data: z.object({ details: optStr }).optional() })).optional(),
});

export type WaMessage = z.infer<typeof messageSchema>;
export type WaWebhook = z.infer<typeof envelopeSchema>;

export type WaDeliveryUpdate = { wamid: string; status: 'sent' | 'delivered' | 'read' | 'failed'; error?: string; at?: string };

export interface ParsedWebhook {
  messages: InboundMessage[];
  statuses: WaDeliveryUpdate[];
  /** Items that did not have the documented shape (skipped), as "message 2: …" for the log. */
  malformed: string[];
}

/** The body is not a webhook call at all (wrong shapes where the envelope is): answered 400. */
export class MalformedWebhookError extends Error {}

function media(kind: AttachmentMeta['kind'], m: z.infer<typeof mediaSchema>, rawType?: string): AttachmentMeta {
  // Media is not downloaded yet: ref keeps Meta's media id so it can be fetched (GET /{media-id}).
  return {
    kind,
    ...(m.mime_type ? { mimeType: m.mime_type.split(';')[0].trim() } : {}),
    ...(m.filename ? { fileName: m.filename } : {}),
    ...(rawType ? { rawType } : {}),
    ref: `whatsapp-media:${m.id}`,
  };
}

const issue = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

/**
 * Meta's webhook body → inbound messages and delivery status updates for our
 * phone number. Throws MalformedWebhookError when the envelope is wrong, or
 * when nothing in it was usable and something was malformed.
 */
export function parseWhatsappWebhook(body: unknown, phoneNumberId: string | undefined): ParsedWebhook {
  const env = envelopeSchema.safeParse(body);
  if (!env.success) throw new MalformedWebhookError(issue(env.error));
  const out: ParsedWebhook = { messages: [], statuses: [], malformed: [] };
  for (const entry of env.data.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      const value = valueSchema.safeParse(change.value);
      if (!value.success) throw new MalformedWebhookError(`value: ${issue(value.error)}`);
      const v = value.data;
      // One Meta app can serve several numbers; this installation answers for its own.
      if (phoneNumberId && v.metadata?.phone_number_id && v.metadata.phone_number_id !== phoneNumberId) continue;
      const contacts = v.contacts ?? [];
      (v.messages ?? []).forEach((raw, i) => {
        const m = messageSchema.safeParse(raw);
        if (!m.success) return void out.malformed.push(`message ${i}: ${issue(m.error)}`);
        const who = contacts.find((c) => (m.data.from && c.wa_id === m.data.from) || (m.data.from_user_id && c.user_id === m.data.from_user_id));
        const inbound = normalizeWaMessage(m.data, who?.profile?.name);
        if (inbound) out.messages.push(inbound);
        else out.malformed.push(`message ${i}: sender is neither a phone number nor a user id`);
      });
      (v.statuses ?? []).forEach((raw, i) => {
        const s = statusSchema.safeParse(raw);
        if (!s.success) return void out.malformed.push(`status ${i}: ${issue(s.error)}`);
        const st = s.data.status;
        if (st !== 'sent' && st !== 'delivered' && st !== 'read' && st !== 'failed') return;
        const e = s.data.errors?.[0];
        out.statuses.push({
          wamid: s.data.id,
          status: st,
          ...(s.data.timestamp && /^\d+$/.test(s.data.timestamp) ? { at: new Date(Number(s.data.timestamp) * 1000).toISOString() } : {}),
          ...(e
            ? { error: `${e.code} ${e.title ?? ''}${e.error_data?.details ? `: ${e.error_data.details}` : e.message ? `: ${e.message}` : ''}`.trim() }
            : {}),
        });
      });
    }
  }
  if (out.malformed.length && !out.messages.length && !out.statuses.length) throw new MalformedWebhookError(out.malformed.join(' | '));
  return out;
}

/** Business-scoped user ids look like "US.13491208655302741918" (country, dot, digits); kept within the column's size. */
const USER_ID = /^[A-Za-z]{2}\.[A-Za-z0-9._-]{1,120}$/;

/**
 * The citizen: by phone when the webhook has one (the business-scoped id
 * then becomes an alias of the same contact), else by the scoped id alone.
 */
function senderOf(m: WaMessage, profileName?: string): InboundMessage['sender'] | null {
  const phone = m.from ? waIdToE164(m.from) : null;
  const userId = m.from_user_id && USER_ID.test(m.from_user_id) ? m.from_user_id : null;
  const name = profileName ? { displayName: profileName } : {};
  if (phone) return { kind: 'phone', externalId: phone, phone, ...name, ...(userId ? { aliases: [{ kind: 'whatsapp-user', externalId: userId }] } : {}) };
  if (userId) return { kind: 'whatsapp-user', externalId: userId, ...name };
  return null;
}

export function normalizeWaMessage(m: WaMessage, profileName?: string): InboundMessage | null {
  const sender = senderOf(m, profileName);
  if (!sender) return null;
  let text = '';
  let replyPayload: string | undefined;
  const attachments: AttachmentMeta[] = [];
  const kept = (rawType: string) => attachments.push({ kind: 'other', rawType });
  switch (m.type) {
    case 'text':
      if (!m.text) return (kept('text'), finish(m, sender, '', attachments));
      text = m.text.body;
      break;
    case 'interactive': {
      const r = m.interactive?.button_reply ?? m.interactive?.list_reply;
      if (!r) {
        kept(`interactive:${m.interactive?.type ?? 'unknown'}`);
        break;
      }
      text = r.title;
      replyPayload = r.id;
      break;
    }
    case 'button':
      // A quick-reply button of a template message.
      text = m.button?.text ?? '';
      replyPayload = m.button?.payload ?? m.button?.text;
      break;
    case 'image':
    case 'document':
    case 'audio':
    case 'video': {
      const md = m[m.type];
      if (!md) {
        kept(m.type);
        break;
      }
      attachments.push(media(m.type, md, m.type === 'audio' && md.voice ? 'voice' : undefined));
      text = md.caption ?? '';
      break;
    }
    case 'sticker':
      // The same on every channel: an image marked as a sticker, not a document for an officer.
      if (m.sticker) attachments.push(media('image', m.sticker, 'sticker'));
      else kept('sticker');
      break;
    case 'location':
      if (!m.location) {
        kept('location');
        break;
      }
      attachments.push({ kind: 'location', latitude: m.location.latitude, longitude: m.location.longitude });
      text = [m.location.name, m.location.address].filter(Boolean).join(', ');
      break;
    case 'reaction':
      // A gesture on one of our messages: stored for officers, not a question for the bot.
      attachments.push({ kind: 'other', rawType: 'reaction' });
      text = m.reaction?.emoji ?? '';
      break;
    case 'contacts':
      // Shared contact cards: kept with their type; an officer reads them (names only go into the text).
      kept('contacts');
      text = (m.contacts ?? [])
        .map((c) => (c && typeof c === 'object' && 'name' in c ? (c as { name?: { formatted_name?: unknown } }).name?.formatted_name : undefined))
        .filter((n): n is string => typeof n === 'string')
        .join(', ');
      break;
    default:
      // 'unsupported', 'poll', 'order', 'system', and whatever Meta adds next: never dropped silently.
      kept(m.type);
  }
  return finish(m, sender, text, attachments, replyPayload);
}

function finish(m: WaMessage, sender: InboundMessage['sender'], text: string, attachments: AttachmentMeta[], replyPayload?: string): InboundMessage {
  return {
    messageId: deterministicId(`${WHATSAPP_CHANNEL}|${m.id}`),
    channel: WHATSAPP_CHANNEL,
    externalId: m.id,
    sender,
    text,
    ...(attachments.length ? { attachments } : {}),
    ...(replyPayload !== undefined ? { replyPayload } : {}),
    receivedAt: new Date(Number(m.timestamp) * 1000 || Date.now()).toISOString(),
  };
}
