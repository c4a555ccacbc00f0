import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ConcurrentCreateError, ContactsRepository } from '../../src/contacts/contacts.repository';
import { Conversation } from '../../src/conversations/conversation.entity';
import { ConversationsRepository } from '../../src/conversations/conversations.repository';
import { Message } from '../../src/conversations/message.entity';
import { isUniqueViolation } from '../../src/database/db-errors';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { publicMessage } from '../../src/hub/hub-events';

export interface WebchatSession {
  visitorToken: string;
  /** sha256 of the token: what the database stores, so a leaked table cannot impersonate a visitor. */
  visitorKey: string;
  contactId: string;
  conversationId: string;
}

export const visitorKeyOf = (token: string): string => createHash('sha256').update(token).digest('base64url').slice(0, 43);

/** Web chat visitors: who they are, and their conversation history. */
@Injectable()
export class WebchatSessions {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly contacts: ContactsRepository,
    private readonly conversations: ConversationsRepository,
  ) {}

  /** A returning visitor keeps their conversation; anyone else gets a fresh token. */
  async open(token: string | undefined): Promise<WebchatSession> {
    const visitorToken = token ?? randomBytes(24).toString('base64url');
    const visitorKey = visitorKeyOf(visitorToken);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.tx.run(async (m) => {
          const { contact, identity } = await this.contacts.findOrCreateByIdentity(m, { kind: 'webchat', externalId: visitorKey });
          const { conversation } = await this.conversations.findOrOpen(m, contact.id, 'webchat', identity.id);
          return { visitorToken, visitorKey, contactId: contact.id, conversationId: conversation.id };
        });
      } catch (err) {
        if ((err instanceof ConcurrentCreateError || isUniqueViolation(err)) && attempt < 5) continue;
        throw err;
      }
    }
  }

  /** The visitor's current conversation (it changes after a resolution). */
  async currentConversationId(session: WebchatSession): Promise<string> {
    const active = await this.tx.exclusive(() => this.conversations.findActiveForContact(this.tx.manager, session.contactId));
    return active?.id ?? session.conversationId;
  }

  /** Every message the visitor may see, across their conversations, oldest first. */
  async history(session: WebchatSession, afterMessageId?: string): Promise<ReturnType<typeof publicMessage>[] | null> {
    return this.tx.exclusive(async () => {
      const m: EntityManager = this.tx.manager;
      const convs = await m.find(Conversation, { where: { contactId: session.contactId }, select: { id: true } });
      let after: Message | null = null;
      if (afterMessageId) {
        after = await m.findOneBy(Message, { id: afterMessageId });
        if (!after || !convs.some((c) => c.id === after!.conversationId)) return null;
      }
      const msgs = await this.conversations.history(
        m,
        convs.map((c) => c.id),
        { after, includePrivate: false, limit: 500 },
      );
      return msgs.map((x) => publicMessage(x));
    });
  }
}
