import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { User } from '../auth/user.entity';
import { Conversation } from '../conversations/conversation.entity';
import type { Tx } from '../database/transaction-runner';
import { SlaPolicy } from './sla.entity';
import { Team, TeamMember } from './team.entity';

/** Waiting ('pending') and open conversations of one team (teamId null: no team). */
export interface TeamStatusCount {
  teamId: string | null;
  status: string;
  n: string | number;
}

@Injectable()
export class TeamsRepository {
  // ─── Console: the teams overview (src/console/teams.service.ts) ───

  /** Every team, by name. */
  listTeams(m: Tx): Promise<Team[]> {
    return m.find(Team, { order: { name: 'ASC' } });
  }

  listMemberships(m: Tx): Promise<TeamMember[]> {
    return m.find(TeamMember);
  }

  usersByIds(m: Tx, ids: string[]): Promise<User[]> {
    return ids.length ? m.find(User, { where: { id: In(ids) } }) : Promise.resolve([]);
  }

  /** Counts of waiting and open conversations per team and status. */
  activeConversationCounts(m: Tx): Promise<TeamStatusCount[]> {
    return m
      .createQueryBuilder()
      .select('c.team_id', 'teamId')
      .addSelect('c.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .from(Conversation, 'c')
      .where("c.status IN ('pending', 'open')")
      .groupBy('c.team_id')
      .addGroupBy('c.status')
      .getRawMany<TeamStatusCount>();
  }

  /** The custom SLA policies of these teams (teams without one use the configured defaults). */
  slaPolicies(m: Tx, teamIds: string[]): Promise<SlaPolicy[]> {
    return m.find(SlaPolicy, { where: { teamId: In(teamIds) } });
  }

  // ─── end of the console block ───
}
