import { ConflictException, Inject, Injectable, Logger, UnprocessableEntityException } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { Principal } from '../../common/principal';
import { Conversation } from '../../schema/conversation.entity';
import { ConversationsRepository } from '../../conversations/conversations.repository';
import { MessagesRepository } from '../../conversations/messages.repository';
import { outgoingMessage } from '../../conversations/outgoing-message';
import { HubEvents } from '../../hub/hub-events';
import { ConsoleSignals } from '../../signals/console-signals';
import { CONSOLE_CONFIG, ConsoleConfig } from '../console.config';
import { checkIntegrity, INTEGRITY_REASON_TEXT } from '../integrity';
import { messageView } from '../views';
import { ActionRunner } from './action-runner';

/**
 * A reply to the citizen, on the channel of their latest message. The bot
 * stops answering. The integrity guard flags (or, when the office says so,
 * blocks) a reply that hands out a personal number, an account or a fee.
 */
@Injectable()
export class ReplyAction {
  private readonly log = new Logger('Console');

  constructor(
    @Inject(CONSOLE_CONFIG) private readonly cfg: ConsoleConfig,
    private readonly runner: ActionRunner,
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
    private readonly events: HubEvents,
    private readonly audit: AuditService,
    private readonly signals: ConsoleSignals,
  ) {}

  async execute(p: Principal, id: string, text: string): Promise<ReturnType<typeof messageView>> {
    const verdict = checkIntegrity(text, this.allowedNumbers());
    if (verdict.flagged && this.cfg.INTEGRITY_BLOCK) {
      await this.flag(p, id, text, verdict.reasons, true);
      throw new UnprocessableEntityException({
        statusCode: 422,
        error: 'Blocked by integrity guard',
        message: `Pesan tidak dikirim: berisi ${verdict.reasons.map((r) => INTEGRITY_REASON_TEXT[r]).join(', ')}. Supervisor telah diberi tahu.`,
        reasons: verdict.reasons,
      });
    }
    let firstResponse = false;
    const r = await this.runner.mutate(async (m) => {
      const c = await this.runner.writable(m, p, id);
      if (c.status === 'resolved') throw new ConflictException('Percakapan sudah selesai; buka kembali (reopen) sebelum membalas.');
      const now = await this.messages.nextMessageTime(m, c.id);
      const direct = !c.identityId;
      if (direct && c.channel !== 'counter') throw new ConflictException('Warga tidak bisa dihubungi di kanal ini.');
      const msg = outgoingMessage(c, { senderKind: 'agent', senderUserId: p.id, text, createdAt: now, deliveryStatus: direct ? 'delivered' : 'pending' });
      await this.messages.insert(m, msg);
      const patch: Partial<Conversation> = { lastMessageAt: now, updatedAt: now };
      if (c.status === 'bot' || c.status === 'pending') patch.status = 'open';
      if (!c.assigneeId && p.role !== 'agency') patch.assigneeId = p.id;
      if (!c.firstResponseAt) {
        patch.firstResponseAt = now;
        firstResponse = true;
      }
      await this.conversations.updateConversation(m, c.id, patch);
      Object.assign(c, patch);
      return { conversation: c, messages: [msg], enqueue: direct ? [] : [msg] };
    });
    if (firstResponse) this.signals.emit({ kind: 'responded', conversationId: id });
    if (verdict.flagged) await this.flag(p, id, text, verdict.reasons, false, r.messages![0].id);
    return messageView(r.messages![0]);
  }

  private allowedNumbers(): string[] {
    return this.cfg.INTEGRITY_ALLOWED_NUMBERS.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }

  private async flag(p: Principal, conversationId: string, text: string, reasons: string[], blocked: boolean, messageId?: string): Promise<void> {
    await this.audit.recordNow({
      actor: p,
      action: 'integrity.flag',
      targetType: 'conversation',
      targetId: conversationId,
      detail: { reasons, blocked, messageId: messageId ?? null, text: text.slice(0, 2000) },
    });
    this.events.emit('supervisors', 'integrity.flagged', {
      conversationId,
      messageId: messageId ?? null,
      userId: p.id,
      userName: p.name,
      role: p.role,
      reasons,
      blocked,
      at: new Date().toISOString(),
    });
    this.log.warn(`integrity guard: message by user ${p.id} in conversation ${conversationId} flagged (${reasons.join(', ')})${blocked ? ', blocked' : ''}`);
  }
}
