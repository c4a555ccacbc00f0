import { Injectable } from '@nestjs/common';
import { Tx } from '../database/transaction-runner';
import { AgencyReferral } from '../schema/agency-referral.entity';

/** Agency referrals. */
@Injectable()
export class ReferralsRepository {
  findById(m: Tx, id: string): Promise<AgencyReferral | null> {
    return m.findOne(AgencyReferral, { where: { id } });
  }

  /** The conversation's unanswered referral to that agency, if any. */
  findOpen(m: Tx, conversationId: string, agencyCode: string): Promise<AgencyReferral | null> {
    return m.findOne(AgencyReferral, { where: { conversationId, agencyCode, status: 'open' } });
  }

  async insert(m: Tx, r: AgencyReferral): Promise<void> {
    await m.insert(AgencyReferral, r);
  }

  async update(m: Tx, id: string, set: Partial<AgencyReferral>): Promise<void> {
    await m.update(AgencyReferral, { id }, set);
  }

  /** Open referrals due before `before` whose supervisors were not alerted yet. */
  findOverdueUnescalated(m: Tx, before: Date, limit: number): Promise<AgencyReferral[]> {
    return m
      .createQueryBuilder(AgencyReferral, 'r')
      .where("r.status = 'open'")
      .andWhere('r.escalated_at IS NULL')
      .andWhere('r.due_at < :now', { now: before })
      .take(limit)
      .getMany();
  }
}
