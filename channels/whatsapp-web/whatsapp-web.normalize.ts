import { deterministicId } from '../../src/common/ids';
import { AttachmentMeta, InboundMessage, QuickReply } from '../../src/hub/ports';
import { waIdToE164 } from '../../src/common/phone';
import { WHATSAPP_CHANNEL } from '../whatsapp';

/** The fields of whatsapp-web.js's Message the hub reads. */
export interface WwebjsMessage {
  id: { _serialized: string; fromMe?: boolean };
  from: string;
  fromMe?: boolean;
  isStatus?: boolean;
  body: string;
  type: string;
  timestamp: number;
  hasMedia?: boolean;
  location?: { latitude: number | string; longitude: number | string; description?: string } | undefined;
  selectedButtonId?: string;
  selectedRowId?: string;
  _data?: { notifyName?: string; mimetype?: string; filename?: string; size?: number };
  getContact?: () => Promise<{ number?: string; pushname?: string }>;
}

/** The vendor's name kept beside the kind, as the Cloud API and Telegram adapters keep it. */
const MEDIA_RAW_TYPE: Record<string, string> = { sticker: 'sticker', ptt: 'voice' };

/**
 * whatsapp-web.js message types that are WhatsApp's own events, not something
 * a citizen wrote (deleted messages, encryption notices, call logs…): ignored.
 * Every other type the hub does not read (contact cards, polls, orders…) is kept.
 */
const SYSTEM_TYPES = new Set([
  'revoked',
  'broadcast_notification',
  'call_log',
  'ciphertext',
  'debug',
  'e2e_notification',
  'gp2',
  'group_notification',
  'notification',
  'notification_template',
  'protocol',
]);

const MEDIA_KIND: Record<string, AttachmentMeta['kind']> = {
  image: 'image',
  sticker: 'image',
  document: 'document',
  video: 'video',
  audio: 'audio',
  ptt: 'audio',
};

/**
 * The sender's E.164 phone. Classic chats are "628…@c.us"; newer WhatsApp
 * versions may address people by a LID ("…@lid"), whose phone the contact
 * record knows.
 */
async function senderPhone(msg: WwebjsMessage): Promise<string | null> {
  if (msg.from.endsWith('@c.us')) return waIdToE164(msg.from);
  if (msg.from.endsWith('@lid') && msg.getContact) {
    const c = await msg.getContact().catch(() => null);
    return c?.number ? waIdToE164(c.number) : null;
  }
  return null;
}

/** A whatsapp-web.js message → InboundMessage; null for groups, status posts, our own messages, or unknown senders. */
export async function normalizeWwebjsMessage(msg: WwebjsMessage): Promise<InboundMessage | null> {
  if (msg.fromMe || msg.id.fromMe || msg.isStatus) return null;
  if (!msg.from || msg.from.endsWith('@g.us') || msg.from.endsWith('@broadcast') || msg.from.endsWith('@newsletter')) return null;
  const phone = await senderPhone(msg);
  if (!phone) return null;
  const externalId = msg.id._serialized;
  let text = msg.body ?? '';
  let replyPayload: string | undefined;
  const attachments: AttachmentMeta[] = [];
  if (MEDIA_KIND[msg.type]) {
    const d = msg._data ?? {};
    attachments.push({
      kind: MEDIA_KIND[msg.type],
      ...(MEDIA_RAW_TYPE[msg.type] ? { rawType: MEDIA_RAW_TYPE[msg.type] } : {}),
      ...(d.mimetype ? { mimeType: d.mimetype } : {}),
      ...(d.filename ? { fileName: d.filename } : {}),
      ...(d.size ? { size: d.size } : {}),
      ref: `wwebjs-media:${externalId}`,
    });
    // A sticker's body is its thumbnail, not words: the same as a sticker on every other channel.
    if (msg.type === 'sticker') text = '';
  } else if (msg.type === 'location' && msg.location) {
    attachments.push({ kind: 'location', latitude: Number(msg.location.latitude), longitude: Number(msg.location.longitude) });
    text = msg.location.description ?? '';
  } else if (msg.type === 'buttons_response' && msg.selectedButtonId) {
    replyPayload = msg.selectedButtonId;
  } else if (msg.type === 'list_response' && msg.selectedRowId) {
    replyPayload = msg.selectedRowId;
  } else if (SYSTEM_TYPES.has(msg.type)) {
    return null;
  } else if (msg.type !== 'chat') {
    // Contact cards, polls, orders and whatever WhatsApp adds next: never dropped silently; an officer looks.
    attachments.push({ kind: 'other', rawType: msg.type });
    text = '';
  }
  const name = msg._data?.notifyName;
  return {
    messageId: deterministicId(`${WHATSAPP_CHANNEL}|${externalId}`),
    channel: WHATSAPP_CHANNEL,
    externalId,
    sender: { kind: 'phone', externalId: phone, phone, ...(name ? { displayName: name } : {}) },
    text,
    ...(attachments.length ? { attachments } : {}),
    ...(replyPayload !== undefined ? { replyPayload } : {}),
    receivedAt: new Date((msg.timestamp || Date.now() / 1000) * 1000).toISOString(),
  };
}

/**
 * WhatsApp Web has no working buttons for unofficial clients: quick replies
 * become a numbered list the citizen answers by typing the number (the
 * payload), unless the text already lists them.
 */
export function wwebjsText(text: string, quickReplies?: QuickReply[]): string {
  if (!quickReplies?.length || quickReplies.every((q) => text.includes(q.title))) return text;
  return `${text}\n\n${quickReplies.map((q) => `${q.payload}. ${q.title}`).join('\n')}\n\nBalas dengan angka pilihan Anda.`;
}
