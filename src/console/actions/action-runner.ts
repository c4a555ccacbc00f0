import { Injectable } from '@nestjs/common';
import { AccessRepository } from '../../access/access.repository';
import { requireConversation } from '../../access/require-access';
import { Principal } from '../../common/principal';
import { Conversation } from '../../schema/conversation.entity';
import { Message } from '../../schema/message.entity';
import { Tx, TransactionRunner } from '../../database/transaction-runner';
import { HubEvents } from '../../hub/hub-events';
import { OutboundService } from '../../hub/outbound.service';

/** What an officer action changed, to publish after its transaction commits. */
export interface Mutation {
  conversation: Conversation;
  /** New messages: `message.created` for each. */
  messages?: Message[];
  /** Messages for the citizen's channel (the outbound queue). */
  enqueue?: Message[];
  created?: boolean;
}

/**
 * The frame of every officer action: one transaction on a conversation the
 * officer may write (locked on PostgreSQL), then the outbound queue and the
 * live events, in that order, only after commit.
 */
@Injectable()
export class ActionRunner {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly access: AccessRepository,
    private readonly outbound: OutboundService,
    private readonly events: HubEvents,
  ) {}

  /** The conversation p may write, or 404. */
  writable(m: Tx, p: Principal, id: string): Promise<Conversation> {
    return requireConversation(this.access, m, p, id, 'write');
  }

  async mutate(work: (m: Tx) => Promise<Mutation>): Promise<Mutation> {
    const result = await this.tx.run(work);
    for (const msg of result.enqueue ?? []) await this.outbound.enqueue(msg);
    for (const msg of result.messages ?? []) await this.events.messageCreated(result.conversation, msg);
    if (result.created) await this.events.conversationCreated(result.conversation);
    else await this.events.conversationUpdated(result.conversation);
    return result;
  }
}
