import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import type { Tx } from '../database/transaction-runner';
import { AuditEntry } from '../schema/audit-log.entity';

export interface AuditFilter {
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  /** Keyset paging: only entries strictly older than this (at, id). */
  before?: { at: Date; id: string };
  limit: number;
}

/** The audit log's table: appends and the newest-first listing. */
@Injectable()
export class AuditRepository {
  async insert(m: Tx, row: AuditEntry): Promise<void> {
    await m.insert(AuditEntry, row);
  }

  list(m: Tx, f: AuditFilter): Promise<AuditEntry[]> {
    const qb = m.createQueryBuilder(AuditEntry, 'a');
    if (f.action) qb.andWhere('a.action = :ac', { ac: f.action });
    if (f.actorId) qb.andWhere('a.actor_id = :ai', { ai: f.actorId });
    if (f.targetType) qb.andWhere('a.target_type = :tt', { tt: f.targetType });
    if (f.targetId) qb.andWhere('a.target_id = :ti', { ti: f.targetId });
    const before = f.before;
    if (before) qb.andWhere(new Brackets((w) => w.where('a.at < :cat', { cat: before.at }).orWhere('(a.at = :cat AND a.id < :cid)', { cid: before.id })));
    return qb.orderBy('a.at', 'DESC').addOrderBy('a.id', 'DESC').take(f.limit).getMany();
  }
}
