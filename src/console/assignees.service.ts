import { Injectable, NotFoundException } from '@nestjs/common';
import { AccessRepository } from '../access/access.repository';
import { Principal } from '../common/principal';
import { TransactionRunner } from '../database/transaction-runner';
import { TeamsRepository } from '../routing/teams.repository';
import { TEAM_WORKERS } from './actions/assign.action';
import { TeamsService } from './teams.service';

export interface Assignee {
  id: string;
  name: string;
  role: string;
  presence: 'online' | 'away' | 'offline';
  /** Open conversations assigned to them now. */
  load: number;
  capacity: number;
}

/**
 * Who a conversation can be handed to: the active agents and supervisors of
 * its team (every team's when it has none), with their live presence (Redis,
 * through TeamsService) and current load. Counter and admin
 * accounts do not work a team's queue and are not offered. Asked by those who may
 * change the conversation (the same 404 as the assign action otherwise).
 */
@Injectable()
export class AssigneesService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly access: AccessRepository,
    private readonly teams: TeamsRepository,
    private readonly people: TeamsService,
  ) {}

  async of(p: Principal, conversationId: string): Promise<{ teamId: string | null; items: Assignee[] }> {
    const { teamId, agents, users } = await this.tx.read(async (m) => {
      const c = await this.access.findVisible(m, p, conversationId, 'write');
      if (!c) throw new NotFoundException('Percakapan tidak ditemukan.');
      const members = (await this.teams.listMemberships(m)).filter((x) => !c.teamId || x.teamId === c.teamId);
      const ids = [...new Set(members.map((x) => x.userId))];
      const agents = ids.length ? await this.teams.routableAgents(m, ids, TEAM_WORKERS) : [];
      const users = await this.teams.usersByIds(
        m,
        agents.map((a) => a.id),
      );
      return { teamId: c.teamId, agents, users };
    });
    const presenceOf = await this.people.presenceOf();
    const rank = { online: 0, away: 1, offline: 2 } as const;
    const items = agents.map((a): Assignee => {
      const u = users.find((x) => x.id === a.id);
      return {
        id: a.id,
        name: u?.name ?? '',
        role: u?.role ?? 'agent',
        presence: presenceOf(a.id),
        load: a.load,
        capacity: a.capacity,
      };
    });
    // Who can take it now first, the least busy of them first.
    items.sort((a, b) => rank[a.presence] - rank[b.presence] || a.load - b.load || a.name.localeCompare(b.name, 'id'));
    return { teamId, items };
  }
}
