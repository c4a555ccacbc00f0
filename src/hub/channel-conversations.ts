import { IdentityKind } from '../schema/channel-identity.entity';
import { AttachmentMeta } from '../schema/message.entity';
import { PublicMessage } from './hub-events';

export interface ChannelIdentityRef {
  kind: IdentityKind;
  externalId: string;
}

/** A citizen the hub knows through a channel identity. */
export interface KnownSender {
  contactId: string;
  /** Their unresolved conversation, if any. */
  activeConversationId: string | null;
}

/**
 * What a channel may know of contacts and conversations, for channels that
 * keep a session with the citizen (the web chat) or depend on when they last
 * wrote (WhatsApp's 24-hour window). The hub answers from its repositories;
 * channels never query the database themselves.
 */
export abstract class ChannelConversations {
  /** The contact behind an identity and their unresolved conversation; null while that identity never wrote. */
  abstract findSender(identity: ChannelIdentityRef): Promise<KnownSender | null>;

  /**
   * The identity's contact and unresolved conversation, created if need be; a
   * new conversation gets `preferredId` (announced to the citizen before it
   * existed) unless that id is taken, then a fresh one.
   */
  abstract open(identity: ChannelIdentityRef, channel: string, preferredId: string): Promise<{ contactId: string; conversationId: string }>;

  /** Every message of the contact the citizen may see, oldest first; after one of theirs, or null when that message is not theirs. */
  abstract history(contactId: string, afterMessageId?: string): Promise<PublicMessage[] | null>;

  /** An attachment of a message the hub sent to a citizen (never a private note's), for the channel to serve; null if none. */
  abstract outboundAttachment(messageId: string, index: number): Promise<{ channel: string; attachment: AttachmentMeta } | null>;

  /** When the citizen last wrote in the conversation on the channel; null if never. */
  abstract lastInboundAt(conversationId: string, channel: string): Promise<Date | null>;
}
