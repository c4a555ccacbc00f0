import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull, MoreThan } from 'typeorm';
import { newId, newReference } from '../common/ids';
import { isUniqueViolation } from '../database/db-errors';
import { EntityStatements, Where } from '../database/entity-statements';
import { ConcurrentCreateError } from '../contacts/contacts.repository';
import { Conversation, ConversationKind } from './conversation.entity';
import { Message } from './message.entity';
import { nextMessageTime } from './outgoing-message';

@Injectable()
export class ConversationsRepository {
  constructor(private readonly rows: EntityStatements) {}

  findById(m: EntityManager, id: string): Promise<Conversation | null> {
    return this.rows.findOne(m, Conversation, { id });
  }

  findActiveForContact(m: EntityManager, contactId: string, kind: ConversationKind = 'general'): Promise<Conversation | null> {
    return this.rows.findOne(m, Conversation, { contactId, kind, status: { not: 'resolved' } });
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
  nextMessageTime(m: EntityManager, conversationId: string, now = Date.now()): Promise<Date> {
    return nextMessageTime(m, conversationId, now);
  }

  // ---- end routing ----
}
