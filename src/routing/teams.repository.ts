import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { User, UserRole } from '../schema/user.entity';
import { Conversation } from '../schema/conversation.entity';
import type { Tx } from '../database/transaction-runner';
import { SlaPolicy } from '../schema/sla.entity';
import { Team, TeamMember } from '../schema/team.entity';

/** An officer routing may give conversations to, with their teams and current load. */
export interface RoutableAgent {
  id: string;
  capacity: number;
  teamIds: string[];
  /** Open conversations assigned to them now. */
  load: number;
}

/** Waiting ('pending') and open conversations of one team (teamId null: no team). */
export interface TeamStatusCount {
  teamId: string | null;
  status: string;
  n: string | number;
}

/** Teams and their members. */
@Injectable()
export class TeamsRepository {
  // ---- routing (auto-assignment): routableAgents ----

  /** Which of `userIds` are active officers with one of `roles`, with their teams and open conversations (in the users' row order). */
  async routableAgents(m: Tx, userIds: string[], roles: readonly UserRole[]): Promise<RoutableAgent[]> {
    const users = await m.find(User, { where: { id: In(userIds), active: true, role: In([...roles]) } });
    const ids = users.map((u) => u.id);
    if (!ids.length) return [];
    const members = await m.find(TeamMember, { where: { userId: In(ids) } });
    const loads = await m
      .createQueryBuilder(Conversation, 'c')
      .select('c.assignee_id', 'userId')
      .addSelect('COUNT(*)', 'n')
      .where("c.status = 'open'")
      .andWhere('c.assignee_id IN (:...ids)', { ids })
      .groupBy('c.assignee_id')
      .getRawMany<{ userId: string; n: string | number }>();
    return users.map((u) => ({
      id: u.id,
      capacity: u.capacity,
      teamIds: members.filter((x) => x.userId === u.id).map((x) => x.teamId),
      load: Number(loads.find((l) => l.userId === u.id)?.n ?? 0),
    }));
  }

  // ---- end routing ----

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
