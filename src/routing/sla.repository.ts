import { Injectable } from '@nestjs/common';
import { EntityTarget, In, ObjectLiteral } from 'typeorm';
import { Conversation } from '../schema/conversation.entity';
import { Tx } from '../database/transaction-runner';
import { ConversationSla, SlaPolicy } from '../schema/sla.entity';

/** SLA policies of teams and the SLA clock of each conversation. */
@Injectable()
export class SlaRepository {
  findPolicy(m: Tx, teamId: string): Promise<SlaPolicy | null> {
    return m.findOne(SlaPolicy, { where: { teamId } });
  }

  findPolicies(m: Tx, teamIds: string[]): Promise<SlaPolicy[]> {
    return m.find(SlaPolicy, { where: { teamId: In(teamIds) } });
  }

  async upsertPolicy(m: Tx, teamId: string, firstResponseMinutes: number, resolutionMinutes: number, now: Date): Promise<void> {
    const existing = await m.findOne(SlaPolicy, { where: { teamId } });
    if (existing) await m.update(SlaPolicy, { teamId }, { firstResponseMinutes, resolutionMinutes, updatedAt: now });
    else await m.insert(SlaPolicy, { teamId, firstResponseMinutes, resolutionMinutes, updatedAt: now });
  }

  findClock(m: Tx, conversationId: string): Promise<ConversationSla | null> {
    return m.findOne(ConversationSla, { where: { conversationId } });
  }

  async insertClock(m: Tx, clock: ConversationSla): Promise<void> {
    await m.insert(ConversationSla, clock);
  }

  async updateClock(m: Tx, conversationId: string, set: Partial<ConversationSla>): Promise<void> {
    await m.update(ConversationSla, { conversationId }, set);
  }

  /** Conversations waiting for a first answer whose clock never started (opened without an event). */
  async findUnplannedConversationIds(m: Tx, limit: number): Promise<string[]> {
    const rows = await m
      .createQueryBuilder(Conversation, 'c')
      .select(['c.id'])
      .where("c.status IN ('pending', 'open')")
      .andWhere('c.waiting_since IS NOT NULL')
      .andWhere('c.first_response_at IS NULL')
      .andWhere(`NOT EXISTS (SELECT 1 FROM ${quotedTable(m, ConversationSla)} s WHERE s.conversation_id = c.id)`)
      .take(limit)
      .getMany();
    return rows.map((c) => c.id);
  }

  /** Clocks of active conversations with a target passed before `before` and not yet marked. */
  findLateClocks(m: Tx, before: Date, limit: number): Promise<ConversationSla[]> {
    return m
      .createQueryBuilder(ConversationSla, 's')
      .innerJoin(Conversation, 'c', 'c.id = s.conversation_id')
      .where("c.status IN ('pending', 'open')")
      .andWhere(
        '((s.first_response_breached_at IS NULL AND c.first_response_at IS NULL AND s.first_response_due_at < :now) OR (s.resolution_breached_at IS NULL AND s.resolution_due_at < :now))',
        { now: before },
      )
      .take(limit)
      .getMany();
  }
}

/**
 * The quoted, schema-qualified table, for SQL fragments: with DATABASE_SCHEMA set, PostgreSQL
 * tables are not on the search path, and TypeORM qualifies only the tables it names itself.
 */
function quotedTable(m: Tx, entity: EntityTarget<ObjectLiteral>): string {
  return m.connection
    .getMetadata(entity)
    .tablePath.split('.')
    .map((p) => `"${p}"`)
    .join('.');
}
