import { Injectable } from '@nestjs/common';
import { User } from '../schema/user.entity';
import { Tx } from '../database/transaction-runner';
import { Team, TeamMember } from '../schema/team.entity';

/**
 * Read-only look-ups of officers and teams for the console's actions (assign,
 * transfer). The tables belong to auth and routing; this reads single rows by
 * id inside the action's transaction and writes nothing.
 */
@Injectable()
export class DirectoryRepository {
  findUser(m: Tx, id: string): Promise<User | null> {
    return m.findOne(User, { where: { id } });
  }

  findTeam(m: Tx, id: string): Promise<Team | null> {
    return m.findOne(Team, { where: { id } });
  }

  async isMember(m: Tx, userId: string, teamId: string): Promise<boolean> {
    return (await m.count(TeamMember, { where: { userId, teamId } })) > 0;
  }
}
