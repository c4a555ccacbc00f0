import type { CallbackQuery, Message, User } from 'telegraf/types';
import { deterministicId } from '../../src/common/ids';
import { AttachmentMeta, InboundMessage, QuickReply } from '../../src/hub/ports';

export const TELEGRAM_CHANNEL = 'telegram';

/** A file the adapter should fetch with getFile before the message is queued. */
export interface TelegramFileRef {
  fileId: string;
  uniqueId: string;
  size?: number;
  mimeType: string;
  fileName?: string;
  kind: 'image' | 'document' | 'audio';
}

export interface NormalizedTelegram {
  inbound: InboundMessage;
  /** Index in inbound.attachments → the file to download for it. */
  files: { index: number; file: TelegramFileRef }[];
}

function displayName(u: User): string {
  return [u.first_name, u.last_name].filter(Boolean).join(' ').trim() || u.username || String(u.id);
}

function base(externalId: string, from: User, text: string, date: number): InboundMessage {
  return {
    messageId: deterministicId(`${TELEGRAM_CHANNEL}|${externalId}`),
    channel: TELEGRAM_CHANNEL,
    externalId,
    sender: { kind: 'telegram', externalId: String(from.id), displayName: displayName(from) },
    text,
    receivedAt: new Date(date * 1000).toISOString(),
  };
}

/** Fields every message has, whatever it carries. */
const MESSAGE_META = new Set([
  'message_id',
  'message_thread_id',
  'from',
  'sender_chat',
  'sender_boost_count',
  'sender_business_bot',
  'date',
  'business_connection_id',
  'chat',
  'forward_origin',
  'is_topic_message',
  'is_automatic_forward',
  'reply_to_message',
  'external_reply',
  'quote',
  'reply_to_story',
  'via_bot',
  'edit_date',
  'has_protected_content',
  'is_from_offline',
  'media_group_id',
  'author_signature',
  'entities',
  'caption',
  'caption_entities',
  'show_caption_above_media',
  'has_media_spoiler',
  'link_preview_options',
  'effect_id',
  'reply_markup',
]);
const SERVICE_KEYS = new Set([
  'new_chat_members',
  'left_chat_member',
  'new_chat_title',
  'new_chat_photo',
  'delete_chat_photo',
  'group_chat_created',
  'supergroup_chat_created',
  'channel_chat_created',
  'message_auto_delete_timer_changed',
  'migrate_to_chat_id',
  'migrate_from_chat_id',
  'pinned_message',
  'successful_payment',
  'users_shared',
  'chat_shared',
  'write_access_allowed',
  'proximity_alert_triggered',
  'boost_added',
  'chat_background_set',
]);

/**
 * A private-chat message → the hub's InboundMessage. The external id is
 * chat id + message id (message ids are unique per chat only). Returns null
 * for what the help desk ignores: groups, channels, other bots, service messages.
 */
export function normalizeTelegramMessage(msg: Message): NormalizedTelegram | null {
  if (msg.chat.type !== 'private' || !msg.from || msg.from.is_bot) return null;
  const attachments: AttachmentMeta[] = [];
  const files: NormalizedTelegram['files'] = [];
  let text = '';
  if ('text' in msg) text = msg.text;
  else if ('caption' in msg && msg.caption) text = msg.caption;

  const file = (
    kind: TelegramFileRef['kind'],
    f: { file_id: string; file_unique_id: string; file_size?: number },
    meta: Omit<AttachmentMeta, 'kind' | 'ref'>,
  ) => {
    const mimeType = meta.mimeType ?? 'application/octet-stream';
    files.push({
      index: attachments.length,
      file: { fileId: f.file_id, uniqueId: f.file_unique_id, size: f.file_size, mimeType, fileName: meta.fileName, kind },
    });
    attachments.push({ kind, ...meta, mimeType, size: f.file_size, ref: `telegram-file:${f.file_id}` });
  };

  if ('photo' in msg && msg.photo.length) {
    // Telegram sends several sizes, smallest first.
    file('image', msg.photo[msg.photo.length - 1], { mimeType: 'image/jpeg' });
  } else if ('document' in msg) {
    const d = msg.document;
    const mimeType = d.mime_type ?? 'application/octet-stream';
    file(mimeType.startsWith('image/') ? 'image' : 'document', d, { mimeType, ...(d.file_name ? { fileName: d.file_name } : {}) });
  } else if ('location' in msg) {
    attachments.push({ kind: 'location', latitude: msg.location.latitude, longitude: msg.location.longitude });
  } else if ('voice' in msg) {
    file('audio', msg.voice, { mimeType: msg.voice.mime_type ?? 'audio/ogg', durationS: msg.voice.duration, rawType: 'voice' });
  } else if ('audio' in msg) {
    const a = msg.audio;
    file('audio', a, { mimeType: a.mime_type ?? 'audio/mpeg', durationS: a.duration, ...(a.file_name ? { fileName: a.file_name } : {}) });
  } else if ('video' in msg) {
    attachments.push({ kind: 'video', mimeType: msg.video.mime_type, size: msg.video.file_size, ref: `telegram-file:${msg.video.file_id}` });
  } else if ('sticker' in msg) {
    // The same on every channel: an image marked as a sticker (its emoji as the text), not a document for an officer.
    const st = msg.sticker;
    const mimeType = st.is_animated ? 'application/x-tgsticker' : st.is_video ? 'video/webm' : 'image/webp';
    file('image', st, { mimeType, rawType: 'sticker' });
    text = st.emoji ?? '';
  } else if ('contact' in msg) {
    // A shared contact card: kept with its type for an officer, who decides what to do with it.
    attachments.push({ kind: 'other', rawType: 'contact' });
    text = [msg.contact.first_name, msg.contact.last_name, msg.contact.phone_number].filter(Boolean).join(' ');
  } else if (!('text' in msg)) {
    const rawType = Object.keys(msg).find((k) => !MESSAGE_META.has(k));
    // Service messages (someone joined, a pinned message…) carry nothing from the citizen.
    if (!rawType || SERVICE_KEYS.has(rawType)) return null;
    // A poll, dice, venue, game, story…: never dropped silently.
    attachments.push({ kind: 'other', rawType });
  }
  const inbound = base(`${msg.chat.id}:${msg.message_id}`, msg.from, text, msg.date);
  if (attachments.length) inbound.attachments = attachments;
  return { inbound, files };
}

/**
 * A tap on an inline keyboard button. The button's data is the quick reply's
 * payload; the text is its title when the keyboard is still attached, so
 * officers read what the citizen saw.
 */
export function normalizeTelegramCallback(q: CallbackQuery): InboundMessage | null {
  if (!('data' in q) || q.data === undefined || q.from.is_bot) return null;
  let title: string | undefined;
  if (q.message && 'reply_markup' in q.message && q.message.reply_markup) {
    for (const row of q.message.reply_markup.inline_keyboard) {
      for (const b of row) if ('callback_data' in b && b.callback_data === q.data) title = b.text;
    }
  }
  const date = q.message && 'date' in q.message ? q.message.date : Math.floor(Date.now() / 1000);
  const inbound = base(`cb:${q.id}`, q.from, title ?? q.data, date);
  inbound.receivedAt = new Date().toISOString();
  inbound.replyPayload = q.data;
  return inbound;
}

const CALLBACK_DATA_MAX_BYTES = 64;

/**
 * Quick replies as Telegram markup: an inline keyboard (one button a row)
 * when every payload fits callback_data's 64 bytes; otherwise a one-time
 * reply keyboard, whose tap comes back as the title's text.
 */
export function telegramReplyMarkup(quickReplies: QuickReply[] | undefined): Record<string, unknown> | undefined {
  if (!quickReplies?.length) return undefined;
  if (quickReplies.every((q) => Buffer.byteLength(q.payload) <= CALLBACK_DATA_MAX_BYTES && q.payload.length > 0)) {
    return { inline_keyboard: quickReplies.map((q) => [{ text: q.title.slice(0, 64), callback_data: q.payload }]) };
  }
  return { keyboard: quickReplies.map((q) => [{ text: q.title }]), one_time_keyboard: true, resize_keyboard: true };
}
