import { newId } from '../common/ids';
import { Conversation } from '../schema/conversation.entity';
import { AttachmentMeta, DeliveryStatus, Message, QuickReply, SenderKind } from '../schema/message.entity';

export interface OutgoingMessageInit {
  senderKind: Exclude<SenderKind, 'citizen'>;
  text: string;
  createdAt: Date;
  senderUserId?: string | null;
  /** Private notes are delivered to officers only. */
  isPrivate?: boolean;
  /** A private note shown to the agencies the conversation is referred to. */
  forAgency?: boolean;
  /** pending: goes through the outbound queue; delivered: needs no channel (notes, counter). */
  deliveryStatus?: DeliveryStatus;
  idempotencyKey?: string | null;
  quickReplies?: QuickReply[] | null;
  attachments?: AttachmentMeta[];
}

/** A message from the hub's side (bot, officer or system) in a conversation, on the channel the citizen used. */
export function outgoingMessage(c: Pick<Conversation, 'id' | 'channel' | 'identityId'>, o: OutgoingMessageInit): Message {
  const isPrivate = o.isPrivate ?? false;
  const deliveryStatus = o.deliveryStatus ?? 'pending';
  return {
    id: newId(),
    conversationId: c.id,
    direction: 'out',
    senderKind: o.senderKind,
    senderUserId: o.senderUserId ?? null,
    channel: c.channel,
    identityId: c.identityId,
    externalId: null,
    idempotencyKey: o.idempotencyKey ?? null,
    text: o.text,
    attachments: o.attachments ?? [],
    quickReplies: o.quickReplies ?? null,
    isPrivate,
    forAgency: isPrivate && (o.forAgency ?? false),
    deliveryStatus,
    deliveryError: null,
    handledAt: null,
    createdAt: o.createdAt,
    sentAt: deliveryStatus === 'delivered' && !isPrivate ? o.createdAt : null,
  };
}
