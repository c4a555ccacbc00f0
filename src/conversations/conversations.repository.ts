import { Injectable } from '@nestjs/common';
import { Brackets, EntityManager, In, IsNull, MoreThan } from 'typeorm';
import { applyVisibility, messageVisibility, table } from '../access/access.repository';
import { Principal } from '../common/principal';
import { Contact } from '../schema/contact.entity';
import { AgencyReferral } from '../schema/agency-referral.entity';
import { ConversationSla } from '../schema/sla.entity';
import { newId, newReference } from '../common/ids';
import { isUniqueViolation } from '../database/db-errors';
import { EntityStatements, Where } from '../database/entity-statements';
import { ConcurrentCreateError } from '../database/db-errors';
import { Conversation, ConversationKind, ConversationStatus } from '../schema/conversation.entity';
import { Message } from '../schema/message.entity';

/** The console list's filters (already validated); `me` is resolved by the caller. */
export interface ConversationFilters {
  status?: ConversationStatus[];
  teamId?: string;
  /** 'none': unassigned. */
  assigneeId?: string;
  channel?: string;
  label?: string;
  overdue?: boolean;
  q?: string;
  /** The sort key of the last row of the previous page. */
  after?: { at: Date | null; id: string };
}

@Injectable()
export class ConversationsRepository {
  constructor(private readonly rows: EntityStatements) {}

  findById(m: EntityManager, id: string): Promise<Conversation | null> {
    return this.rows.findOne(m, Conversation, { id });
  }

  findActiveForContact(m: EntityManager, contactId: string, kind: ConversationKind = 'general'): Promise<Conversation | null> {
    // Constants in the SQL text: SQLite then uses the partial index uq_conversations_active_contact without re-planning.
    return this.rows.findOne(m, Conversation, { contactId }, { kind, status: { not: 'resolved' } });
  }

  /** The citizen's unresolved conversation, or a new one that starts with the bot (with `id` if given: the web chat announces it before it exists). */
  async findOrOpen(
    m: EntityManager,
    contactId: string,
    channel: string,
    identityId: string | null,
    now = new Date(),
    id = newId(),
  ): Promise<{ conversation: Conversation; opened: boolean }> {
    const active = await this.findActiveForContact(m, contactId);
    if (active) return { conversation: active, opened: false };
    const conversation = m.create(Conversation, {
      id,
      reference: newReference('LB', now),
      contactId,
      kind: 'general',
      status: 'bot',
      channel,
      identityId,
      teamId: null,
      assigneeId: null,
      subject: null,
      labels: [],
      botState: null,
      createdAt: now,
      updatedAt: now,
      lastMessageAt: null,
      waitingSince: null,
      firstResponseAt: null,
      resolvedAt: null,
    });
    try {
      await m.insert(Conversation, conversation);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConcurrentCreateError();
      throw err;
    }
    return { conversation, opened: true };
  }

  /** Inserts a conversation with its first message unless one with that id exists (then returns that one, unchanged). */
  async openOnce(m: EntityManager, conversation: Conversation, first: Message): Promise<{ conversation: Conversation; created: boolean }> {
    const existing = await this.findById(m, conversation.id);
    if (existing) return { conversation: existing, created: false };
    await m.insert(Conversation, conversation);
    await this.insertMessage(m, first);
    return { conversation, created: true };
  }

  findMessage(m: EntityManager, id: string): Promise<Message | null> {
    return this.rows.findOne(m, Message, { id });
  }

  /** A message by its channel's own id (unique per channel). */
  findMessageByExternalId(m: EntityManager, channel: string, externalId: string): Promise<Message | null> {
    return this.rows.findOne(m, Message, { channel, externalId });
  }

  /** When the citizen last wrote in this conversation on this channel; null if never. */
  async lastInboundAt(m: EntityManager, conversationId: string, channel: string): Promise<Date | null> {
    const last = await m.findOne(Message, {
      where: { conversationId, channel, direction: 'in' },
      order: { createdAt: 'DESC' },
      select: { id: true, createdAt: true },
    });
    return last?.createdAt ?? null;
  }

  /** The ids of every conversation of a contact. */
  async idsOfContact(m: EntityManager, contactId: string): Promise<string[]> {
    return (await m.find(Conversation, { where: { contactId }, select: { id: true } })).map((c) => c.id);
  }

  /** A message stored earlier under this idempotency key (a re-run of the same work). */
  findMessageByIdempotencyKey(m: EntityManager, idempotencyKey: string): Promise<Message | null> {
    return m.findOneBy(Message, { idempotencyKey });
  }

  insertMessage(m: EntityManager, msg: Message): Promise<void> {
    return this.rows.insert(m, Message, msg);
  }

  /** Returns the number of rows changed (0 when `where` no longer matches). */
  updateMessage(m: EntityManager, where: Where<Message>, set: Partial<Message>): Promise<number> {
    return this.rows.update(m, Message, where, set);
  }

  updateConversation(m: EntityManager, id: string, set: Partial<Conversation>): Promise<number> {
    return this.rows.update(m, Conversation, { id }, set);
  }

  /** Updates the conversation only while it still matches `where` (an optimistic check); returns the rows changed (0 or 1). */
  updateConversationIf(m: EntityManager, where: Where<Conversation> & { id: string }, set: Partial<Conversation>): Promise<number> {
    return this.rows.update(m, Conversation, where, set);
  }

  findRepliesTo(m: EntityManager, inboundId: string): Promise<Message[]> {
    return m
      .createQueryBuilder(Message, 'msg')
      .where('msg.idempotency_key LIKE :k', { k: `reply:${inboundId}:%` })
      .orderBy('msg.created_at', 'ASC')
      .getMany();
  }

  /** Messages of a conversation oldest first; private notes only for officers. */
  async history(m: EntityManager, conversationIds: string[], opts: { after?: Message | null; includePrivate: boolean; limit: number }): Promise<Message[]> {
    const where = {
      conversationId: In(conversationIds),
      ...(opts.includePrivate ? {} : { isPrivate: false }),
      ...(opts.after ? { createdAt: MoreThan(opts.after.createdAt) } : {}),
    };
    return m.find(Message, { where, order: { createdAt: 'ASC', id: 'ASC' }, take: opts.limit });
  }

  // ---- routing (auto-assignment, SLA, referrals): findWaitingForAssignment, assignIfWaiting, nextMessageTime ----

  /** Conversations waiting for a person and given to nobody, longest waiting first (id and team only). */
  findWaitingForAssignment(m: EntityManager, limit: number): Promise<Pick<Conversation, 'id' | 'teamId' | 'waitingSince' | 'createdAt'>[]> {
    return m
      .createQueryBuilder(Conversation, 'c')
      .select(['c.id', 'c.teamId', 'c.waitingSince', 'c.createdAt'])
      .where("c.status = 'pending'")
      .andWhere('c.assignee_id IS NULL')
      .orderBy('c.waiting_since', 'ASC')
      .addOrderBy('c.created_at', 'ASC')
      .take(limit)
      .getMany();
  }

  /** Gives a conversation to `userId` only if it is still waiting and unassigned; returns the rows changed (0 or 1). */
  async assignIfWaiting(m: EntityManager, id: string, userId: string, now: Date): Promise<number> {
    const res = await m.update(Conversation, { id, status: 'pending', assigneeId: IsNull() }, { assigneeId: userId, status: 'open', updatedAt: now });
    return res.affected ?? 0;
  }

  /** Now, but strictly after the conversation's latest message (stable history order). */
  async nextMessageTime(m: EntityManager, conversationId: string, now = Date.now()): Promise<Date> {
    const last = await m.findOne(Message, { where: { conversationId }, order: { createdAt: 'DESC' }, select: { id: true, createdAt: true } });
    return new Date(Math.max(now, (last?.createdAt.getTime() ?? 0) + 1));
  }

  // ---- end routing ----
  // ---- Console reads and officer actions (issue 12: moved from src/console/conversations.service.ts and counter.service.ts).

  /** The console list under p's visibility, newest activity first; `take` rows at most. */
  listVisible(m: EntityManager, p: Principal, f: ConversationFilters, take: number): Promise<Conversation[]> {
    const qb = m.createQueryBuilder(Conversation, 'c');
    applyVisibility(qb, p, 'list');
    // A web chat visitor who never got a message stored is nobody's case (rows left by older versions, or an enqueue that failed).
    qb.andWhere("NOT (c.channel = 'webchat' AND c.last_message_at IS NULL)");
    if (f.status) qb.andWhere('c.status IN (:...st)', { st: f.status });
    if (f.teamId) qb.andWhere('c.team_id = :team', { team: f.teamId });
    if (f.assigneeId === 'none') qb.andWhere('c.assignee_id IS NULL');
    else if (f.assigneeId) qb.andWhere('c.assignee_id = :asg', { asg: f.assigneeId });
    if (f.channel) qb.andWhere('c.channel = :ch', { ch: f.channel });
    if (f.label) qb.andWhere('c.labels LIKE :lbl', { lbl: `%"${f.label}"%` });
    if (f.overdue) {
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
    if (f.q) {
      // Searching message texts must not reveal notes the officer may not read (an agency's).
      const readable = messageVisibility(p, 'qm');
      const like = `%${f.q.toLowerCase().replace(/[%_\\]/g, '')}%`;
      const digits = f.q.replace(/\D/g, '');
      qb.andWhere(
        new Brackets((w) => {
          w.where('LOWER(c.reference) LIKE :qs', { qs: like })
            .orWhere('LOWER(c.subject) LIKE :qs')
            .orWhere(`EXISTS (SELECT 1 FROM ${table(m.connection, Contact)} qc WHERE qc.id = c.contact_id AND LOWER(qc.name) LIKE :qs)`)
            .orWhere(
              `EXISTS (SELECT 1 FROM ${table(m.connection, Message)} qm WHERE qm.conversation_id = c.id AND LOWER(qm.text) LIKE :qs${readable ? ` AND ${readable}` : ''})`,
            );
          if (digits.length >= 6)
            w.orWhere(`EXISTS (SELECT 1 FROM ${table(m.connection, Contact)} qp WHERE qp.id = c.contact_id AND qp.phone LIKE :qd)`, { qd: `%${digits}%` });
        }),
      );
    }
    if (f.after) {
      const cur = f.after;
      qb.andWhere(
        new Brackets((w) => w.where('c.last_message_at < :cat', { cat: cur.at }).orWhere('(c.last_message_at = :cat AND c.id < :cid)', { cid: cur.id })),
      );
    }
    return qb.orderBy('c.last_message_at', 'DESC').addOrderBy('c.id', 'DESC').take(take).getMany();
  }

  /** Conversations visible to p changed since a moment, oldest change first. */
  changedSince(m: EntityManager, p: Principal, since: Date, take: number): Promise<Conversation[]> {
    const qb = m.createQueryBuilder(Conversation, 'c').where('c.updated_at >= :since', { since });
    applyVisibility(qb, p, 'list');
    return qb.orderBy('c.updated_at', 'ASC').take(take).getMany();
  }

  /** The agency referrals of a conversation, oldest first (routing's table: read for the console's detail). */
  referralsOf(m: EntityManager, conversationId: string): Promise<AgencyReferral[]> {
    return m.find(AgencyReferral, { where: { conversationId }, order: { createdAt: 'ASC' } });
  }

  /** The conversation's SLA clock (routing's table: read for the console's detail). */
  slaOf(m: EntityManager, conversationId: string): Promise<ConversationSla | null> {
    return m.findOne(ConversationSla, { where: { conversationId } });
  }

  slaOfEach(m: EntityManager, conversationIds: string[]): Promise<ConversationSla[]> {
    return conversationIds.length ? m.find(ConversationSla, { where: { conversationId: In(conversationIds) } }) : Promise.resolve([]);
  }

  /** A resolved conversation asks nothing more of any agency. */
  async cancelOpenReferrals(m: EntityManager, conversationId: string): Promise<void> {
    await m.update(AgencyReferral, { conversationId, status: 'open' }, { status: 'cancelled' });
  }

  async insertConversation(m: EntityManager, c: Conversation): Promise<void> {
    await m.insert(Conversation, c);
  }

  // ---- end of the console block.
}
