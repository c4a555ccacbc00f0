import { Injectable } from '@nestjs/common';
import { isSupervisor, Principal } from '../common/principal';
import { TransactionRunner } from '../database/transaction-runner';
import { ReferralsService } from '../routing/referrals.service';
import { referralView } from './views';
import type { ReferralQuery } from './referrals.dto';
import { ConsoleReferralsRepository } from './referrals.repository';

/** Agency referrals as officers see them: an agency its own, supervisors all, others those of conversations they can see. */
@Injectable()
export class ConsoleReferralsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly rows: ConsoleReferralsRepository,
    private readonly referrals: ReferralsService,
  ) {}

  async list(p: Principal, query: ReferralQuery): Promise<ReturnType<typeof referralView>[]> {
    const scope = p.role === 'agency' ? { agencyCode: p.agencyCode ?? '-' } : isSupervisor(p) ? {} : { visibleTo: p };
    const rows = await this.tx.read((m) => this.rows.list(m, { ...scope, status: query.status, overdueAt: query.overdue === 'true' ? new Date() : undefined }));
    return rows.map(referralView);
  }

  async answer(p: Principal, id: string, text: string): Promise<ReturnType<typeof referralView>> {
    const r = await this.referrals.answer(p, id, text);
    return referralView(r.referral);
  }
}
