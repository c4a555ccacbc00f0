import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { isSupervisor, Principal } from '../../common/principal';
import { Conversation } from '../../schema/conversation.entity';
import { ConversationsRepository } from '../../conversations/conversations.repository';
import { ConsoleSignals } from '../../signals/console-signals';
import { DirectoryRepository } from '../directory.repository';
import { conversationView, ConversationView } from '../views';
import { ActionRunner } from './action-runner';
import { OFFICERS } from '../officers';

/** Who a colleague may be handed a conversation: those who work a team's conversations (not the counter, not admins). */
export const TEAM_WORKERS = ['agent', 'supervisor'] as const;

/**
 * Puts an officer on the conversation: themselves; an agent also a colleague
 * of the conversation's team (agent or supervisor); a supervisor anyone active.
 */
@Injectable()
export class AssignAction {
  constructor(
    private readonly runner: ActionRunner,
    private readonly conversations: ConversationsRepository,
    private readonly directory: DirectoryRepository,
    private readonly audit: AuditService,
    private readonly signals: ConsoleSignals,
  ) {}

  async execute(p: Principal, id: string, userId: string): Promise<ConversationView> {
    const handOver = !isSupervisor(p) && userId !== p.id;
    if (handOver && p.role !== 'agent') throw new BadRequestException('Hanya supervisor yang dapat menugaskan petugas lain.');
    let previous: string | null = null;
    const r = await this.runner.mutate(async (m) => {
      const c = await this.runner.writable(m, p, id);
      if (c.status === 'resolved') throw new ConflictException('Percakapan sudah selesai.');
      const user = await this.directory.findUser(m, userId);
      if (!user?.active || !(OFFICERS as readonly string[]).includes(user.role))
        throw new BadRequestException('userId: petugas tidak ditemukan atau tidak aktif.');
      if (handOver && (!c.teamId || !(TEAM_WORKERS as readonly string[]).includes(user.role) || !(await this.directory.isMember(m, userId, c.teamId))))
        throw new BadRequestException('Percakapan hanya dapat diserahkan kepada rekan di tim percakapan ini.');
      previous = c.assigneeId;
      const now = new Date();
      const patch: Partial<Conversation> = {
        assigneeId: userId,
        updatedAt: now,
        ...(c.status === 'bot' || c.status === 'pending' ? { status: 'open' as const } : {}),
      };
      await this.conversations.updateConversation(m, c.id, patch);
      Object.assign(c, patch);
      await this.audit.record(m, { actor: p, action: 'conversation.assign', targetType: 'conversation', targetId: c.id, detail: { userId, previous } });
      return { conversation: c };
    });
    if (previous && previous !== userId) this.signals.emit({ kind: 'released', conversationId: id, teamId: r.conversation.teamId, assigneeId: previous });
    return conversationView(r.conversation);
  }
}
