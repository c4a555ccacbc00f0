import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import { isSupervisor, Principal } from '../common/principal';
import { formatLocalDate, WorkingCalendar } from '../common/calendar/working-calendar';
import { newId } from '../common/ids';
import { outgoingMessage } from '../conversations/outgoing-message';
import { Conversation } from '../schema/conversation.entity';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { Message } from '../schema/message.entity';
import { AuditService } from '../audit/audit.service';
import { AUTH_CONFIG, AuthConfig } from '../auth/auth.config';
import { ROUTING_CONFIG, RoutingConfig } from './routing.config';
import { TransactionRunner, Tx } from '../database/transaction-runner';
import { HubEvents } from '../hub/hub-events';
import { OutboundService } from '../hub/outbound.service';
import { jobIdFor } from '../hub/queue-names';
import { ConsoleSignals } from '../signals/console-signals';
import { AgencyReferral } from '../schema/agency-referral.entity';
import { ReferralsRepository } from './referrals.repository';
import { RoutingService } from './routing.service';
import { opsSignals } from '../signals/ops-signals';
import { SlaService } from './sla.service';

export const REFERRAL_OVERDUE_LABEL = 'rujukan-terlambat';

export interface ReferInput {
  agencyCode: string;
  question: string;
  workingDays?: number;
}

/**
 * Agency referrals: a question passed to a technical agency with a due date
 * in working days. The citizen is told (system message on their channel) who
 * has their question and by when; the agency's officers see the
 * conversation; an unanswered referral past its due date escalates to the
 * supervisors.
 */
@Injectable()
export class ReferralsService implements OnModuleInit {
  private readonly log = new Logger('Referrals');

  constructor(
    @Inject(ROUTING_CONFIG) private readonly cfg: RoutingConfig,
    @Inject(AUTH_CONFIG) private readonly people: AuthConfig,
    private readonly tx: TransactionRunner,
    private readonly calendar: WorkingCalendar,
    private readonly outbound: OutboundService,
    private readonly events: HubEvents,
    private readonly signals: ConsoleSignals,
    private readonly audit: AuditService,
    private readonly sla: SlaService,
    private readonly routing: RoutingService,
    private readonly referrals: ReferralsRepository,
    private readonly conversations: ConversationsRepository,
  ) {}

  onModuleInit(): void {
    this.sla.onReferralDue((id) => this.escalate(id).then(() => undefined));
    this.routing.addSweeper(() => this.sweep());
    this.routing.addSweeper(() => this.sla.sweep());
  }

  agencyCode(raw: string): string {
    const code = this.people.AGENCIES.find((a) => a.toLowerCase() === raw.trim().toLowerCase());
    if (!code) throw new BadRequestException(`agencyCode harus salah satu dari ${this.people.AGENCIES.join(', ')}.`);
    return code;
  }

  /**
   * Refers a conversation (already found visible and locked by the caller's
   * transaction) and returns what to publish after commit.
   */
  async refer(m: Tx, p: Principal, c: Conversation, input: ReferInput): Promise<{ referral: AgencyReferral; messages: Message[]; enqueue: Message[] }> {
    if (c.status === 'resolved') throw new ConflictException('Percakapan sudah selesai.');
    if (p.role === 'agency') throw new ForbiddenException('Petugas dinas tidak dapat merujuk percakapan.');
    const agencyCode = this.agencyCode(input.agencyCode);
    const open = await this.referrals.findOpen(m, c.id, agencyCode);
    if (open) throw new ConflictException(`Percakapan ini sudah dirujuk ke ${agencyCode} dan belum dijawab.`);
    const now = new Date();
    const days = input.workingDays ?? this.cfg.REFERRAL_DEFAULT_DAYS;
    const dueDate = this.calendar.addWorkingDays(now, days);
    const dueAt = this.cfg.REFERRAL_DUE_SECONDS
      ? new Date(now.getTime() + this.cfg.REFERRAL_DUE_SECONDS * 1000)
      : this.calendar.atLocal(dueDate, this.calendar.options.hours.closeMin);
    const referral: AgencyReferral = {
      id: newId(),
      conversationId: c.id,
      agencyCode,
      status: 'open',
      question: input.question,
      answer: null,
      dueDate,
      dueAt,
      createdById: p.id,
      answeredById: null,
      createdAt: now,
      answeredAt: null,
      escalatedAt: null,
    };
    await this.referrals.insert(m, referral);
    const dueText = formatLocalDate(dueDate, 'id');
    const t0 = (await this.conversations.nextMessageTime(m, c.id)).getTime();
    const note = outgoingMessage(c, {
      senderKind: 'agent',
      senderUserId: p.id,
      isPrivate: true,
      // The question is what the agency is asked: always shown to it.
      forAgency: true,
      text: `Dirujuk ke ${agencyCode} oleh ${p.name}, tenggat ${dueText}: ${input.question}`,
      createdAt: new Date(t0),
      deliveryStatus: 'delivered',
    });
    const direct = !c.identityId;
    const notice = outgoingMessage(c, {
      senderKind: 'system',
      senderUserId: null,
      isPrivate: false,
      text:
        `Pertanyaan Anda sedang kami teruskan ke dinas teknis terkait (${agencyCode}) untuk dimintakan pertimbangan. ` +
        `Jawaban kami sampaikan paling lambat ${dueText}. Anda tidak perlu mengirim ulang pertanyaan; kabar selanjutnya akan kami kirim di percakapan ini.`,
      createdAt: new Date(t0 + 1),
      deliveryStatus: direct ? 'delivered' : 'pending',
    });
    // One row per insert: TypeORM reloads defaults after a multi-row insert on SQLite and may mix up the objects.
    await this.conversations.insertMessage(m, { ...note });
    await this.conversations.insertMessage(m, { ...notice });
    await this.conversations.updateConversation(m, c.id, { lastMessageAt: notice.createdAt, updatedAt: notice.createdAt });
    c.lastMessageAt = notice.createdAt;
    c.updatedAt = notice.createdAt;
    await this.audit.record(m, {
      actor: p,
      action: 'conversation.refer',
      targetType: 'conversation',
      targetId: c.id,
      detail: { referralId: referral.id, agencyCode, dueDate },
    });
    return { referral, messages: [note, notice], enqueue: direct ? [] : [notice] };
  }

  /** After the referral is committed: the due-date timer and the agency's consoles. */
  async published(r: AgencyReferral, c: Conversation): Promise<void> {
    await this.sla.schedule({ kind: 'referral', referralId: r.id }, r.dueAt, jobIdFor('referral', r.id));
    // The agency's room is in the conversation's audience from now on (HubEvents.audience).
    this.signals.emit({ kind: 'referred', conversationId: c.id, agencyCode: r.agencyCode });
    this.events.emit(`agency:${r.agencyCode}`, 'referral.created', {
      referralId: r.id,
      conversationId: c.id,
      reference: c.reference,
      dueDate: r.dueDate,
      dueAt: r.dueAt.toISOString(),
    });
  }

  async answer(p: Principal, referralId: string, text: string): Promise<{ referral: AgencyReferral; note: Message; conversation: Conversation }> {
    const r = await this.tx.run(async (m) => {
      const ref = await this.referrals.findById(m, referralId);
      if (!ref || (p.role === 'agency' && ref.agencyCode !== p.agencyCode)) throw new NotFoundException('Rujukan tidak ditemukan.');
      if (p.role !== 'agency' && !isSupervisor(p)) throw new ForbiddenException('Hanya petugas dinas yang dirujuk atau supervisor yang dapat menjawab.');
      if (ref.status !== 'open') throw new ConflictException('Rujukan ini sudah dijawab atau dibatalkan.');
      const c = await this.conversations.findById(m, ref.conversationId);
      // A referral always has its conversation; as before (findOneOrFail), a missing one is a server error.
      if (!c) throw new Error(`conversation ${ref.conversationId} of referral ${ref.id} not found`);
      const now = new Date();
      const at = await this.conversations.nextMessageTime(m, c.id, now.getTime());
      const note = outgoingMessage(c, {
        senderKind: 'agent',
        senderUserId: p.id,
        isPrivate: true,
        // A supervisor answering for the agency: the agency sees what was said in its name.
        forAgency: true,
        text: `Jawaban ${ref.agencyCode} (${p.name}): ${text}`,
        createdAt: at,
        deliveryStatus: 'delivered',
      });
      await this.conversations.insertMessage(m, note);
      await this.referrals.update(m, ref.id, { status: 'answered', answer: text, answeredById: p.id, answeredAt: now });
      const labels = (c.labels ?? []).filter((l) => l !== REFERRAL_OVERDUE_LABEL);
      await this.conversations.updateConversation(m, c.id, { updatedAt: at, labels });
      Object.assign(c, { updatedAt: at, labels });
      await this.audit.record(m, { actor: p, action: 'referral.answer', targetType: 'referral', targetId: ref.id, detail: { conversationId: c.id } });
      return { referral: { ...ref, status: 'answered' as const, answer: text, answeredById: p.id, answeredAt: now }, note, conversation: c };
    });
    await this.sla.unschedule(jobIdFor('referral', referralId));
    await this.events.messageCreated(r.conversation, r.note);
    await this.events.conversationUpdated(r.conversation);
    await this.events.toConversation(r.conversation, 'referral.answered', {
      referralId,
      conversationId: r.conversation.id,
      agencyCode: r.referral.agencyCode,
    });
    return r;
  }

  /** The due date passed unanswered: alert the supervisors once. */
  async escalate(referralId: string, now = new Date()): Promise<boolean> {
    const r = await this.tx.run(async (m) => {
      const ref = await this.referrals.findById(m, referralId);
      if (!ref || ref.status !== 'open' || ref.escalatedAt || ref.dueAt.getTime() > now.getTime() + 500) return null;
      await this.referrals.update(m, ref.id, { escalatedAt: now });
      const c = await this.conversations.findById(m, ref.conversationId);
      if (c) {
        const labels = [...new Set([...(c.labels ?? []), REFERRAL_OVERDUE_LABEL])].sort();
        await this.conversations.updateConversation(m, c.id, { labels, updatedAt: now });
        Object.assign(c, { labels, updatedAt: now });
      }
      await this.audit.record(m, {
        actor: null,
        action: 'referral.overdue',
        targetType: 'referral',
        targetId: ref.id,
        detail: { conversationId: ref.conversationId, agencyCode: ref.agencyCode },
      });
      return { ref, c };
    });
    if (!r) return false;
    opsSignals.emit({ kind: 'referral.overdue', agencyCode: r.ref.agencyCode });
    const overdueRooms = r.c ? await this.events.audience(r.c) : ['supervisors', `agency:${r.ref.agencyCode}`];
    this.events.emit(overdueRooms, 'referral.overdue', {
      referralId,
      conversationId: r.ref.conversationId,
      reference: r.c?.reference ?? null,
      agencyCode: r.ref.agencyCode,
      dueDate: r.ref.dueDate,
      dueAt: r.ref.dueAt.toISOString(),
    });
    if (r.c) await this.events.conversationUpdated(r.c);
    this.log.warn(`referral ${referralId} to ${r.ref.agencyCode} is overdue`);
    return true;
  }

  private async sweep(): Promise<void> {
    // A few seconds of grace: a due-date job about to fire escalates it itself.
    const due = await this.tx.read((m) => this.referrals.findOverdueUnescalated(m, new Date(Date.now() - 5000), 200));
    for (const r of due) await this.escalate(r.id);
  }
}
