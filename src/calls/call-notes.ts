import { newId, newReference } from '../common/ids';
import { Conversation } from '../schema/conversation.entity';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { Message } from '../schema/message.entity';
import { MessagesRepository } from '../conversations/messages.repository';
import type { Tx } from '../database/transaction-runner';

export const PHONE_CHANNEL = 'phone';
/** The label (and subject) of a missed call waiting for a call-back in the team's queue. */
export const MISSED_CALL_LABEL = 'telepon-tak-terjawab';
export const MISSED_CALL_SUBJECT = 'Telepon tak terjawab';
export const PHONE_LABEL = 'telepon';

/** A new conversation of the phone channel for a contact (the call form's or a missed call's). */
export function newPhoneConversation(
  init: Pick<Conversation, 'contactId' | 'identityId' | 'status' | 'assigneeId' | 'subject' | 'labels'>,
  now: Date,
): Conversation {
  return {
    id: newId(),
    reference: newReference('LB', now),
    kind: 'general',
    channel: PHONE_CHANNEL,
    teamId: null,
    botState: null,
    createdAt: now,
    updatedAt: now,
    lastMessageAt: now,
    waitingSince: now,
    firstResponseAt: init.assigneeId ? now : null,
    resolvedAt: null,
    ...init,
  };
}

/** A private note (officers only, needs no channel) at the end of the conversation. */
export async function addPrivateNote(
  m: Tx,
  repos: { messages: MessagesRepository; conversations: ConversationsRepository },
  c: Conversation,
  note: { text: string; senderKind: 'agent' | 'system'; senderUserId: string | null },
): Promise<Message> {
  const at = await repos.messages.nextMessageTime(m, c.id);
  const msg: Message = {
    id: newId(),
    conversationId: c.id,
    direction: 'out',
    senderKind: note.senderKind,
    senderUserId: note.senderUserId,
    channel: c.channel,
    identityId: c.identityId,
    externalId: null,
    idempotencyKey: null,
    text: note.text,
    attachments: [],
    quickReplies: null,
    isPrivate: true,
    forAgency: false,
    deliveryStatus: 'delivered',
    deliveryError: null,
    handledAt: null,
    createdAt: at,
    sentAt: null,
  };
  await repos.messages.insert(m, msg);
  await repos.conversations.updateConversation(m, c.id, { lastMessageAt: at, updatedAt: at });
  c.lastMessageAt = at;
  c.updatedAt = at;
  return msg;
}

/** "10.05" in the office's time zone (WIB), for notes officers read. */
export function wibTime(d: Date): string {
  return d.toLocaleTimeString('id-ID', { timeZone: 'Asia/Jakarta', hour: '2-digit', minute: '2-digit' });
}
