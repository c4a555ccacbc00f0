import { IdentityKind } from '../schema/channel-identity.entity';
import { AttachmentMeta, QuickReply, SenderKind } from '../schema/message.entity';

/** What every channel adapter turns its vendor payload into. */
export interface InboundMessage {
  /** Deterministic from (channel, externalId): see deterministicId. */
  messageId: string;
  channel: string;
  /** The channel's id of this message: the dedupe key. */
  externalId: string;
  sender: {
    kind: IdentityKind;
    externalId: string;
    displayName?: string;
    /** E.164, when the channel knows the sender's phone (WhatsApp, counter). */
    phone?: string;
    /**
     * Other ids the channel gives for the same person in this message (a
     * WhatsApp business-scoped id beside the phone): linked to the same contact.
     */
    aliases?: { kind: IdentityKind; externalId: string }[];
  };
  text: string;
  attachments?: AttachmentMeta[];
  /** Set when the citizen tapped a quick reply / button. */
  replyPayload?: string;
  receivedAt: string;
}

/** What the outbound queue carries: the stored message id is enough to send it. */
export interface OutboundJob {
  messageId: string;
}

/** What an adapter needs to deliver one message. */
export interface OutboundEnvelope {
  messageId: string;
  conversationId: string;
  channel: string;
  recipient: { kind: IdentityKind; externalId: string };
  senderKind: SenderKind;
  text: string;
  quickReplies?: QuickReply[];
  attachments?: AttachmentMeta[];
  createdAt: string;
}

/** A reply the hub decided to send (before it is stored). */
export interface ReplyDraft {
  senderKind: Extract<SenderKind, 'bot' | 'system'>;
  text: string;
  quickReplies?: QuickReply[];
  /**
   * Pictures and video links sent after the text, each as a message of its
   * own (its text is the caption): one stored message is one vendor call, so
   * a retried job never sends a part twice.
   */
  attachments?: AttachmentMeta[];
}
