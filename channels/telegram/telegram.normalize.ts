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
  kind: 'image' | 'document';
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

  if ('photo' in msg && msg.photo.length) {
    // Telegram sends several sizes, smallest first.
    const p = msg.photo[msg.photo.length - 1];
    files.push({
      index: attachments.length,
      file: { fileId: p.file_id, uniqueId: p.file_unique_id, size: p.file_size, mimeType: 'image/jpeg', kind: 'image' },
    });
    attachments.push({ kind: 'image', mimeType: 'image/jpeg', size: p.file_size, ref: `telegram-file:${p.file_id}` });
  } else if ('document' in msg) {
    const d = msg.document;
    const mimeType = d.mime_type ?? 'application/octet-stream';
    const kind = mimeType.startsWith('image/') ? 'image' : 'document';
    files.push({
      index: attachments.length,
      file: { fileId: d.file_id, uniqueId: d.file_unique_id, size: d.file_size, mimeType, fileName: d.file_name, kind },
    });
    attachments.push({ kind, mimeType, size: d.file_size, fileName: d.file_name, ref: `telegram-file:${d.file_id}` });
  } else if ('location' in msg) {
    attachments.push({ kind: 'location', latitude: msg.location.latitude, longitude: msg.location.longitude });
  } else if ('voice' in msg) {
    attachments.push({ kind: 'audio', mimeType: msg.voice.mime_type, size: msg.voice.file_size, ref: `telegram-file:${msg.voice.file_id}` });
  } else if ('audio' in msg) {
    attachments.push({ kind: 'audio', mimeType: msg.audio.mime_type, size: msg.audio.file_size, ref: `telegram-file:${msg.audio.file_id}` });
  } else if ('video' in msg) {
    attachments.push({ kind: 'video', mimeType: msg.video.mime_type, size: msg.video.file_size, ref: `telegram-file:${msg.video.file_id}` });
  } else if ('sticker' in msg) {
    text = msg.sticker.emoji ?? '';
  } else if ('contact' in msg) {
    text = [msg.contact.first_name, msg.contact.last_name, msg.contact.phone_number].filter(Boolean).join(' ');
  } else if (!('text' in msg)) {
    return null;
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
