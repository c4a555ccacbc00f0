import { Injectable, Logger } from '@nestjs/common';
import { ContactsRepository } from '../contacts/contacts.repository';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { TransactionRunner } from '../database/transaction-runner';
import type { ChannelIdentityRef } from './channel-conversations';
import { HubEvents } from './hub-events';

/**
 * A channel's door to the console's "Warga sedang mengetik…": the citizen's
 * typing in their active conversation goes to the officers who may read it
 * (the console rooms of src/access/console-rooms.ts). Best effort: never throws.
 * Channels throttle what they pass on (a typing event is no message).
 */
export abstract class CitizenTyping {
  abstract relay(sender: ChannelIdentityRef, on: boolean): Promise<void>;
}

@Injectable()
export class CitizenTypingService extends CitizenTyping {
  private readonly log = new Logger(CitizenTyping.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly contacts: ContactsRepository,
    private readonly conversations: ConversationsRepository,
    private readonly events: HubEvents,
  ) {
    super();
  }

  async relay(sender: ChannelIdentityRef, on: boolean): Promise<void> {
    try {
      const c = await this.tx.read(async (m) => {
        const identity = await this.contacts.findIdentity(m, sender.kind, sender.externalId);
        if (!identity) return null;
        const contact = await this.contacts.resolveMerged(m, identity.contactId);
        return this.conversations.findActiveForContact(m, contact.id);
      });
      // Nobody stored yet (the visitor has not written) or nothing open: no officer to tell.
      if (!c) return;
      await this.events.toConversation(c, 'typing', { conversationId: c.id, citizen: true, name: 'Warga', typing: on });
    } catch (err) {
      this.log.debug(`citizen typing not relayed: ${(err as Error).message}`);
    }
  }
}
