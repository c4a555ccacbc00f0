import { ConflictException, Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { Principal } from '../../common/principal';
import { Conversation } from '../../schema/conversation.entity';
import { ConversationsRepository } from '../../conversations/conversations.repository';
import { isUniqueViolation } from '../../database/db-errors';
import { ConsoleSignals } from '../../signals/console-signals';
import { conversationView, ConversationView } from '../views';
import { ActionRunner } from './action-runner';

/** Opens a resolved conversation again: back to its officer, or waiting in its queue. */
@Injectable()
export class ReopenAction {
  constructor(
    private readonly runner: ActionRunner,
    private readonly conversations: ConversationsRepository,
    private readonly audit: AuditService,
    private readonly signals: ConsoleSignals,
  ) {}

  async execute(p: Principal, id: string): Promise<ConversationView> {
    try {
      const r = await this.runner.mutate(async (m) => {
        const c = await this.runner.writable(m, p, id);
        if (c.status !== 'resolved') return { conversation: c };
        const now = new Date();
        const patch: Partial<Conversation> = {
          status: c.assigneeId ? 'open' : 'pending',
          resolvedAt: null,
          updatedAt: now,
          waitingSince: c.assigneeId ? c.waitingSince : now,
        };
        await this.conversations.updateConversation(m, c.id, patch);
        Object.assign(c, patch);
        await this.audit.record(m, { actor: p, action: 'conversation.reopen', targetType: 'conversation', targetId: c.id });
        return { conversation: c };
      });
      if (r.conversation.status === 'pending') this.signals.emit({ kind: 'waiting', conversationId: id, teamId: r.conversation.teamId });
      return conversationView(r.conversation);
    } catch (err) {
      // One active conversation per citizen (a unique index): a newer one may have started since.
      if (isUniqueViolation(err)) throw new ConflictException('Warga ini sudah punya percakapan lain yang aktif; lanjutkan di sana.');
      throw err;
    }
  }
}
