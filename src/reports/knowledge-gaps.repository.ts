import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { GapStatus, KnowledgeGapEvent, KnowledgeGapGroup } from './knowledge-gap.entity';
import { date, num, Sql } from './reports.repository';

export interface GapGroupCount {
  id: string;
  count: number;
  lastSeen: Date;
  firstSeen: Date;
}

/** Knowledge-gap groups and the unanswered messages in them. */
@Injectable()
export class KnowledgeGapsRepository {
  eventExists(m: EntityManager, id: string): Promise<boolean> {
    return m.exists(KnowledgeGapEvent, { where: { id } });
  }

  insertEvent(m: EntityManager, e: KnowledgeGapEvent): Promise<unknown> {
    return m.insert(KnowledgeGapEvent, e);
  }

  findBySignature(m: EntityManager, signature: string): Promise<KnowledgeGapGroup | null> {
    return m.findOne(KnowledgeGapGroup, { where: { signature }, order: { firstSeen: 'ASC' } });
  }

  /** The most recently seen groups: where a new message's near-duplicates are looked for. */
  recentGroups(m: EntityManager, limit: number): Promise<Pick<KnowledgeGapGroup, 'id' | 'signature'>[]> {
    return m.find(KnowledgeGapGroup, { select: { id: true, signature: true }, order: { lastSeen: 'DESC', id: 'ASC' }, take: limit });
  }

  findGroup(m: EntityManager, id: string): Promise<KnowledgeGapGroup | null> {
    return m.findOne(KnowledgeGapGroup, { where: { id } });
  }

  /** The group's distinct masked examples, most recent first. */
  async examplesOf(m: EntityManager, groupId: string, limit: number): Promise<string[]> {
    const rows = await m.find(KnowledgeGapEvent, { select: { example: true }, where: { groupId }, order: { createdAt: 'DESC', id: 'ASC' }, take: limit * 4 });
    return [...new Set(rows.map((r) => r.example.trim()).filter(Boolean))].slice(0, limit);
  }

  insertGroup(m: EntityManager, g: KnowledgeGapGroup): Promise<unknown> {
    return m.insert(KnowledgeGapGroup, g);
  }

  updateGroup(m: EntityManager, id: string, patch: Partial<KnowledgeGapGroup>): Promise<unknown> {
    return m.update(KnowledgeGapGroup, { id }, patch);
  }

  /** Groups with messages in [from, to), largest first. */
  async countsInRange(m: EntityManager, from: Date, to: Date, statuses: GapStatus[], channel: string | undefined, limit: number): Promise<GapGroupCount[]> {
    const q = new Sql(m);
    // SQLite's ? placeholders bind in the order they appear: parameters are made in that order.
    const f = q.param(from);
    const t = q.param(to);
    const st = statuses.map((s) => q.param(s)).join(', ');
    const ch = channel ? ` AND e.channel = ${q.param(channel)}` : '';
    const rows = await q.run(
      `SELECT e.group_id AS id, COUNT(*) AS n, MAX(e.created_at) AS last_seen, MIN(e.created_at) AS first_seen
       FROM ${q.t('knowledge_gap_events')} e JOIN ${q.t('knowledge_gap_groups')} g ON g.id = e.group_id
       WHERE e.created_at >= ${f} AND e.created_at < ${t} AND g.status IN (${st})${ch}
       GROUP BY e.group_id ORDER BY 2 DESC, 3 DESC, 1 LIMIT ${Math.floor(limit)}`,
    );
    return rows.map((x) => ({ id: String(x.id), count: num(x.n), lastSeen: date(x.last_seen)!, firstSeen: date(x.first_seen)! }));
  }

  /** The latest `perGroup` examples and the channels of each group, within [from, to). */
  async details(
    m: EntityManager,
    groupIds: string[],
    from: Date,
    to: Date,
    perGroup: number,
  ): Promise<{ groups: KnowledgeGapGroup[]; examples: Map<string, string[]>; channels: Map<string, string[]> }> {
    if (!groupIds.length) return { groups: [], examples: new Map(), channels: new Map() };
    const groups = await m.find(KnowledgeGapGroup, { where: { id: In(groupIds) } });
    const q = new Sql(m);
    const ids = groupIds.map((id) => q.param(id)).join(', ');
    const f = q.param(from);
    const t = q.param(to);
    const rows = await q.run(
      `SELECT group_id, example, channel FROM (
         SELECT e.group_id, e.example, e.channel, ROW_NUMBER() OVER (PARTITION BY e.group_id ORDER BY e.created_at DESC, e.id) AS rn
         FROM ${q.t('knowledge_gap_events')} e WHERE e.group_id IN (${ids}) AND e.created_at >= ${f} AND e.created_at < ${t}
       ) x WHERE x.rn <= ${Math.floor(perGroup)}`,
    );
    const examples = new Map<string, string[]>();
    for (const r of rows) {
      const list = examples.get(String(r.group_id)) ?? [];
      if (!list.includes(String(r.example))) list.push(String(r.example));
      examples.set(String(r.group_id), list);
    }
    const q2 = new Sql(m);
    const ids2 = groupIds.map((id) => q2.param(id)).join(', ');
    const f2 = q2.param(from);
    const t2 = q2.param(to);
    const chRows = await q2.run(
      `SELECT DISTINCT e.group_id, e.channel FROM ${q.t('knowledge_gap_events')} e WHERE e.group_id IN (${ids2}) AND e.created_at >= ${f2} AND e.created_at < ${t2}`,
    );
    const channels = new Map<string, string[]>();
    for (const r of chRows) channels.set(String(r.group_id), [...(channels.get(String(r.group_id)) ?? []), String(r.channel)].sort());
    return { groups, examples, channels };
  }
}
