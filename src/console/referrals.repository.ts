import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { Principal } from '../common/principal';
import { Conversation } from '../schema/conversation.entity';
import type { Tx } from '../database/transaction-runner';
import { AgencyReferral } from '../schema/agency-referral.entity';
import { applyVisibility as restrictToVisible } from '../access/access.repository';

export interface ReferralListFilter {
  /** Only this agency's referrals. */
  agencyCode?: string;
  /** Only referrals of conversations this officer may list. */
  visibleTo?: Principal;
  status?: AgencyReferral['status'];
  /** Open referrals past their due time at `now`. */
  overdueAt?: Date;
}

/** The console's listing of agency referrals (the referral lifecycle itself is routing's). */
@Injectable()
export class ConsoleReferralsRepository {
  list(m: Tx, f: ReferralListFilter): Promise<AgencyReferral[]> {
    const qb = m.createQueryBuilder(AgencyReferral, 'r').innerJoin(Conversation, 'c', 'c.id = r.conversation_id');
    if (f.agencyCode !== undefined) qb.andWhere('r.agency_code = :ag', { ag: f.agencyCode });
    else if (f.visibleTo) {
      const vis = m.createQueryBuilder().select('1').from(Conversation, 'c').where('c.id = r.conversation_id');
      restrictToVisible(vis, f.visibleTo, 'list');
      qb.andWhere(`EXISTS (${vis.getQuery()})`, vis.getParameters());
    }
    if (f.status) qb.andWhere('r.status = :st', { st: f.status });
    if (f.overdueAt) qb.andWhere("r.status = 'open' AND r.due_at < :now", { now: f.overdueAt });
    return qb.orderBy('r.due_at', 'ASC').take(500).getMany();
  }

  /** The conversations of listed referrals (already checked visible by `list`). */
  conversationsOf(m: Tx, ids: string[]): Promise<Conversation[]> {
    return ids.length ? m.find(Conversation, { where: { id: In(ids) } }) : Promise.resolve([]);
  }
}
