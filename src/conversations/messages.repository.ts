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
}
