import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { applyMessageVisibility, messageVisibility, table } from '../access/access.repository';
import type { Principal } from '../common/principal';
import { Tx } from '../database/transaction-runner';
import { Message } from '../schema/message.entity';

/** Messages as the console reads and writes them: pages of a conversation's history, officers' messages and notes. */
@Injectable()
export class MessagesRepository {
  /** Now, but strictly after the conversation's latest message, so history order is stable within one millisecond. */
  async nextMessageTime(m: Tx, conversationId: string, now = Date.now()): Promise<Date> {
    const last = await m.findOne(Message, { where: { conversationId }, order: { createdAt: 'DESC' }, select: { id: true, createdAt: true } });
    return new Date(Math.max(now, (last?.createdAt.getTime() ?? 0) + 1));
  }

  async insert(m: Tx, msg: Message): Promise<void> {
    await m.insert(Message, msg);
  }

  /** One message of a conversation, if `reader` may read it (src/access: agencies read only notes marked for them). */
  findInConversation(m: Tx, id: string, conversationId: string, reader: Principal): Promise<Message | null> {
    const qb = m.createQueryBuilder(Message, 'msg').where('msg.id = :id AND msg.conversation_id = :cid', { id, cid: conversationId });
    return applyMessageVisibility(qb, reader, 'msg').getOne();
  }

  /** The latest `take` messages `reader` may read, newest first. */
  latest(m: Tx, conversationId: string, take: number, reader: Principal): Promise<Message[]> {
    return this.before(m, conversationId, null, take, reader);
  }

  /** Up to `take` messages `reader` may read before `before` (or the latest), newest first. */
  before(m: Tx, conversationId: string, before: Message | null, take: number, reader: Principal): Promise<Message[]> {
    const qb = m.createQueryBuilder(Message, 'msg').where('msg.conversation_id = :id', { id: conversationId });
    applyMessageVisibility(qb, reader, 'msg');
    if (before) {
      qb.andWhere(
        new Brackets((w) => w.where('msg.created_at < :bt', { bt: before.createdAt }).orWhere('(msg.created_at = :bt AND msg.id < :bid)', { bid: before.id })),
      );
    }
    return qb.orderBy('msg.created_at', 'DESC').addOrderBy('msg.id', 'DESC').take(take).getMany();
  }

  /** The latest message `reader` may read of each conversation (for list previews). */
  lastOfEach(m: Tx, conversationIds: string[], reader: Principal): Promise<Message[]> {
    const rule = messageVisibility(reader, 'm2');
    const qb = m
      .createQueryBuilder(Message, 'lm')
      .where('lm.conversation_id IN (:...ids)', { ids: conversationIds })
      .andWhere(
        `lm.created_at = (SELECT MAX(m2.created_at) FROM ${table(m.connection, Message)} m2 WHERE m2.conversation_id = lm.conversation_id${rule ? ` AND ${rule}` : ''})`,
      );
    return applyMessageVisibility(qb, reader, 'lm').getMany();
  }

  /**
   * For each conversation: when its oldest citizen message not yet answered by
   * an officer arrived (a public officer reply after it answers it; bot
   * replies do not). Conversations with nothing unanswered are absent.
   */
  async unansweredSinceOfEach(m: Tx, conversationIds: string[]): Promise<{ conversationId: string; since: Date }[]> {
    if (!conversationIds.length) return [];
    const rows = await m
      .createQueryBuilder(Message, 'um')
      .select('um.conversation_id', 'conversationId')
      .addSelect('MIN(um.created_at)', 'since')
      .where('um.conversation_id IN (:...ids)', { ids: conversationIds })
      .andWhere("um.sender_kind = 'citizen'")
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM ${table(m.connection, Message)} ur WHERE ur.conversation_id = um.conversation_id AND ur.sender_kind = 'agent' AND ur.is_private = :pub AND ur.created_at > um.created_at)`,
        { pub: false },
      )
      .groupBy('um.conversation_id')
      .getRawMany<{ conversationId: string; since: Date | string }>();
    return rows.map((r) => ({ conversationId: r.conversationId, since: rawDate(r.since) }));
  }
}

/** A raw aggregate's timestamp: a Date on PostgreSQL, a UTC "YYYY-MM-DD HH:MM:SS.SSS" string on SQLite. */
function rawDate(v: Date | string): Date {
  if (v instanceof Date) return v;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v.replace(' ', 'T')}Z`);
}
