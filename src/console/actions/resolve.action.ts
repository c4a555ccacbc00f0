import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { Principal } from '../../common/principal';
import { Conversation } from '../../schema/conversation.entity';
import { ConversationsRepository } from '../../conversations/conversations.repository';
import { ConsoleSignals } from '../../signals/console-signals';
import { conversationView, ConversationView } from '../views';
import { ActionRunner } from './action-runner';

/** Closes the case; open agency referrals are cancelled with it. Resolving twice changes nothing. */
@Injectable()
export class ResolveAction {
  constructor(
    private readonly runner: ActionRunner,
    private readonly conversations: ConversationsRepository,
    private readonly audit: AuditService,
    private readonly signals: ConsoleSignals,
  ) {}

  async execute(p: Principal, id: string): Promise<ConversationView> {
    const r = await this.runner.mutate(async (m) => {
      const c = await this.runner.writable(m, p, id);
      if (c.status === 'resolved') return { conversation: c };
      const now = new Date();
      const patch: Partial<Conversation> = { status: 'resolved', resolvedAt: now, updatedAt: now };
      await this.conversations.updateConversation(m, c.id, patch);
      Object.assign(c, patch);
      await this.conversations.cancelOpenReferrals(m, c.id);
      await this.audit.record(m, { actor: p, action: 'conversation.resolve', targetType: 'conversation', targetId: c.id });
      return { conversation: c };
    });
    this.signals.emit({ kind: 'resolved', conversationId: id, teamId: r.conversation.teamId, assigneeId: r.conversation.assigneeId });
    return conversationView(r.conversation);
  }
}
