import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { table } from '../access/access.repository';
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

  findInConversation(m: Tx, id: string, conversationId: string): Promise<Message | null> {
    return m.findOne(Message, { where: { id, conversationId } });
  }

  /** The latest `take` messages, newest first. */
  latest(m: Tx, conversationId: string, take: number): Promise<Message[]> {
    return m.find(Message, { where: { conversationId }, order: { createdAt: 'DESC', id: 'DESC' }, take });
  }

  /** Up to `take` messages before `before` (or the latest), newest first. */
  before(m: Tx, conversationId: string, before: Message | null, take: number): Promise<Message[]> {
    const qb = m.createQueryBuilder(Message, 'msg').where('msg.conversation_id = :id', { id: conversationId });
    if (before) {
      qb.andWhere(
        new Brackets((w) => w.where('msg.created_at < :bt', { bt: before.createdAt }).orWhere('(msg.created_at = :bt AND msg.id < :bid)', { bid: before.id })),
      );
    }
    return qb.orderBy('msg.created_at', 'DESC').addOrderBy('msg.id', 'DESC').take(take).getMany();
  }

  /** The latest message of each conversation (for list previews). */
  lastOfEach(m: Tx, conversationIds: string[]): Promise<Message[]> {
    return m
      .createQueryBuilder(Message, 'lm')
      .where('lm.conversation_id IN (:...ids)', { ids: conversationIds })
      .andWhere(`lm.created_at = (SELECT MAX(m2.created_at) FROM ${table(m.connection, Message)} m2 WHERE m2.conversation_id = lm.conversation_id)`)
      .getMany();
  }
}
