import { Injectable } from '@nestjs/common';
import { newId } from '../common/ids';
import { ContactsRepository } from '../contacts/contacts.repository';
import { ConcurrentCreateError } from '../database/db-errors';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { AttachmentMeta, Message } from '../schema/message.entity';
import { isUniqueViolation } from '../database/db-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { ChannelConversations, ChannelIdentityRef, KnownSender } from './channel-conversations';
import { PublicMessage, publicMessage } from './hub-events';

/** The hub's answers to channels about contacts and conversations (see ChannelConversations). */
@Injectable()
export class ChannelConversationsService extends ChannelConversations {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly contacts: ContactsRepository,
    private readonly conversations: ConversationsRepository,
  ) {
    super();
  }

  findSender(identity: ChannelIdentityRef): Promise<KnownSender | null> {
    return this.tx.read(async (m) => {
      const found = await this.contacts.findIdentity(m, identity.kind, identity.externalId);
      if (!found) return null;
      const contact = await this.contacts.resolveMerged(m, found.contactId);
      const active = await this.conversations.findActiveForContact(m, contact.id);
      return { contactId: contact.id, activeConversationId: active?.id ?? null };
    });
  }

  async open(identity: ChannelIdentityRef, channel: string, preferredId: string): Promise<{ contactId: string; conversationId: string }> {
    let id = preferredId;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.tx.run(async (m) => {
          const { contact, identity: stored } = await this.contacts.findOrCreateByIdentity(m, identity);
          const { conversation } = await this.conversations.findOrOpen(m, contact.id, channel, stored.id, new Date(), id);
          return { contactId: contact.id, conversationId: conversation.id };
        });
      } catch (err) {
        // Another session of the same citizen opened it first: the retry finds theirs. If that one is
        // already resolved, the preferred id is taken: the retry opens the next one under a new id.
        if ((err instanceof ConcurrentCreateError || isUniqueViolation(err)) && attempt < 5) {
          id = newId();
          continue;
        }
        throw err;
      }
    }
  }

  history(contactId: string, afterMessageId?: string): Promise<PublicMessage[] | null> {
    return this.tx.read(async (m) => {
      const ids = await this.conversations.idsOfContact(m, contactId);
      let after: Message | null = null;
      if (afterMessageId) {
        after = await this.conversations.findMessage(m, afterMessageId);
        if (!after || !ids.includes(after.conversationId)) return null;
      }
      const msgs = await this.conversations.history(m, ids, { after, includePrivate: false, limit: 500 });
      return msgs.map((x) => publicMessage(x));
    });
  }

  async outboundAttachment(messageId: string, index: number): Promise<{ channel: string; attachment: AttachmentMeta } | null> {
    const msg = await this.tx.read((m) => this.conversations.findMessage(m, messageId));
    const attachment = msg?.attachments?.[index];
    if (!msg || msg.direction !== 'out' || msg.isPrivate || !attachment) return null;
    return { channel: msg.channel, attachment };
  }

  lastInboundAt(conversationId: string, channel: string): Promise<Date | null> {
    return this.tx.read((m) => this.conversations.lastInboundAt(m, conversationId, channel));
  }
}
