import { Injectable } from '@nestjs/common';
import { isSupervisor, Principal } from '../common/principal';
import { TransactionRunner } from '../database/transaction-runner';
import { ReferralsService } from '../routing/referrals.service';
import { referralView } from './views';
import type { ReferralQuery } from './referrals.dto';
import { ConsoleReferralsRepository } from './referrals.repository';
import { ContactsRepository } from '../contacts/contacts.repository';

export type ListedReferral = ReturnType<typeof referralView> & {
  conversation: { reference: string; status: string; subject: string | null; contactName: string | null } | null;
};

/** Agency referrals as officers see them: an agency its own, supervisors all, others those of conversations they can see. */
@Injectable()
export class ConsoleReferralsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly rows: ConsoleReferralsRepository,
    private readonly referrals: ReferralsService,
    private readonly contacts: ContactsRepository,
  ) {}

  /** Each referral with what its list row shows of the conversation (an agency's inbox: whose case, which reference). */
  async list(p: Principal, query: ReferralQuery): Promise<ListedReferral[]> {
    const scope = p.role === 'agency' ? { agencyCode: p.agencyCode ?? '-' } : isSupervisor(p) ? {} : { visibleTo: p };
    return this.tx.read(async (m) => {
      const rows = await this.rows.list(m, { ...scope, status: query.status, overdueAt: query.overdue === 'true' ? new Date() : undefined });
      const convs = await this.rows.conversationsOf(m, [...new Set(rows.map((r) => r.conversationId))]);
      const contacts = await this.contacts.findContacts(m, [...new Set(convs.map((c) => c.contactId))]);
      return rows.map((r) => {
        const c = convs.find((x) => x.id === r.conversationId);
        const contact = c && contacts.find((x) => x.id === c.contactId);
        return {
          ...referralView(r),
          conversation: c ? { reference: c.reference, status: c.status, subject: c.subject, contactName: contact?.name ?? null } : null,
        };
      });
    });
  }

  async answer(p: Principal, id: string, text: string): Promise<ReturnType<typeof referralView>> {
    const r = await this.referrals.answer(p, id, text);
    return referralView(r.referral);
  }
}
