import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { User, UserRole } from '../auth/user.entity';
import { Conversation } from '../conversations/conversation.entity';
import { Tx } from '../database/transaction-runner';
import { TeamMember } from './team.entity';

/** An officer routing may give conversations to, with their teams and current load. */
export interface RoutableAgent {
  id: string;
  capacity: number;
  teamIds: string[];
  /** Open conversations assigned to them now. */
  load: number;
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
}
