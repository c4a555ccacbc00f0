import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { Principal } from '../../common/principal';
import { Conversation } from '../../schema/conversation.entity';
import { ConversationsRepository } from '../../conversations/conversations.repository';
import { Message } from '../../schema/message.entity';
import { MessagesRepository } from '../../conversations/messages.repository';
import { outgoingMessage } from '../../conversations/outgoing-message';
import { ConsoleSignals } from '../../signals/console-signals';
import { DirectoryRepository } from '../directory.repository';
import { conversationView, ConversationView } from '../views';
import { ActionRunner } from './action-runner';

/** Hands the conversation to another team's queue (with an optional note for them). */
@Injectable()
export class TransferAction {
  constructor(
    private readonly runner: ActionRunner,
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
    private readonly directory: DirectoryRepository,
    private readonly audit: AuditService,
    private readonly signals: ConsoleSignals,
  ) {}

  async execute(p: Principal, id: string, teamId: string, noteText?: string): Promise<ConversationView> {
    let previous: string | null = null;
    const r = await this.runner.mutate(async (m) => {
      const c = await this.runner.writable(m, p, id);
      if (c.status === 'resolved') throw new ConflictException('Percakapan sudah selesai.');
      const team = await this.directory.findTeam(m, teamId);
      if (!team) throw new BadRequestException('teamId: tim tidak ditemukan.');
      previous = c.assigneeId;
      const now = await this.messages.nextMessageTime(m, c.id);
      const messages: Message[] = [];
      const text = `Dialihkan ke tim ${team.name} oleh ${p.name}${noteText ? `: ${noteText}` : '.'}`;
      const note = outgoingMessage(c, { senderKind: 'agent', senderUserId: p.id, text, createdAt: now, isPrivate: true, deliveryStatus: 'delivered' });
      await this.messages.insert(m, note);
      messages.push(note);
      const patch: Partial<Conversation> = {
        teamId,
        assigneeId: null,
        status: c.status === 'bot' || c.status === 'open' || c.status === 'pending' ? 'pending' : c.status,
        waitingSince: c.waitingSince ?? now,
        updatedAt: now,
      };
      await this.conversations.updateConversation(m, c.id, patch);
      Object.assign(c, patch);
      await this.audit.record(m, {
        actor: p,
        action: 'conversation.transfer',
        targetType: 'conversation',
        targetId: c.id,
        detail: { teamId, previousAssignee: previous },
      });
      return { conversation: c, messages };
    });
    this.signals.emit({ kind: 'transferred', conversationId: id, teamId });
    if (previous) this.signals.emit({ kind: 'released', conversationId: id, teamId, assigneeId: previous });
    return conversationView(r.conversation);
  }
}
