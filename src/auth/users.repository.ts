import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { Tx } from '../database/transaction-runner';
import { Team, TeamMember } from '../schema/team.entity';
import { User, UserRole } from '../schema/user.entity';

/** Officer accounts and their team memberships (the team_members table belongs to routing; auth only reads and sets a user's rows). */
@Injectable()
export class UsersRepository {
  findById(m: Tx, id: string): Promise<User | null> {
    return m.findOne(User, { where: { id } });
  }

  findByEmail(m: Tx, email: string): Promise<User | null> {
    return m.findOne(User, { where: { email } });
  }

  findByEmails(m: Tx, emails: string[]): Promise<User[]> {
    return m.find(User, { where: { email: In(emails) } });
  }

  findActive(m: Tx, ids: string[]): Promise<User[]> {
    return m.find(User, { where: { id: In(ids), active: true } });
  }

  /** The active officer whose PBX extension this is. */
  findByExtension(m: Tx, extension: string): Promise<User | null> {
    return m.findOne(User, { where: { extension, active: true } });
  }

  findByExtensionAny(m: Tx, extension: string): Promise<User | null> {
    return m.findOne(User, { where: { extension } });
  }

  listByName(m: Tx): Promise<User[]> {
    return m.find(User, { order: { name: 'ASC' } });
  }

  countByRole(m: Tx, role: UserRole): Promise<number> {
    return m.count(User, { where: { role } });
  }

  async insert(m: Tx, user: User): Promise<void> {
    await m.insert(User, user);
  }

  async update(m: Tx, id: string, changes: Partial<User>): Promise<void> {
    await m.update(User, { id }, changes);
  }

  async teamIdsOf(m: Tx, userId: string): Promise<string[]> {
    return (await m.find(TeamMember, { where: { userId } })).map((t) => t.teamId);
  }

  /** Team memberships of these users, or of everyone when `userIds` is left out. */
  memberships(m: Tx, userIds?: string[]): Promise<TeamMember[]> {
    return userIds ? m.find(TeamMember, { where: { userId: In(userIds) } }) : m.find(TeamMember);
  }

  async addToTeams(m: Tx, userId: string, teamIds: string[]): Promise<void> {
    if (teamIds.length)
      await m.insert(
        TeamMember,
        teamIds.map((teamId) => ({ teamId, userId })),
      );
  }

  /** Replaces every membership of a user. */
  async setTeams(m: Tx, userId: string, teamIds: string[]): Promise<void> {
    await m.delete(TeamMember, { userId });
    await this.addToTeams(m, userId, teamIds);
  }

  /** How many of these team ids exist. */
  countTeams(m: Tx, teamIds: string[]): Promise<number> {
    return m.count(Team, { where: { id: In(teamIds) } });
  }

  allTeams(m: Tx): Promise<Team[]> {
    return m.find(Team);
  }

  teamsByCodes(m: Tx, codes: string[]): Promise<Team[]> {
    return m.find(Team, { where: { code: In(codes) } });
  }
}
