import { Injectable } from '@nestjs/common';
import { Principal } from '../../common/principal';
import { AgencyReferral } from '../../schema/agency-referral.entity';
import { ReferInput, ReferralsService } from '../../routing/referrals.service';
import { referralView } from '../views';
import { ActionRunner } from './action-runner';

/** Refers the question to a technical agency; the citizen is told who has it and by when. */
@Injectable()
export class ReferAction {
  constructor(
    private readonly runner: ActionRunner,
    private readonly referrals: ReferralsService,
  ) {}

  async execute(p: Principal, id: string, input: ReferInput): Promise<ReturnType<typeof referralView>> {
    let referral: AgencyReferral | undefined;
    const r = await this.runner.mutate(async (m) => {
      const c = await this.runner.writable(m, p, id);
      const out = await this.referrals.refer(m, p, c, input);
      referral = out.referral;
      return { conversation: c, messages: out.messages, enqueue: out.enqueue };
    });
    await this.referrals.published(referral!, r.conversation);
    return referralView(referral!);
  }
}
