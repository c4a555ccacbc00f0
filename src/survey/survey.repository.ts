import { Injectable } from '@nestjs/common';
import { EntityManager, MoreThan, SelectQueryBuilder } from 'typeorm';
import type { UnsurTally } from './scoring';
import { SurveyInvitation } from '../schema/survey-invitation.entity';
import { SurveyResponse } from '../schema/survey-response.entity';
import { UNSUR_CODES, type UnsurCode } from './unsur';

/** What an IKM figure is computed over: answers given in [from, to), optionally of one channel, team or permit type. */
export interface IkmFilters {
  from: Date;
  to: Date;
  channel?: string;
  teamId?: string;
  permitType?: string;
}

export type IkmGroupBy = 'channel' | 'teamId' | 'permitType';

/** Per-element sums and counts of one group of responses. */
export interface IkmTallies {
  key: string | null;
  respondents: number;
  unsur: Record<UnsurCode, UnsurTally>;
}

const COLUMN: Record<IkmGroupBy, string> = { channel: 'r.channel', teamId: 'r.team_id', permitType: 'r.permit_type' };

@Injectable()
export class SurveyRepository {
  insertInvitation(m: EntityManager, inv: SurveyInvitation): Promise<unknown> {
    return m.insert(SurveyInvitation, inv);
  }

  findInvitation(m: EntityManager, id: string): Promise<SurveyInvitation | null> {
    return m.findOneBy(SurveyInvitation, { id });
  }

  findInvitationByToken(m: EntityManager, token: string): Promise<SurveyInvitation | null> {
    return m.findOneBy(SurveyInvitation, { token });
  }

  findInvitationOfConversation(m: EntityManager, conversationId: string): Promise<SurveyInvitation | null> {
    return m.findOneBy(SurveyInvitation, { conversationId });
  }

  /** The citizen's latest invitation since `since` (the once-per-period rule). */
  latestInvitationSince(m: EntityManager, contactId: string, since: Date): Promise<SurveyInvitation | null> {
    return m.findOne(SurveyInvitation, { where: { contactId, createdAt: MoreThan(since) }, order: { createdAt: 'DESC' } });
  }

  /** The citizen's latest chat invitation still waiting for an answer. */
  pendingChatInvitation(m: EntityManager, contactId: string, now: Date): Promise<SurveyInvitation | null> {
    return m.findOne(SurveyInvitation, {
      where: { contactId, source: 'chat', status: 'invited', expiresAt: MoreThan(now) },
      order: { createdAt: 'DESC' },
    });
  }

  /** Moves an invitation out of 'invited'; false when it was not (already declined or answered). */
  async closeInvitation(m: EntityManager, id: string, status: 'declined' | 'answered'): Promise<boolean> {
    const r = await m.update(SurveyInvitation, { id, status: 'invited' }, { status });
    return (r.affected ?? 0) > 0;
  }

  insertResponse(m: EntityManager, r: SurveyResponse): Promise<unknown> {
    return m.insert(SurveyResponse, r);
  }

  /** Invitations made in the range (the served population when the caller gives none). */
  countInvitations(m: EntityManager, f: IkmFilters): Promise<number> {
    const q = m.createQueryBuilder(SurveyInvitation, 'i').where('i.created_at >= :from AND i.created_at < :to', { from: f.from, to: f.to });
    if (f.channel) q.andWhere('i.channel = :channel', { channel: f.channel });
    if (f.teamId) q.andWhere('i.team_id = :teamId', { teamId: f.teamId });
    if (f.permitType) q.andWhere('i.permit_type = :permitType', { permitType: f.permitType });
    return q.getCount();
  }

  /**
   * Sums and counts per element in SQL (one row per group, whatever the
   * number of responses): the mean and the IKM are computed from these
   * exact integers, never from a database's rounded AVG.
   */
  async tallies(m: EntityManager, f: IkmFilters, groupBy?: IkmGroupBy): Promise<IkmTallies[]> {
    const q = this.filtered(m, f).select('COUNT(*)', 'respondents');
    for (const c of UNSUR_CODES) {
      const col = `r.${c.toLowerCase()}`;
      q.addSelect(`COALESCE(SUM(${col}), 0)`, `${c}_sum`).addSelect(`COUNT(${col})`, `${c}_count`);
    }
    if (groupBy) q.addSelect(COLUMN[groupBy], 'key').groupBy(COLUMN[groupBy]).orderBy(COLUMN[groupBy]);
    const rows = await q.getRawMany<Record<string, string | number | null>>();
    return rows.map((row) => ({
      key: groupBy ? ((row.key as string | null) ?? null) : null,
      respondents: Number(row.respondents),
      unsur: Object.fromEntries(UNSUR_CODES.map((c) => [c, { sum: Number(row[`${c}_sum`]), count: Number(row[`${c}_count`]) }])) as Record<
        UnsurCode,
        UnsurTally
      >,
    }));
  }

  private filtered(m: EntityManager, f: IkmFilters): SelectQueryBuilder<SurveyResponse> {
    const q = m.createQueryBuilder(SurveyResponse, 'r').where('r.answered_at >= :from AND r.answered_at < :to', { from: f.from, to: f.to });
    if (f.channel) q.andWhere('r.channel = :channel', { channel: f.channel });
    if (f.teamId) q.andWhere('r.team_id = :teamId', { teamId: f.teamId });
    if (f.permitType) q.andWhere('r.permit_type = :permitType', { permitType: f.permitType });
    return q;
  }
}
