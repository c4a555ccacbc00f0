import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ContactsRepository } from '../contacts/contacts.repository';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { TransactionRunner } from '../database/transaction-runner';
import { ConsoleSignals } from '../signals/console-signals';
import { ChannelRegistry } from './channel-registry';

/**
 * Tells the citizen, on channels that can show it without a stored message
 * (the web chat widget), that an officer resolved their conversation. The
 * survey invitation that follows is an ordinary bot message (src/survey).
 */
@Injectable()
export class ResolvedNotices implements OnModuleInit {
  private readonly log = new Logger(ResolvedNotices.name);

  constructor(
    private readonly signals: ConsoleSignals,
    private readonly tx: TransactionRunner,
    private readonly registry: ChannelRegistry,
    private readonly contacts: ContactsRepository,
    private readonly conversations: ConversationsRepository,
  ) {}

  onModuleInit(): void {
    this.signals.on(async (s) => {
      if (s.kind === 'resolved') await this.notify(s.conversationId);
    });
  }

  async notify(conversationId: string): Promise<void> {
    const found = await this.tx.read(async (m) => {
      const c = await this.conversations.findById(m, conversationId);
      if (!c || c.status !== 'resolved' || !c.identityId) return null;
      const identity = await this.contacts.findIdentityById(m, c.identityId);
      return identity ? { c, identity } : null;
    });
    if (!found) return;
    const adapter = this.registry.get(found.c.channel);
    if (!adapter?.resolved) return;
    const resolvedAt = (found.c.resolvedAt ? new Date(found.c.resolvedAt) : new Date()).toISOString();
    try {
      await adapter.resolved({ kind: found.identity.kind, externalId: found.identity.externalId }, { conversationId, resolvedAt });
    } catch (err) {
      this.log.debug(`resolved notice for ${conversationId} not sent: ${(err as Error).message}`);
    }
  }
}
