import { deterministicId } from '../../src/common/ids';
import { AttachmentMeta, InboundMessage } from '../../src/hub/ports';
import { waIdToE164 } from '../../src/common/phone';

import { WHATSAPP_CHANNEL } from '../whatsapp';

export { WHATSAPP_CHANNEL };

/** The parts of Meta's webhook payload the hub reads (see the WhatsApp Cloud API webhook reference). */
interface WaMedia {
  id: string;
  mime_type?: string;
  sha256?: string;
  caption?: string;
  filename?: string;
}
export interface WaMessage {
  from: string;
  id: string;
  timestamp: string;
  type: string;
  text?: { body: string };
  interactive?: { type: string; button_reply?: { id: string; title: string }; list_reply?: { id: string; title: string; description?: string } };
  button?: { payload?: string; text: string };
  image?: WaMedia;
  document?: WaMedia;
  audio?: WaMedia;
  video?: WaMedia;
  sticker?: WaMedia;
  location?: { latitude: number; longitude: number; name?: string; address?: string };
}
export interface WaStatus {
  id: string;
  status: string;
  timestamp?: string;
  recipient_id?: string;
  errors?: { code: number; title?: string; message?: string; error_data?: { details?: string } }[];
}
export interface WaWebhook {
  object?: string;
  entry?: {
    id?: string;
    changes?: {
      field?: string;
      value?: {
        messaging_product?: string;
        metadata?: { display_phone_number?: string; phone_number_id?: string };
        contacts?: { profile?: { name?: string }; wa_id: string }[];
        messages?: WaMessage[];
        statuses?: WaStatus[];
      };
    }[];
  }[];
}

export type WaDeliveryUpdate = { wamid: string; status: 'sent' | 'delivered' | 'read' | 'failed'; error?: string; at?: string };

export interface ParsedWebhook {
  messages: InboundMessage[];
  statuses: WaDeliveryUpdate[];
  /** Message types the hub does not take (reactions, system messages…), for the log. */
  ignored: string[];
}

function media(kind: AttachmentMeta['kind'], m: WaMedia): AttachmentMeta {
  // Media is not downloaded yet: ref keeps Meta's media id so it can be fetched (GET /{media-id}).
  return { kind, mimeType: m.mime_type, ...(m.filename ? { fileName: m.filename } : {}), ref: `whatsapp-media:${m.id}` };
}

/** Meta's webhook body → inbound messages and delivery status updates for our phone number. */
export function parseWhatsappWebhook(body: WaWebhook, phoneNumberId: string | undefined): ParsedWebhook {
  const out: ParsedWebhook = { messages: [], statuses: [], ignored: [] };
  for (const entry of body.entry ?? []) {
    for (const change of entry.changes ?? []) {
      const v = change.value;
      if (!v || change.field !== 'messages') continue;
      // One Meta app can serve several numbers; this installation answers for its own.
      if (phoneNumberId && v.metadata?.phone_number_id && v.metadata.phone_number_id !== phoneNumberId) continue;
      const names = new Map((v.contacts ?? []).map((c) => [c.wa_id, c.profile?.name]));
      for (const m of v.messages ?? []) {
        const inbound = normalizeWaMessage(m, names.get(m.from));
        if (inbound) out.messages.push(inbound);
        else out.ignored.push(m.type);
      }
      for (const s of v.statuses ?? []) {
        if (s.status !== 'sent' && s.status !== 'delivered' && s.status !== 'read' && s.status !== 'failed') continue;
        const e = s.errors?.[0];
        out.statuses.push({
          wamid: s.id,
          status: s.status,
          ...(s.timestamp ? { at: new Date(Number(s.timestamp) * 1000).toISOString() } : {}),
          ...(e
            ? { error: `${e.code} ${e.title ?? ''}${e.error_data?.details ? `: ${e.error_data.details}` : e.message ? `: ${e.message}` : ''}`.trim() }
            : {}),
        });
      }
    }
  }
  return out;
}

export function normalizeWaMessage(m: WaMessage, profileName?: string): InboundMessage | null {
  const phone = waIdToE164(m.from);
  if (!phone || !m.id) return null;
  let text: string;
  let replyPayload: string | undefined;
  const attachments: AttachmentMeta[] = [];
  switch (m.type) {
    case 'text':
      text = m.text?.body ?? '';
      break;
    case 'interactive': {
      const r = m.interactive?.button_reply ?? m.interactive?.list_reply;
      if (!r) return null;
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
    case 'video':
    case 'sticker': {
      const md = m[m.type];
      if (!md) return null;
      attachments.push(media(m.type === 'sticker' ? 'image' : m.type, md));
      text = md.caption ?? '';
      break;
    }
    case 'location':
      if (!m.location) return null;
      attachments.push({ kind: 'location', latitude: m.location.latitude, longitude: m.location.longitude });
      text = [m.location.name, m.location.address].filter(Boolean).join(', ');
      break;
    default:
      return null;
  }
  return {
    messageId: deterministicId(`${WHATSAPP_CHANNEL}|${m.id}`),
    channel: WHATSAPP_CHANNEL,
    externalId: m.id,
    sender: { kind: 'phone', externalId: phone, phone, ...(profileName ? { displayName: profileName } : {}) },
    text,
    ...(attachments.length ? { attachments } : {}),
    ...(replyPayload !== undefined ? { replyPayload } : {}),
    receivedAt: new Date(Number(m.timestamp) * 1000 || Date.now()).toISOString(),
  };
}
