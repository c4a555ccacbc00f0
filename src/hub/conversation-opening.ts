import { Injectable, Logger } from '@nestjs/common';
import { Conversation } from '../schema/conversation.entity';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { Message } from '../schema/message.entity';
import { isUniqueViolation } from '../database/db-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { HubEvents } from './hub-events';

/**
 * Opens a conversation other than the citizen's inbound one (the bot's
 * complaint conversations), so that it is stored and announced the way the
 * hub does for every conversation. A port: the bot asks for it by token.
 */
export interface ConversationOpening {
  /**
   * Stores the conversation and its first message unless a conversation with
   * that id exists (then returns that one): idempotent for retried jobs.
   * Consoles and routing hear of a new one at once.
   */
  openOnce(conversation: Conversation, first: Message): Promise<{ conversation: Conversation; created: boolean }>;
}

export const CONVERSATION_OPENING = Symbol('CONVERSATION_OPENING');

@Injectable()
export class HubConversationOpening implements ConversationOpening {
  private readonly log = new Logger('ConversationOpening');

  constructor(
    private readonly tx: TransactionRunner,
    private readonly conversations: ConversationsRepository,
    private readonly events: HubEvents,
  ) {}

  async openOnce(conversation: Conversation, first: Message): Promise<{ conversation: Conversation; created: boolean }> {
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await this.tx.run((m) => this.conversations.openOnce(m, conversation, first));
        if (r.created) await this.announce(r.conversation, first);
        return r;
      } catch (err) {
        // Another worker opened it at the same moment: read theirs.
        if (isUniqueViolation(err) && attempt < 3) continue;
        throw err;
      }
    }
  }

  /** Not at the next routing sweep: consoles and routing hear of it now (a failure here loses nothing, the sweep still finds it). */
  private async announce(c: Conversation, m: Message): Promise<void> {
    try {
      await this.events.conversationCreated(c);
      await this.events.messageCreated(c, m);
    } catch (err) {
      this.log.warn(`conversation ${c.id} not announced: ${(err as Error).message}`);
    }
  }
}
