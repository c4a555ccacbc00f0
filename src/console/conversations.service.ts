import { BadRequestException, ConflictException, Inject, Injectable, Logger, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { Brackets, EntityManager, In } from 'typeorm';
import { z } from 'zod';
import { isSupervisor, Principal } from '../auth/principal';
import { User } from '../auth/user.entity';
import { nextMessageTime, outgoingMessage } from '../conversations/outgoing-message';
import { Contact } from '../contacts/contact.entity';
import { Conversation, CONVERSATION_STATUSES, ConversationStatus } from '../conversations/conversation.entity';
import { Message } from '../conversations/message.entity';
import { isUniqueViolation } from '../database/db-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { HubEvents } from '../hub/hub-events';
import { OutboundService } from '../hub/outbound.service';
import { AgencyReferral } from '../routing/agency-referral.entity';
import { ReferInput, ReferralsService } from '../routing/referrals.service';
import { ConversationSla } from '../routing/sla.entity';
import { Team } from '../routing/team.entity';
import { AuditService } from '../audit/audit.service';
import { ConsoleSignals } from '../signals/console-signals';
import { CONSOLE_CONFIG, ConsoleConfig } from './console.config';
import { checkIntegrity, INTEGRITY_REASON_TEXT } from './integrity';
import { table } from './sql';
import { uuid } from '../common/validation';
import { conversationView, ConversationView, decodeCursor, encodeCursor, messageView } from './views';
import { applyVisibility } from './visibility';

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1).max(10));

export const listQuerySchema = z
  .object({
    status: csv(
      z.enum(CONVERSATION_STATUSES as [ConversationStatus, ...ConversationStatus[]], { message: `status: ${CONVERSATION_STATUSES.join(', ')}` }),
    ).optional(),
    teamId: uuid.optional(),
    assigneeId: z.union([z.literal('me'), z.literal('none'), uuid]).optional(),
    channel: z
      .string()
      .regex(/^[a-z0-9_-]{1,32}$/)
      .optional(),
    label: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/)
      .optional(),
    overdue: z.enum(['true', 'false']).optional(),
    q: z.string().trim().min(2, 'q minimal 2 karakter').max(100).optional(),
    cursor: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export type ListQuery = z.infer<typeof listQuerySchema>;

export const labelSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'label: huruf kecil, angka, - atau _ (maks. 40)');

export interface ConversationDetail {
  conversation: ConversationView;
  messages: ReturnType<typeof messageView>[];
  hasEarlier: boolean;
  referrals: ReturnType<typeof referralView>[];
  sla: { firstResponseDueAt: string; resolutionDueAt: string; firstResponseBreachedAt: string | null; resolutionBreachedAt: string | null } | null;
}

type Mutation = {
  conversation: Conversation;
  messages?: Message[];
  enqueue?: Message[];
  created?: boolean;
};

const OFFICER_ROLES = ['admin', 'supervisor', 'agent', 'counter'];

/**
 * The console's conversations: lists and detail under each role's visibility
 * (applied in SQL, so a conversation out of reach is simply not found), and
 * every officer action as one transaction + events after commit.
 */
@Injectable()
export class ConsoleConversationsService {
  private readonly log = new Logger('Console');

  constructor(
    @Inject(CONSOLE_CONFIG) private readonly cfg: ConsoleConfig,
    private readonly tx: TransactionRunner,
    private readonly outbound: OutboundService,
    private readonly events: HubEvents,
    private readonly audit: AuditService,
    private readonly signals: ConsoleSignals,
    private readonly referrals: ReferralsService,
  ) {}

  private read<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.tx.exclusive(() => fn(this.tx.manager));
  }

  // ---------------------------------------------------------------- reads

  async list(p: Principal, q: ListQuery): Promise<{ items: ConversationView[]; nextCursor: string | null }> {
    return this.read(async (m) => {
      const qb = m.createQueryBuilder(Conversation, 'c');
      applyVisibility(qb, p, 'list');
      // A web chat visitor who never got a message stored is nobody's case (rows left by older versions, or an enqueue that failed).
      qb.andWhere("NOT (c.channel = 'webchat' AND c.last_message_at IS NULL)");
      if (q.status) qb.andWhere('c.status IN (:...st)', { st: q.status });
      if (q.teamId) qb.andWhere('c.team_id = :team', { team: q.teamId });
      if (q.assigneeId === 'none') qb.andWhere('c.assignee_id IS NULL');
      else if (q.assigneeId) qb.andWhere('c.assignee_id = :asg', { asg: q.assigneeId === 'me' ? p.id : q.assigneeId });
      if (q.channel) qb.andWhere('c.channel = :ch', { ch: q.channel });
      if (q.label) qb.andWhere('c.labels LIKE :lbl', { lbl: `%"${q.label}"%` });
      if (q.overdue === 'true') {
        qb.andWhere("c.status IN ('pending', 'open')").andWhere(
          new Brackets((w) =>
            w
              .where(
                `EXISTS (SELECT 1 FROM ${table(m.connection, ConversationSla)} os WHERE os.conversation_id = c.id AND (os.first_response_breached_at IS NOT NULL OR os.resolution_breached_at IS NOT NULL))`,
              )
              .orWhere(
                `EXISTS (SELECT 1 FROM ${table(m.connection, AgencyReferral)} orf WHERE orf.conversation_id = c.id AND orf.status = 'open' AND orf.due_at < :now)`,
                {
                  now: new Date(),
                },
              ),
          ),
        );
      }
      if (q.q) {
        const like = `%${q.q.toLowerCase().replace(/[%_\\]/g, '')}%`;
        const digits = q.q.replace(/\D/g, '');
        qb.andWhere(
          new Brackets((w) => {
            w.where('LOWER(c.reference) LIKE :qs', { qs: like })
              .orWhere('LOWER(c.subject) LIKE :qs')
              .orWhere(`EXISTS (SELECT 1 FROM ${table(m.connection, Contact)} qc WHERE qc.id = c.contact_id AND LOWER(qc.name) LIKE :qs)`)
              .orWhere(`EXISTS (SELECT 1 FROM ${table(m.connection, Message)} qm WHERE qm.conversation_id = c.id AND LOWER(qm.text) LIKE :qs)`);
            if (digits.length >= 6)
              w.orWhere(`EXISTS (SELECT 1 FROM ${table(m.connection, Contact)} qp WHERE qp.id = c.contact_id AND qp.phone LIKE :qd)`, { qd: `%${digits}%` });
          }),
        );
      }
      if (q.cursor) {
        const cur = decodeCursor(q.cursor);
        if (!cur || !cur.at) throw new BadRequestException('cursor tidak valid.');
        qb.andWhere(
          new Brackets((w) => w.where('c.last_message_at < :cat', { cat: cur.at }).orWhere('(c.last_message_at = :cat AND c.id < :cid)', { cid: cur.id })),
        );
      }
      const rows = await qb
        .orderBy('c.last_message_at', 'DESC')
        .addOrderBy('c.id', 'DESC')
        .take(q.limit + 1)
        .getMany();
      const page = rows.slice(0, q.limit);
      const items = await this.decorate(m, page);
      const last = page[page.length - 1];
      return { items, nextCursor: rows.length > q.limit && last ? encodeCursor(last.lastMessageAt, last.id) : null };
    });
  }

  /** Conversations (visible to p) changed since a moment: catch-up after a long disconnect. */
  async changedSince(p: Principal, since: Date, limit = 200): Promise<{ items: ConversationView[]; complete: boolean; until: string }> {
    const until = new Date();
    return this.read(async (m) => {
      const qb = m.createQueryBuilder(Conversation, 'c').where('c.updated_at >= :since', { since });
      applyVisibility(qb, p, 'list');
      const rows = await qb
        .orderBy('c.updated_at', 'ASC')
        .take(limit + 1)
        .getMany();
      return { items: await this.decorate(m, rows.slice(0, limit)), complete: rows.length <= limit, until: until.toISOString() };
    });
  }

  private async decorate(m: EntityManager, rows: Conversation[]): Promise<ConversationView[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const [contacts, lasts] = await Promise.all([
      m.find(Contact, { where: { id: In([...new Set(rows.map((r) => r.contactId))]) } }),
      m
        .createQueryBuilder(Message, 'lm')
        .where('lm.conversation_id IN (:...ids)', { ids })
        .andWhere(`lm.created_at = (SELECT MAX(m2.created_at) FROM ${table(m.connection, Message)} m2 WHERE m2.conversation_id = lm.conversation_id)`)
        .getMany(),
    ]);
    return rows.map((r) =>
      conversationView(
        r,
        contacts.find((c) => c.id === r.contactId),
        lasts.find((l) => l.conversationId === r.id),
      ),
    );
  }

  /** A conversation visible to p in the given scope, or 404 (never 403: its existence is not revealed). */
  async find(m: EntityManager, p: Principal, id: string, scope: 'list' | 'read' | 'write'): Promise<Conversation> {
    if (!uuid.safeParse(id).success) throw new NotFoundException('Percakapan tidak ditemukan.');
    const qb = m.createQueryBuilder(Conversation, 'c').where('c.id = :id', { id });
    applyVisibility(qb, p, scope);
    if (scope === 'write' && m.connection.options.type === 'postgres') qb.setLock('pessimistic_write');
    const c = await qb.getOne();
    if (!c) throw new NotFoundException('Percakapan tidak ditemukan.');
    return c;
  }

  async get(p: Principal, id: string): Promise<ConversationDetail> {
    const { detail, outOfScope } = await this.read(async (m) => {
      const c = await this.find(m, p, id, 'read');
      const outOfScope = p.role === 'counter' && !(await this.inScope(m, p, id));
      // Independent reads: concurrent on PostgreSQL's pool (SQLite runs them one after another).
      const [msgs, contact, referrals, sla] = await Promise.all([
        m.find(Message, { where: { conversationId: id }, order: { createdAt: 'DESC', id: 'DESC' }, take: 51 }),
        m.findOne(Contact, { where: { id: c.contactId } }),
        m.find(AgencyReferral, { where: { conversationId: id }, order: { createdAt: 'ASC' } }),
        m.findOne(ConversationSla, { where: { conversationId: id } }),
      ]);
      const detail: ConversationDetail = {
        conversation: conversationView(c, contact, msgs[0]),
        messages: msgs.slice(0, 50).reverse().map(messageView),
        hasEarlier: msgs.length > 50,
        referrals: referrals.map(referralView),
        sla: sla
          ? {
              firstResponseDueAt: sla.firstResponseDueAt.toISOString(),
              resolutionDueAt: sla.resolutionDueAt.toISOString(),
              firstResponseBreachedAt: sla.firstResponseBreachedAt?.toISOString() ?? null,
              resolutionBreachedAt: sla.resolutionBreachedAt?.toISOString() ?? null,
            }
          : null,
      };
      return { detail, outOfScope };
    });
    if (outOfScope) await this.audit.recordNow({ actor: p, action: 'conversation.view', targetType: 'conversation', targetId: id, detail: { lookup: true } });
    return detail;
  }

  async inScope(m: EntityManager, p: Principal, id: string): Promise<boolean> {
    const qb = m.createQueryBuilder(Conversation, 'c').where('c.id = :id', { id });
    applyVisibility(qb, p, 'list');
    return (await qb.getCount()) > 0;
  }

  async messages(
    p: Principal,
    id: string,
    before: string | undefined,
    limit: number,
  ): Promise<{ messages: ReturnType<typeof messageView>[]; hasEarlier: boolean }> {
    const page = await this.read(async (m) => {
      await this.find(m, p, id, 'read');
      const outOfScope = p.role === 'counter' && !(await this.inScope(m, p, id));
      const qb = m.createQueryBuilder(Message, 'msg').where('msg.conversation_id = :id', { id });
      if (before) {
        const ref = uuid.safeParse(before).success ? await m.findOne(Message, { where: { id: before, conversationId: id } }) : null;
        if (!ref) throw new BadRequestException('before: pesan tidak dikenal.');
        qb.andWhere(
          new Brackets((w) => w.where('msg.created_at < :bt', { bt: ref.createdAt }).orWhere('(msg.created_at = :bt AND msg.id < :bid)', { bid: ref.id })),
        );
      }
      const rows = await qb
        .orderBy('msg.created_at', 'DESC')
        .addOrderBy('msg.id', 'DESC')
        .take(limit + 1)
        .getMany();
      return { outOfScope, messages: rows.slice(0, limit).reverse().map(messageView), hasEarlier: rows.length > limit };
    });
    // Earlier pages of a looked-up conversation are reads of personal data too.
    if (page.outOfScope)
      await this.audit.recordNow({
        actor: p,
        action: 'conversation.messages',
        targetType: 'conversation',
        targetId: id,
        detail: { lookup: true, before: before ?? null },
      });
    return { messages: page.messages, hasEarlier: page.hasEarlier };
  }

  // --------------------------------------------------------------- writes

  /** Runs one officer action in a transaction, then publishes its events. */
  private async mutate(work: (m: EntityManager) => Promise<Mutation>): Promise<Mutation> {
    const result = await this.tx.run(work);
    for (const msg of result.enqueue ?? []) await this.outbound.enqueue(msg);
    for (const msg of result.messages ?? []) await this.events.messageCreated(result.conversation, msg);
    if (result.created) await this.events.conversationCreated(result.conversation);
    else await this.events.conversationUpdated(result.conversation);
    return result;
  }

  /** A reply to the citizen, on the channel of their latest message. The bot stops answering. */
  async reply(p: Principal, id: string, text: string): Promise<ReturnType<typeof messageView>> {
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
    const r = await this.mutate(async (m) => {
      const c = await this.find(m, p, id, 'write');
      if (c.status === 'resolved') throw new ConflictException('Percakapan sudah selesai; buka kembali (reopen) sebelum membalas.');
      const now = await nextMessageTime(m, c.id);
      const direct = !c.identityId;
      if (direct && c.channel !== 'counter') throw new ConflictException('Warga tidak bisa dihubungi di kanal ini.');
      const msg = outgoingMessage(c, { senderKind: 'agent', senderUserId: p.id, text, createdAt: now, deliveryStatus: direct ? 'delivered' : 'pending' });
      await m.insert(Message, msg);
      const patch: Partial<Conversation> = { lastMessageAt: now, updatedAt: now };
      if (c.status === 'bot' || c.status === 'pending') patch.status = 'open';
      if (!c.assigneeId && p.role !== 'agency') patch.assigneeId = p.id;
      if (!c.firstResponseAt) {
        patch.firstResponseAt = now;
        firstResponse = true;
      }
      await m.update(Conversation, { id: c.id }, patch);
      Object.assign(c, patch);
      return { conversation: c, messages: [msg], enqueue: direct ? [] : [msg] };
    });
    if (firstResponse) this.signals.emit({ kind: 'responded', conversationId: id });
    if (verdict.flagged) await this.flag(p, id, text, verdict.reasons, false, r.messages![0].id);
    return messageView(r.messages![0]);
  }

  /** A private note: stored and shown to officers, never sent to the citizen. */
  async note(p: Principal, id: string, text: string): Promise<ReturnType<typeof messageView>> {
    const r = await this.mutate(async (m) => {
      const c = await this.find(m, p, id, 'write');
      const now = await nextMessageTime(m, c.id);
      const msg = outgoingMessage(c, { senderKind: 'agent', senderUserId: p.id, text, createdAt: now, isPrivate: true, deliveryStatus: 'delivered' });
      await m.insert(Message, msg);
      await m.update(Conversation, { id: c.id }, { updatedAt: now });
      c.updatedAt = now;
      return { conversation: c, messages: [msg] };
    });
    return messageView(r.messages![0]);
  }

  async assign(p: Principal, id: string, userId: string): Promise<ConversationView> {
    if (!isSupervisor(p) && userId !== p.id) throw new BadRequestException('Hanya supervisor yang dapat menugaskan petugas lain.');
    let previous: string | null = null;
    const r = await this.mutate(async (m) => {
      const c = await this.find(m, p, id, 'write');
      if (c.status === 'resolved') throw new ConflictException('Percakapan sudah selesai.');
      const user = await m.findOne(User, { where: { id: userId } });
      if (!user?.active || !OFFICER_ROLES.includes(user.role)) throw new BadRequestException('userId: petugas tidak ditemukan atau tidak aktif.');
      previous = c.assigneeId;
      const now = new Date();
      const patch: Partial<Conversation> = {
        assigneeId: userId,
        updatedAt: now,
        ...(c.status === 'bot' || c.status === 'pending' ? { status: 'open' as const } : {}),
      };
      await m.update(Conversation, { id: c.id }, patch);
      Object.assign(c, patch);
      await this.audit.record(m, { actor: p, action: 'conversation.assign', targetType: 'conversation', targetId: c.id, detail: { userId, previous } });
      return { conversation: c };
    });
    if (previous && previous !== userId) this.signals.emit({ kind: 'released', conversationId: id, teamId: r.conversation.teamId, assigneeId: previous });
    return conversationView(r.conversation);
  }

  async unassign(p: Principal, id: string): Promise<ConversationView> {
    let previous: string | null = null;
    const r = await this.mutate(async (m) => {
      const c = await this.find(m, p, id, 'write');
      if (!c.assigneeId) return { conversation: c };
      if (!isSupervisor(p) && c.assigneeId !== p.id) throw new BadRequestException('Hanya supervisor yang dapat melepas tugas petugas lain.');
      previous = c.assigneeId;
      const now = new Date();
      const patch: Partial<Conversation> = {
        assigneeId: null,
        updatedAt: now,
        ...(c.status === 'open' ? { status: 'pending' as const, waitingSince: c.waitingSince ?? now } : {}),
      };
      await m.update(Conversation, { id: c.id }, patch);
      Object.assign(c, patch);
      await this.audit.record(m, { actor: p, action: 'conversation.unassign', targetType: 'conversation', targetId: c.id, detail: { previous } });
      return { conversation: c };
    });
    if (previous) this.signals.emit({ kind: 'released', conversationId: id, teamId: r.conversation.teamId, assigneeId: previous });
    return conversationView(r.conversation);
  }

  /** Hands the conversation to another team's queue (with an optional note for them). */
  async transfer(p: Principal, id: string, teamId: string, noteText?: string): Promise<ConversationView> {
    let previous: string | null = null;
    const r = await this.mutate(async (m) => {
      const c = await this.find(m, p, id, 'write');
      if (c.status === 'resolved') throw new ConflictException('Percakapan sudah selesai.');
      const team = await m.findOne(Team, { where: { id: teamId } });
      if (!team) throw new BadRequestException('teamId: tim tidak ditemukan.');
      previous = c.assigneeId;
      const now = await nextMessageTime(m, c.id);
      const messages: Message[] = [];
      const text = `Dialihkan ke tim ${team.name} oleh ${p.name}${noteText ? `: ${noteText}` : '.'}`;
      const note = outgoingMessage(c, { senderKind: 'agent', senderUserId: p.id, text, createdAt: now, isPrivate: true, deliveryStatus: 'delivered' });
      await m.insert(Message, note);
      messages.push(note);
      const patch: Partial<Conversation> = {
        teamId,
        assigneeId: null,
        status: c.status === 'bot' || c.status === 'open' || c.status === 'pending' ? 'pending' : c.status,
        waitingSince: c.waitingSince ?? now,
        updatedAt: now,
      };
      await m.update(Conversation, { id: c.id }, patch);
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

  async resolve(p: Principal, id: string): Promise<ConversationView> {
    const r = await this.mutate(async (m) => {
      const c = await this.find(m, p, id, 'write');
      if (c.status === 'resolved') return { conversation: c };
      const now = new Date();
      const patch: Partial<Conversation> = { status: 'resolved', resolvedAt: now, updatedAt: now };
      await m.update(Conversation, { id: c.id }, patch);
      Object.assign(c, patch);
      await m.update(AgencyReferral, { conversationId: c.id, status: 'open' }, { status: 'cancelled' });
      await this.audit.record(m, { actor: p, action: 'conversation.resolve', targetType: 'conversation', targetId: c.id });
      return { conversation: c };
    });
    this.signals.emit({ kind: 'resolved', conversationId: id, teamId: r.conversation.teamId, assigneeId: r.conversation.assigneeId });
    return conversationView(r.conversation);
  }

  async reopen(p: Principal, id: string): Promise<ConversationView> {
    try {
      const r = await this.mutate(async (m) => {
        const c = await this.find(m, p, id, 'write');
        if (c.status !== 'resolved') return { conversation: c };
        const now = new Date();
        const patch: Partial<Conversation> = {
          status: c.assigneeId ? 'open' : 'pending',
          resolvedAt: null,
          updatedAt: now,
          waitingSince: c.assigneeId ? c.waitingSince : now,
        };
        await m.update(Conversation, { id: c.id }, patch);
        Object.assign(c, patch);
        await this.audit.record(m, { actor: p, action: 'conversation.reopen', targetType: 'conversation', targetId: c.id });
        return { conversation: c };
      });
      if (r.conversation.status === 'pending') this.signals.emit({ kind: 'waiting', conversationId: id, teamId: r.conversation.teamId });
      return conversationView(r.conversation);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictException('Warga ini sudah punya percakapan lain yang aktif; lanjutkan di sana.');
      throw err;
    }
  }

  /** Refers the question to a technical agency; the citizen is told who has it and by when. */
  async refer(p: Principal, id: string, input: ReferInput): Promise<ReturnType<typeof referralView>> {
    let referral: AgencyReferral | undefined;
    const r = await this.mutate(async (m) => {
      const c = await this.find(m, p, id, 'write');
      const out = await this.referrals.refer(m, p, c, input);
      referral = out.referral;
      return { conversation: c, messages: out.messages, enqueue: out.enqueue };
    });
    await this.referrals.published(referral!, r.conversation);
    return referralView(referral!);
  }

  async setLabels(p: Principal, id: string, labels: string[]): Promise<ConversationView> {
    const r = await this.mutate(async (m) => {
      const c = await this.find(m, p, id, 'write');
      const next = [...new Set(labels)].sort();
      const now = new Date();
      await m.update(Conversation, { id: c.id }, { labels: next, updatedAt: now });
      c.labels = next;
      c.updatedAt = now;
      return { conversation: c };
    });
    return conversationView(r.conversation);
  }

  // -------------------------------------------------------------- helpers

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

export function referralView(r: AgencyReferral) {
  return {
    id: r.id,
    conversationId: r.conversationId,
    agencyCode: r.agencyCode,
    status: r.status,
    question: r.question,
    answer: r.answer,
    dueDate: r.dueDate,
    dueAt: r.dueAt.toISOString(),
    overdue: r.status === 'open' && r.dueAt.getTime() < Date.now(),
    createdById: r.createdById,
    answeredById: r.answeredById,
    createdAt: r.createdAt.toISOString(),
    answeredAt: r.answeredAt?.toISOString() ?? null,
    escalatedAt: r.escalatedAt?.toISOString() ?? null,
  };
}
