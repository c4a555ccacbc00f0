import { BadRequestException, Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { isSupervisor, Principal } from '../../common/principal';
import { Conversation } from '../../schema/conversation.entity';
import { ConversationsRepository } from '../../conversations/conversations.repository';
import { ConsoleSignals } from '../../signals/console-signals';
import { conversationView, ConversationView } from '../views';
import { ActionRunner } from './action-runner';

/** Takes the officer off the conversation; an open one goes back to waiting in its queue. */
@Injectable()
export class UnassignAction {
  constructor(
    private readonly runner: ActionRunner,
    private readonly conversations: ConversationsRepository,
    private readonly audit: AuditService,
    private readonly signals: ConsoleSignals,
  ) {}

  async execute(p: Principal, id: string): Promise<ConversationView> {
    let previous: string | null = null;
    const r = await this.runner.mutate(async (m) => {
      const c = await this.runner.writable(m, p, id);
      if (!c.assigneeId) return { conversation: c };
      if (!isSupervisor(p) && c.assigneeId !== p.id) throw new BadRequestException('Hanya supervisor yang dapat melepas tugas petugas lain.');
      previous = c.assigneeId;
      const now = new Date();
      const patch: Partial<Conversation> = {
        assigneeId: null,
        updatedAt: now,
        ...(c.status === 'open' ? { status: 'pending' as const, waitingSince: c.waitingSince ?? now } : {}),
      };
      await this.conversations.updateConversation(m, c.id, patch);
      Object.assign(c, patch);
      await this.audit.record(m, { actor: p, action: 'conversation.unassign', targetType: 'conversation', targetId: c.id, detail: { previous } });
      return { conversation: c };
    });
    if (previous) this.signals.emit({ kind: 'released', conversationId: id, teamId: r.conversation.teamId, assigneeId: previous });
    return conversationView(r.conversation);
  }
}
